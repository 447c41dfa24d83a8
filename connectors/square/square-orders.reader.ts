import type { SourcePage, SourceRecord } from '../../src/sdk';
import type { SquareClient } from './square.client';
import type { SquareConfig } from './square.config';
import { chunk, encodeCheckpoint, updatedWindow } from './square.cursor';
import { annotateRefundTenders, MAX_ORDERS_PER_BATCH } from './square-refund-tenders';
import { orderRecord } from './square.records';
import { BatchRetrieveOrdersResponseSchema, SearchOrdersResponseSchema } from './square.schemas';

/** SearchOrders takes at most 10 location ids per request (spec SearchOrdersRequest.location_ids). */
export const MAX_LOCATIONS_PER_SEARCH = 10;
/** BatchRetrieveOrders takes at most 100 ids per request (shared with the refund tender lookup). */
export { MAX_ORDERS_PER_BATCH };
/** SearchOrders `limit` maximum (default 500). */
const MAX_ORDERS_LIMIT = 1000;

/** Everything a windowed read needs besides the HTTP client. */
export interface WindowOptions {
  readonly config: Pick<SquareConfig, 'locationIds' | 'overlapMinutes' | 'pageSize'>;
  /** The clock; injectable for tests. */
  readonly now?: () => Date;
}

/** Remembers which id+version pairs a read already yielded (pages shift when orders change). */
export class VersionDedupe {
  private readonly seen = new Set<string>();

  /** True the first time this record's id+version is offered. */
  first(record: SourceRecord): boolean {
    const key = `${record.externalId}\u0000${record.version ?? ''}`;
    if (this.seen.has(key)) return false;
    this.seen.add(key);
    return true;
  }
}

/**
 * Reads COMPLETED orders updated in the window (checkpoint − overlap, now-at-start], sorted by
 * UPDATED_AT ascending (the sort field must match the date filter), one search per group of ≤10
 * locations, paging by resending the original query with Square's cursor.
 *
 * Checkpointing: every page but the last carries the checkpoint the read started from, so a crash
 * mid-window re-reads the window (duplicates, never gaps); the last page carries the window end.
 * The overlap catches orders whose update reached Square late or whose clock differs from ours.
 * Refunds of the page's return orders get their tender type from the sales (annotateRefundTenders):
 * one extra BatchRetrieveOrders per page that has returns, none for a page without.
 */
export async function* readOrders(
  client: SquareClient,
  cursor: string | null,
  options: WindowOptions,
): AsyncIterable<SourcePage> {
  const { config } = options;
  const { startAt, endAt, resumeFrom } = updatedWindow(
    cursor,
    config.overlapMinutes,
    (options.now ?? (() => new Date()))(),
  );
  const dedupe = new VersionDedupe();
  const groups = chunk(config.locationIds, MAX_LOCATIONS_PER_SEARCH);
  for (const [g, locationIds] of groups.entries()) {
    const query = {
      location_ids: locationIds,
      query: {
        filter: {
          state_filter: { states: ['COMPLETED'] },
          date_time_filter: { updated_at: { ...(startAt ? { start_at: startAt } : {}), end_at: endAt } },
        },
        sort: { sort_field: 'UPDATED_AT', sort_order: 'ASC' },
      },
      ...(config.pageSize ? { limit: Math.min(config.pageSize, MAX_ORDERS_LIMIT) } : {}),
    };
    let pageCursor: string | undefined;
    let page = 0;
    do {
      const body = pageCursor ? { ...query, cursor: pageCursor } : query;
      const res = await client.post('/v2/orders/search', body, SearchOrdersResponseSchema);
      pageCursor = res.cursor || undefined;
      const records = await annotateRefundTenders(
        client,
        (res.orders ?? [])
          .map((o, i) => orderRecord(o, `unidentified-${g}-${page}-${i}`))
          .filter((r) => dedupe.first(r)),
      );
      page += 1;
      const last = pageCursor === undefined && g === groups.length - 1;
      if (records.length > 0 || last) {
        yield { records, cursor: last ? encodeCheckpoint({ updatedAfter: endAt }) : resumeFrom };
      }
    } while (pageCursor !== undefined);
  }
}

/**
 * Fetches orders by id (webhooks announce only a summary), ≤100 per BatchRetrieveOrders call. Only
 * COMPLETED orders are returned, like the read: an open ticket is not a sale yet. Refunds of the
 * returns among them get their tender type like the read's (one more lookup for all of them).
 */
export async function fetchOrders(client: SquareClient, ids: readonly string[]): Promise<SourceRecord[]> {
  const out: SourceRecord[] = [];
  for (const [c, part] of chunk([...new Set(ids)], MAX_ORDERS_PER_BATCH).entries()) {
    const res = await client.post(
      '/v2/orders/batch-retrieve',
      { order_ids: part },
      BatchRetrieveOrdersResponseSchema,
    );
    for (const [i, order] of (res.orders ?? []).entries()) {
      const state = (order as { state?: unknown } | null)?.state;
      if (state !== 'COMPLETED') continue;
      out.push(orderRecord(order, `unidentified-fetch-${c}-${i}`));
    }
  }
  return annotateRefundTenders(client, out);
}
