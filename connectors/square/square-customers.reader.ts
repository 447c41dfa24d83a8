import { RejectedError, type SourcePage, type SourceRecord } from '../../src/sdk';
import { errorStatus, type SquareClient } from './square.client';
import { encodeCheckpoint, updatedWindow } from './square.cursor';
import { VersionDedupe, type WindowOptions } from './square-orders.reader';
import { customerRecord } from './square.records';
import { CustomerResponseSchema, SearchCustomersResponseSchema } from './square.schemas';

/** SearchCustomers `limit` is 1–100 (anything else is a 400 VALUE_TOO_HIGH / VALUE_TOO_LOW). */
const MAX_CUSTOMERS_LIMIT = 100;

/**
 * Reads customers updated in the window (checkpoint − overlap, now-at-start] through
 * SearchCustomers' `updated_at` filter, with the same checkpoint rules as the orders read.
 * SearchCustomers cannot sort by updated_at, which does not matter: the window is bounded.
 */
export async function* readCustomers(
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
  const query = {
    query: { filter: { updated_at: { ...(startAt ? { start_at: startAt } : {}), end_at: endAt } } },
    limit: Math.min(config.pageSize ?? MAX_CUSTOMERS_LIMIT, MAX_CUSTOMERS_LIMIT),
  };
  const dedupe = new VersionDedupe();
  let pageCursor: string | undefined;
  let page = 0;
  do {
    const body = pageCursor ? { ...query, cursor: pageCursor } : query;
    const res = await client.post('/v2/customers/search', body, SearchCustomersResponseSchema);
    pageCursor = res.cursor || undefined;
    const records = (res.customers ?? [])
      .map((c, i) => customerRecord(c, `unidentified-${page}-${i}`))
      .filter((r) => dedupe.first(r));
    page += 1;
    const last = pageCursor === undefined;
    if (records.length > 0 || last) {
      yield { records, cursor: last ? encodeCheckpoint({ updatedAfter: endAt }) : resumeFrom };
    }
  } while (pageCursor !== undefined);
}

/** Fetches customers one by one (RetrieveCustomer); ids Square no longer knows are skipped. */
export async function fetchCustomers(client: SquareClient, ids: readonly string[]): Promise<SourceRecord[]> {
  const out: SourceRecord[] = [];
  for (const id of new Set(ids)) {
    try {
      const res = await client.get(`/v2/customers/${encodeURIComponent(id)}`, CustomerResponseSchema);
      out.push(customerRecord(res.customer, id));
    } catch (err) {
      if (err instanceof RejectedError && errorStatus(err) === 404) continue;
      throw err;
    }
  }
  return out;
}
