import { RejectedError } from '../../src/sdk';

/*
 * Keyset planning for incremental CRM searches. Paging one search with `after` (an offset) over a
 * result sorted by lastmodifieddate loses records: when a record already read changes, it moves to
 * the end and every later record shifts one place left, so the record at the page boundary is never
 * seen. HubSpot also refuses offsets past 10,000. So every page is a new search from the greatest
 * lastmodifieddate seen (GTE), skipping only the records with exactly that timestamp already read.
 */

/** HubSpot answers 400 when `after` + `limit` passes this many results of one search. */
export const SEARCH_RESULT_CAP = 10_000;

/** The next search: `lastmodifieddate GTE since`, skipping `skip` results (`after`). */
export interface KeysetPosition {
  readonly since: number;
  readonly skip: number;
}

/**
 * Where the next page starts, or undefined when the read is complete. `timestamps` are the page's
 * lastmodifieddate values (epoch ms; NaN for unreadable ones) in answer order; `hasMore` is whether
 * HubSpot offered a next page.
 * @throws RejectedError when more than the cap's worth of records share one timestamp (no search
 *   can page past them; HubSpot bulk imports can do this).
 */
export function nextPosition(
  current: KeysetPosition,
  timestamps: readonly number[],
  hasMore: boolean,
  pageSize: number,
  cap = SEARCH_RESULT_CAP,
): KeysetPosition | undefined {
  if (!hasMore) return undefined;
  const valid = timestamps.filter((t) => Number.isFinite(t));
  const max = valid.length > 0 ? Math.max(...valid) : current.since;
  const ties = valid.filter((t) => t === max).length;
  const skip = max === current.since ? current.skip + ties : ties;
  if (skip === current.skip && max === current.since) {
    throw new RejectedError(
      `HubSpot search made no progress past lastmodifieddate ${new Date(max).toISOString()}`,
      { since: max },
    );
  }
  if (skip + pageSize > cap) {
    throw new RejectedError(
      `more than ${cap - pageSize} records share lastmodifieddate ${new Date(max).toISOString()}; ` +
        'HubSpot search cannot page past them (lower pageSize or read them with the objects API)',
      { since: max, skip },
    );
  }
  return { since: max, skip };
}
