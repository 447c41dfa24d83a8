import type { Kysely, Selectable } from 'kysely';
import { countAll, isoNow, toCount } from './dialect';
import { randomBytes } from 'node:crypto';
import { sha256Hex } from './ids';
import type { LedgerSchema, QuarantineTable } from './schema';

/** A source payload that could not be mapped or validated, kept for an operator. */
export interface QuarantineRow {
  id: string;
  connectionId: string;
  stream: string;
  externalId: string | null;
  reason: string;
  payload: unknown;
  payloadHash: string;
  createdAt: string;
  resolvedAt: string | null;
}

/** Input of {@link QuarantineRepository.add}. */
export interface QuarantineInput {
  connectionId: string;
  stream: string;
  externalId?: string;
  reason: string;
  payload: unknown;
}

/** Filters of {@link QuarantineRepository.list}. */
export interface QuarantineListQuery {
  connectionId?: string;
  limit?: number;
  offset?: number;
  /** Include entries already resolved (default: open ones only). */
  includeResolved?: boolean;
}

/** Payloads that failed mapping/validation; one row per distinct payload per stream. */
export class QuarantineRepository {
  constructor(private readonly db: Kysely<LedgerSchema>) {}

  /**
   * Quarantines a payload and returns its id. The same payload again (same connection, stream and
   * JSON text) reuses the row: its reason is refreshed and, if it had been resolved, it is reopened,
   * because it failed again after the fix.
   */
  async add(input: QuarantineInput, now?: Date): Promise<string> {
    const payload = JSON.stringify(input.payload ?? null);
    const payloadHash = sha256Hex(payload);
    // A random id keeps the natural key the only unique index a racing insert can hit, so the
    // ON CONFLICT arbiter always catches it; RETURNING gives the existing row's id on a duplicate.
    const row = await this.db
      .insertInto('quarantine')
      .values({
        id: `q${randomBytes(12).toString('hex')}`,
        connection_id: input.connectionId,
        stream: input.stream,
        external_id: input.externalId ?? null,
        reason: input.reason,
        payload,
        payload_hash: payloadHash,
        created_at: isoNow(now),
        resolved_at: null,
      })
      .onConflict((oc) =>
        oc
          .columns(['connection_id', 'stream', 'payload_hash'])
          .doUpdateSet({ reason: input.reason, resolved_at: null }),
      )
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  /** The entry with this id, or undefined. */
  async get(id: string): Promise<QuarantineRow | undefined> {
    const row = await this.db.selectFrom('quarantine').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toQuarantineRow(row);
  }

  /** A page of entries, newest first, with the total matching count. */
  async list(q: QuarantineListQuery = {}): Promise<{ items: QuarantineRow[]; total: number }> {
    let query = this.db.selectFrom('quarantine');
    if (q.connectionId) query = query.where('connection_id', '=', q.connectionId);
    if (!q.includeResolved) query = query.where('resolved_at', 'is', null);
    const [rows, total] = await Promise.all([
      query
        .selectAll()
        .orderBy('created_at', 'desc')
        .orderBy('id')
        .limit(q.limit ?? 100)
        .offset(q.offset ?? 0)
        .execute(),
      query.select(countAll().as('n')).executeTakeFirst(),
    ]);
    return { items: rows.map(toQuarantineRow), total: toCount(total?.n) };
  }

  /** Number of open (unresolved) entries. */
  async count(): Promise<number> {
    const row = await this.db
      .selectFrom('quarantine')
      .select(countAll().as('n'))
      .where('resolved_at', 'is', null)
      .executeTakeFirst();
    return toCount(row?.n);
  }

  /** Marks an open entry resolved; false when it does not exist or was already resolved. */
  async resolve(id: string, now?: Date): Promise<boolean> {
    const result = await this.db
      .updateTable('quarantine')
      .set({ resolved_at: isoNow(now) })
      .where('id', '=', id)
      .where('resolved_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }
}

function toQuarantineRow(row: Selectable<QuarantineTable>): QuarantineRow {
  return {
    id: row.id,
    connectionId: row.connection_id,
    stream: row.stream,
    externalId: row.external_id,
    reason: row.reason,
    payload: JSON.parse(row.payload) as unknown,
    payloadHash: row.payload_hash,
    createdAt: row.created_at,
    resolvedAt: row.resolved_at,
  };
}
