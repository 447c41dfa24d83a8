import { createHash } from 'node:crypto';
import { invalid } from './sim-errors';
import { stableJson } from './sim-idempotency.store';

/**
 * Keyset paging. A cursor names the position of the last record served (its sort key and id), not
 * an offset, so records that change between pages are neither skipped nor served twice among those
 * that still match, and a cursor only works with the query it was issued for.
 */
export interface CursorState {
  /** Hash of the query the cursor belongs to. */
  readonly q: string;
  /** Sort key of the last record served. */
  readonly k: string | number;
  /** Id of the last record served (tie-break). */
  readonly id: string;
  /** Extra fixed facts of the first request (e.g. the implicit end of a time range). */
  readonly x?: Record<string, number>;
}

export function queryHash(query: unknown): string {
  return createHash('sha256').update(stableJson(query)).digest('base64url').slice(0, 16);
}

export function encodeCursor(state: CursorState): string {
  return Buffer.from(JSON.stringify(state)).toString('base64url');
}

/** Decodes a cursor and checks it belongs to `hash`; 400 INVALID_CURSOR otherwise. */
export function decodeCursor(cursor: string, hash: string): CursorState {
  let state: CursorState;
  try {
    state = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as CursorState;
  } catch {
    throw invalid('INVALID_CURSOR', 'The pagination cursor is not valid.', 'cursor');
  }
  if (typeof state !== 'object' || state === null || typeof state.id !== 'string') {
    throw invalid('INVALID_CURSOR', 'The pagination cursor is not valid.', 'cursor');
  }
  if (state.q !== hash) {
    throw invalid(
      'INVALID_CURSOR',
      'The pagination cursor was issued for a different query; resend the original query with it.',
      'cursor',
    );
  }
  return state;
}

export type SortKey = string | number;

/** Sorts `items` by (key, id) in the given direction: O(n log n). */
export function sortByKey<T>(items: T[], key: (t: T) => SortKey, id: (t: T) => string, desc: boolean): T[] {
  const sign = desc ? -1 : 1;
  return items.sort((a, b) => sign * compare(key(a), id(a), key(b), id(b)));
}

function compare(ka: SortKey, ia: string, kb: SortKey, ib: string): number {
  if (ka < kb) return -1;
  if (ka > kb) return 1;
  return ia < ib ? -1 : ia > ib ? 1 : 0;
}

/**
 * Cuts one page from `sorted` (already ordered by `sortByKey`) starting strictly after `after`.
 * Returns the page and the position of its last record when more remain.
 */
export function pageAfter<T>(
  sorted: readonly T[],
  key: (t: T) => SortKey,
  id: (t: T) => string,
  desc: boolean,
  after: { k: SortKey; id: string } | undefined,
  limit: number,
): { page: T[]; last?: { k: SortKey; id: string } } {
  let start = 0;
  if (after) {
    const sign = desc ? -1 : 1;
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const item = sorted[mid]!;
      if (sign * compare(key(item), id(item), after.k, after.id) <= 0) lo = mid + 1;
      else hi = mid;
    }
    start = lo;
  }
  const page = sorted.slice(start, start + limit);
  const more = start + limit < sorted.length;
  const tail = page[page.length - 1];
  return { page, last: more && tail ? { k: key(tail), id: id(tail) } : undefined };
}
