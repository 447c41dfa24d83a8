import { sql, type Kysely } from 'kysely';
import { isoNow } from './dialect';
import { updateDelivery } from './delivery-row';
import type { NewDelivery } from './deliveries.types';
import { deliveryId } from './ids';
import type { LedgerSchema } from './schema';

// 200 rows x 9 columns stays far below SQLite's and PostgreSQL's bound-parameter limits.
const INSERT_CHUNK = 200;

/**
 * The pipeline's writes to the outbox: creating delivery rows and moving them through their states
 * as workers deliver, retry, give up on or supersede them.
 */
export class DeliveryStatesRepository {
  constructor(private readonly db: Kysely<LedgerSchema>) {}

  /**
   * Inserts deliveries with deterministic ids, skipping ones that already exist, in multi-row
   * statements. Returns the ids of ALL given rows in input order, so the caller can (re-)enqueue them.
   */
  async createMany(rows: readonly NewDelivery[], now?: Date): Promise<string[]> {
    const at = isoNow(now);
    const ids = rows.map((r) => deliveryId(r.recordId, r.recordVersion, r.routeId));
    const unique = new Map<string, NewDelivery>();
    rows.forEach((r, i) => unique.set(ids[i]!, r));
    const values = [...unique].map(([id, r]) => ({
      id,
      record_id: r.recordId,
      record_version: r.recordVersion,
      route_id: r.routeId,
      destination_connection_id: r.destinationConnectionId,
      entity: r.entity,
      status: 'pending' as const,
      created_at: at,
      updated_at: at,
      occurred_at: r.occurredAt ?? null,
    }));
    for (let i = 0; i < values.length; i += INSERT_CHUNK) {
      await this.db
        .insertInto('deliveries')
        .values(values.slice(i, i + INSERT_CHUNK))
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
    return ids;
  }

  /** Marks a delivery done with the id the target gave it (from any status: the write did happen). */
  async markDone(id: string, opts: { targetId: string | null; now?: Date }): Promise<boolean> {
    const at = isoNow(opts.now);
    return updateDelivery(this.db, id, undefined, {
      status: 'done',
      target_id: opts.targetId,
      delivered_at: at,
      updated_at: at,
      last_error: null,
      error_code: null,
    });
  }

  /** Gives up on a pending delivery after a final failure (counts as one more attempt). */
  async markDead(id: string, opts: { error: string; code: string | null; now?: Date }): Promise<boolean> {
    return updateDelivery(this.db, id, 'pending', {
      status: 'dead',
      attempts: sql<number>`attempts + 1`,
      last_error: opts.error,
      error_code: opts.code,
      updated_at: isoNow(opts.now),
    });
  }

  /** Skips a pending delivery on purpose; `reason` goes to lastError. */
  async markSkipped(id: string, reason: string, code = 'SKIPPED', now?: Date): Promise<boolean> {
    return updateDelivery(this.db, id, 'pending', {
      status: 'skipped',
      last_error: reason,
      error_code: code,
      updated_at: isoNow(now),
    });
  }

  /**
   * Records a failed attempt that will be retried: attempts+1, error kept, status stays pending.
   * Returns the attempts count after the failure, or undefined when no pending delivery has that id.
   */
  async recordFailure(
    id: string,
    opts: { error: string; code: string | null; now?: Date },
  ): Promise<number | undefined> {
    const row = await this.db
      .updateTable('deliveries')
      .set({
        attempts: sql<number>`attempts + 1`,
        last_error: opts.error,
        error_code: opts.code,
        updated_at: isoNow(opts.now),
      })
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .returning('attempts')
      .executeTakeFirst();
    return row?.attempts;
  }

  /**
   * Skips pending deliveries of older versions of a record to one destination on one route: only
   * the newest state is worth sending. Returns how many were skipped.
   */
  async supersedeOlder(
    recordId: string,
    destinationConnectionId: string,
    routeId: string,
    version: number,
    now?: Date,
  ): Promise<number> {
    const result = await this.db
      .updateTable('deliveries')
      .set({
        status: 'skipped',
        last_error: `superseded by version ${version}`,
        error_code: 'SUPERSEDED',
        updated_at: isoNow(now),
      })
      .where('record_id', '=', recordId)
      .where('destination_connection_id', '=', destinationConnectionId)
      .where('route_id', '=', routeId)
      .where('status', '=', 'pending')
      .where('record_version', '<', version)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }
}
