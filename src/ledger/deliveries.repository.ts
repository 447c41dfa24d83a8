import { sql, type Kysely, type Selectable, type UpdateObject } from 'kysely';
import { containsPattern, countAll, isoNow, toCount } from './dialect';
import { errorReason } from './error-reason';
import { deliveryId } from './ids';
import type {
  DeliveryDestinationCount,
  DeliveryErrorGroup,
  DeliveryErrorSummary,
  DeliveryListQuery,
  DeliveryRow,
  DeliveryStatusCounts,
  NewDelivery,
  PendingDeliveryRef,
} from './deliveries.types';
import { DELIVERY_STATUSES, type DeliveriesTable, type DeliveryStatus, type LedgerSchema } from './schema';

// 200 rows x 9 columns stays far below SQLite's and PostgreSQL's bound-parameter limits.
const INSERT_CHUNK = 200;
/** Distinct error messages read to build the error groups (each folds into one reason). */
const ERROR_GROUPS_SCANNED = 20_000;
/** Most recent failed rows read to pick each group's sample ids. */
const ERROR_SAMPLES_SCANNED = 2_000;

/** The outbox: one row per (record version, route), the authority on what was delivered. */
export class DeliveriesRepository {
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

  /** The delivery with this id, or undefined. */
  async get(id: string): Promise<DeliveryRow | undefined> {
    const row = await this.db.selectFrom('deliveries').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toDeliveryRow(row);
  }

