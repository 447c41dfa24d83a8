import { sql, type Kysely } from 'kysely';
import { containsPattern, countAll, toCount } from './dialect';
import { toDeliveryRow } from './delivery-row';
import type { DeliveryListQuery, DeliveryRow, PendingDeliveryRef } from './deliveries.types';
import type { DeliveryStatus, LedgerSchema } from './schema';

// SQLite builds before 3.32 cap a statement at 999 bound variables: 500 ids leave room for the
// other filters, and a reconciliation of thousands of sales still takes only a few statements.
const RECORD_ID_CHUNK = 500;

/** Reads of delivery rows: one by id, pages for the admin API, and look-ups by record. */
export class DeliveryQueriesRepository {
  constructor(private readonly db: Kysely<LedgerSchema>) {}

  /** The delivery with this id, or undefined. */
  async get(id: string): Promise<DeliveryRow | undefined> {
    const row = await this.db.selectFrom('deliveries').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toDeliveryRow(row);
  }

  /**
   * Every delivery row of each given record (optionally of one route), keyed by record id; each
   * given id is a key, with an empty list when it has no delivery. Rows of a record come newest
   * first, as {@link list} orders them. Ids are read a chunk at a time, so any number may be given.
   */
  async listByRecordIds(
    recordIds: readonly string[],
    opts: { routeId?: string } = {},
  ): Promise<Map<string, DeliveryRow[]>> {
    const ids = [...new Set(recordIds)];
    const out = new Map<string, DeliveryRow[]>(ids.map((id) => [id, []]));
    for (let i = 0; i < ids.length; i += RECORD_ID_CHUNK) {
      let query = this.db
        .selectFrom('deliveries')
        .selectAll()
        .where('record_id', 'in', ids.slice(i, i + RECORD_ID_CHUNK));
      if (opts.routeId !== undefined) query = query.where('route_id', '=', opts.routeId);
      const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'asc').execute();
      for (const row of rows) out.get(row.record_id)!.push(toDeliveryRow(row));
    }
    return out;
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
}
