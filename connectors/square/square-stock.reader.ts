import type { SourcePage } from '../../src/sdk';
import type { SquareClient } from './square.client';
import type { SquareConfig } from './square.config';
import { encodeCheckpoint, laterOf, minusMinutes, parseCheckpoint } from './square.cursor';
import { countRecord } from './square.records';
import { BatchRetrieveInventoryCountsResponseSchema, SquareInventoryCountSchema } from './square.schemas';

/** BatchRetrieveInventoryCounts `limit` is 1–1000. */
const MAX_COUNTS_LIMIT = 1000;

/**
 * Reads IN_STOCK counts of the configured locations whose `calculated_at` is after the checkpoint
 * (minus the overlap: `updated_after` is exclusive and several counts can share an instant). The
 * next checkpoint is the newest `calculated_at` seen, or the previous one when nothing changed.
 */
export async function* readStock(
  client: SquareClient,
  cursor: string | null,
  config: Pick<SquareConfig, 'locationIds' | 'overlapMinutes' | 'pageSize'>,
): AsyncIterable<SourcePage> {
  const start = parseCheckpoint(cursor).updatedAfter ?? null;
  const resumeFrom = encodeCheckpoint({ updatedAfter: start });
  const query = {
    location_ids: [...config.locationIds],
    states: ['IN_STOCK'],
    ...(start !== null ? { updated_after: minusMinutes(start, config.overlapMinutes) } : {}),
    ...(config.pageSize ? { limit: Math.min(config.pageSize, MAX_COUNTS_LIMIT) } : {}),
  };
  let newest: string | undefined = start ?? undefined;
  let pageCursor: string | undefined;
  let page = 0;
  do {
    const body = pageCursor ? { ...query, cursor: pageCursor } : query;
    const res = await client.post(
      '/v2/inventory/counts/batch-retrieve',
      body,
      BatchRetrieveInventoryCountsResponseSchema,
    );
    pageCursor = res.cursor || undefined;
    const counts = res.counts ?? [];
    for (const c of counts) {
      const parsed = SquareInventoryCountSchema.safeParse(c);
      if (parsed.success) newest = laterOf(newest, parsed.data.calculated_at);
    }
    const records = counts.map((c, i) => countRecord(c, `unidentified-${page}-${i}`));
    page += 1;
    const last = pageCursor === undefined;
    if (records.length > 0 || last) {
      yield { records, cursor: last ? encodeCheckpoint({ updatedAfter: newest ?? null }) : resumeFrom };
    }
  } while (pageCursor !== undefined);
}