  /** Marks a delivery done with the id the target gave it (from any status: the write did happen). */
  async markDone(id: string, opts: { targetId: string | null; now?: Date }): Promise<boolean> {
    const at = isoNow(opts.now);
    return this.update(id, undefined, {
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
    return this.update(id, 'pending', {
      status: 'dead',
      attempts: sql<number>`attempts + 1`,
      last_error: opts.error,
      error_code: opts.code,
      updated_at: isoNow(opts.now),
    });
  }

  /** Skips a pending delivery on purpose; `reason` goes to lastError. */
  async markSkipped(id: string, reason: string, code = 'SKIPPED', now?: Date): Promise<boolean> {
    return this.update(id, 'pending', {
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

  /** Puts a dead or skipped delivery back to pending with zero attempts; false if it was neither. */
  async resetForRetry(id: string, now?: Date): Promise<boolean> {
    const result = await this.db
      .updateTable('deliveries')
      .set({ status: 'pending', attempts: 0, last_error: null, error_code: null, updated_at: isoNow(now) })
      .where('id', '=', id)
      .where('status', 'in', ['dead', 'skipped'])
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
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

  /** Highest record version with a pending delivery on this route, or undefined. */
  async latestPendingVersion(recordId: string, routeId: string): Promise<number | undefined> {
    const row = await this.db
      .selectFrom('deliveries')
      .select((eb) => eb.fn.max('record_version').as('v'))
      .where('record_id', '=', recordId)
      .where('route_id', '=', routeId)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return row?.v === null || row?.v === undefined ? undefined : Number(row.v);
  }

  /**
   * Pending deliveries (id + destination, which names the queue) ordered by id, after `afterId`
   * (keyset paging), optionally only those not touched since `updatedBefore`. The outbox relay
   * uses this to re-enqueue jobs Redis may have lost.
   */
  async listPendingIds(opts: {
    limit: number;
    afterId?: string;
    updatedBefore?: Date;
  }): Promise<PendingDeliveryRef[]> {
    let query = this.db
      .selectFrom('deliveries')
      .select(['id', 'destination_connection_id'])
      .where('status', '=', 'pending');
    if (opts.afterId !== undefined) query = query.where('id', '>', opts.afterId);
    if (opts.updatedBefore) query = query.where('updated_at', '<', opts.updatedBefore.toISOString());
    const rows = await query.orderBy('id', 'asc').limit(opts.limit).execute();
    return rows.map((r) => ({ id: r.id, destinationConnectionId: r.destination_connection_id }));
  }

  /** Filtered page of deliveries, newest first, with the total matching count. */
  async list(q: DeliveryListQuery = {}): Promise<{ items: DeliveryRow[]; total: number }> {
    const query = this.filtered(q);
    const [items, total] = await Promise.all([
      query
        .selectAll()
        .orderBy('created_at', 'desc')
        .orderBy('id', 'asc')
        .limit(q.limit ?? 100)
        .offset(q.offset ?? 0)
        .execute(),
      query.select(countAll().as('n')).executeTakeFirst(),
    ]);
    return { items: items.map(toDeliveryRow), total: toCount(total?.n) };
  }

  /**
   * Id, destination, status and error of every delivery matching `q` (its limit/offset ignored), oldest
   * first, at most `max`: what a bulk operator action (retry all matching) works through.
   */
  async listRefs(
    q: DeliveryListQuery,
    max: number,
  ): Promise<(PendingDeliveryRef & { status: DeliveryStatus; lastError: string | null })[]> {
    const rows = await this.filtered(q)
      .select(['id', 'destination_connection_id', 'status', 'last_error'])
      .orderBy('created_at', 'asc')
      .orderBy('id', 'asc')
      .limit(max)
      .execute();
    return rows.map((r) => ({
      id: r.id,
      destinationConnectionId: r.destination_connection_id,
      status: r.status,
      lastError: r.last_error,
    }));
  }

  /** Stores operator overrides of the mapped payload (edit and retry); null clears them. */
  async setOverrides(id: string, overrides: Record<string, unknown> | null, now?: Date): Promise<boolean> {
    return this.update(id, undefined, {
      overrides: overrides === null ? null : JSON.stringify(overrides),
      updated_at: isoNow(now),
    });
  }

  /**
   * An operator gives up on a pending or dead delivery: `skipped` with the reason. A queued job
   * for it finds the row no longer pending and does nothing. False when it was neither.
   */
  async skipByOperator(id: string, reason: string, now?: Date): Promise<boolean> {
    const result = await this.db
      .updateTable('deliveries')
      .set({
        status: 'skipped',
        last_error: reason,
        error_code: 'SKIPPED_BY_OPERATOR',
        updated_at: isoNow(now),
      })
      .where('id', '=', id)
      .where('status', 'in', ['pending', 'dead'])
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /**
   * Deliveries in `status` (default dead) grouped by destination, error code and reason (the
   * message without per-record ids, see {@link errorReason}), largest group first, each with its
   * time span and up to `samples` recent ids: 500 failures of one cause are one line.
   */
  async errorSummaries(
    opts: {
      status?: DeliveryStatus;
      destinationConnectionId?: string;
      limit?: number;
      samples?: number;
    } = {},
  ): Promise<DeliveryErrorSummary[]> {
    const status = opts.status ?? 'dead';
    let query = this.db.selectFrom('deliveries').where('status', '=', status);
    if (opts.destinationConnectionId) {
      query = query.where('destination_connection_id', '=', opts.destinationConnectionId);
    }
    // Exact counts per distinct message in SQL, folded into reasons here (SQL cannot strip ids).
    const exact = await query
      .select((eb) => [
        'destination_connection_id',
        'error_code',
        'last_error',
        countAll().as('n'),
        eb.fn.min('updated_at').as('oldest'),
        eb.fn.max('updated_at').as('newest'),
      ])
      .groupBy(['destination_connection_id', 'error_code', 'last_error'])
      .limit(ERROR_GROUPS_SCANNED)
      .execute();
    const groups = new Map<string, DeliveryErrorSummary>();
    const keyOf = (dest: string, code: string | null, message: string | null) =>
      JSON.stringify([dest, code, errorReason(message)]);
    for (const g of exact) {
      const key = keyOf(g.destination_connection_id, g.error_code, g.last_error);
      const group = groups.get(key) ?? {
        destinationConnectionId: g.destination_connection_id,
        errorCode: g.error_code,
        lastError: g.last_error,
        reason: errorReason(g.last_error),
        count: 0,
        oldestAt: String(g.oldest),
        newestAt: String(g.newest),
        sampleIds: [],
      };
      group.count += toCount(g.n);
      if (String(g.oldest) < group.oldestAt) group.oldestAt = String(g.oldest);
      if (String(g.newest) > group.newestAt) group.newestAt = String(g.newest);
      groups.set(key, group);
    }
    const recent = await query
      .select(['id', 'destination_connection_id', 'error_code', 'last_error'])
      .orderBy('updated_at', 'desc')
      .orderBy('id')
      .limit(ERROR_SAMPLES_SCANNED)
      .execute();
    for (const r of recent) {
      const group = groups.get(keyOf(r.destination_connection_id, r.error_code, r.last_error));
      if (group && group.sampleIds.length < (opts.samples ?? 5)) {
        if (group.sampleIds.length === 0) group.lastError = r.last_error; // the newest wording
        group.sampleIds.push(r.id);
      }
    }
    return [...groups.values()]
      .sort((a, b) => b.count - a.count || a.destinationConnectionId.localeCompare(b.destinationConnectionId))
      .slice(0, opts.limit ?? 50);
  }

  /** The deliveries table narrowed by a {@link DeliveryListQuery} (one place for every filter). */
  private filtered(q: DeliveryListQuery) {
    let query = this.db.selectFrom('deliveries');
    if (q.status) query = query.where('status', '=', q.status);
    if (q.destinationConnectionId)
      query = query.where('destination_connection_id', '=', q.destinationConnectionId);
    if (q.routeId) query = query.where('route_id', '=', q.routeId);
    if (q.recordId) query = query.where('record_id', '=', q.recordId);
    if (q.since) query = query.where('created_at', '>=', q.since.toISOString());
    if (q.until) query = query.where('created_at', '<', q.until.toISOString());
    if (q.errorCode) query = query.where('error_code', '=', q.errorCode);
    if (q.errorContains) {
      const pattern = containsPattern(q.errorContains);
      query = query.where(sql<boolean>`lower(last_error) like ${pattern} escape '\\'`);
    }
    return query;
  }

  /** Number of deliveries per status (zero for statuses with none). */
  async countByStatus(): Promise<DeliveryStatusCounts> {
    const rows = await this.db
      .selectFrom('deliveries')
      .select(['status', countAll().as('n')])
      .groupBy('status')
      .execute();
    const counts = emptyCounts();
    for (const r of rows) counts[r.status] = toCount(r.n);
    return counts;
  }

  /** Number of deliveries per destination connection and status (only non-empty groups). */
  async countByDestinationAndStatus(): Promise<DeliveryDestinationCount[]> {
    const rows = await this.db
      .selectFrom('deliveries')
      .select(['destination_connection_id', 'status', countAll().as('n')])
      .groupBy(['destination_connection_id', 'status'])
      .orderBy('destination_connection_id')
      .orderBy('status')
      .execute();
    return rows.map((r) => ({
      destinationConnectionId: r.destination_connection_id,
      status: r.status,
      count: toCount(r.n),
    }));
  }

  /** Deliveries in `status` (default dead) grouped by error code and message, largest group first. */
  async errorsGroupedByReason(
    opts: { status?: DeliveryStatus; destinationConnectionId?: string; limit?: number } = {},
  ): Promise<DeliveryErrorGroup[]> {
    let query = this.db
      .selectFrom('deliveries')
      .select(['error_code', 'last_error', countAll().as('n')])
      .where('status', '=', opts.status ?? 'dead');
    if (opts.destinationConnectionId) {
      query = query.where('destination_connection_id', '=', opts.destinationConnectionId);
    }
    const rows = await query
      .groupBy(['error_code', 'last_error'])
      .orderBy(sql`count(*)`, 'desc')
      .orderBy('error_code')
      .orderBy('last_error')
      .limit(opts.limit ?? 50)
      .execute();
    return rows.map((r) => ({ errorCode: r.error_code, lastError: r.last_error, count: toCount(r.n) }));
  }

  private async update(
    id: string,
    fromStatus: DeliveryStatus | undefined,
    values: UpdateObject<LedgerSchema, 'deliveries'>,
  ): Promise<boolean> {
    let query = this.db.updateTable('deliveries').set(values).where('id', '=', id);
    if (fromStatus) query = query.where('status', '=', fromStatus);
    const result = await query.executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }
}

function emptyCounts(): DeliveryStatusCounts {
  return Object.fromEntries(DELIVERY_STATUSES.map((s) => [s, 0])) as DeliveryStatusCounts;
}

function toDeliveryRow(row: Selectable<DeliveriesTable>): DeliveryRow {
  return {
    id: row.id,
    recordId: row.record_id,
    recordVersion: row.record_version,
    routeId: row.route_id,
    destinationConnectionId: row.destination_connection_id,
    entity: row.entity,
    status: row.status,
    attempts: row.attempts,
    lastError: row.last_error,
    errorCode: row.error_code,
    targetId: row.target_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    deliveredAt: row.delivered_at,
    occurredAt: row.occurred_at,
    overrides: row.overrides ? (JSON.parse(row.overrides) as Record<string, unknown>) : null,
  };
}
