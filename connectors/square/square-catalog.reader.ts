import type { SourcePage } from '../../src/sdk';
import type { SquareClient } from './square.client';
import type { SquareConfig } from './square.config';
import { encodeCheckpoint, laterOf, parseCheckpoint } from './square.cursor';
import { variationRecord } from './square.records';
import {
  SearchCatalogObjectsResponseSchema,
  SquareCatalogObjectSchema,
  type SquareCatalogObject,
} from './square.schemas';

/** SearchCatalogObjects `limit` is advisory and at most 1000. */
const MAX_CATALOG_LIMIT = 1000;

/**
 * Reads ITEM_VARIATIONs modified after the checkpoint's `beginTime` (exclusive in Square), deleted
 * ones included, with their parent ITEMs as related objects. The next checkpoint is the
 * `latest_time` Square reports (its own clock, so no overlap is needed), falling back to the
 * newest `updated_at` seen.
 */
export async function* readCatalog(
  client: SquareClient,
  cursor: string | null,
  config: Pick<SquareConfig, 'pageSize'>,
): AsyncIterable<SourcePage> {
  const begin = parseCheckpoint(cursor).beginTime ?? null;
  const resumeFrom = encodeCheckpoint({ beginTime: begin });
  const query = {
    object_types: ['ITEM_VARIATION'],
    include_deleted_objects: true,
    include_related_objects: true,
    ...(begin !== null ? { begin_time: begin } : {}),
    ...(config.pageSize ? { limit: Math.min(config.pageSize, MAX_CATALOG_LIMIT) } : {}),
  };
  let next: string | undefined = begin ?? undefined;
  let latestTime: string | undefined;
  let pageCursor: string | undefined;
  let page = 0;
  do {
    const body = pageCursor ? { ...query, cursor: pageCursor } : query;
    const res = await client.post('/v2/catalog/search', body, SearchCatalogObjectsResponseSchema);
    pageCursor = res.cursor || undefined;
    // The first page's latest_time is the catalog's state when the read began.
    latestTime ??= res.latest_time;
    const items = new Map<string, SquareCatalogObject>();
    for (const related of res.related_objects ?? []) {
      const parsed = SquareCatalogObjectSchema.safeParse(related);
      if (parsed.success && parsed.data.type === 'ITEM') items.set(parsed.data.id, parsed.data);
    }
    const records = (res.objects ?? []).map((o, i) => variationRecord(o, `unidentified-${page}-${i}`, items));
    for (const o of res.objects ?? []) {
      const parsed = SquareCatalogObjectSchema.safeParse(o);
      if (parsed.success) next = laterOf(next, parsed.data.updated_at);
    }
    page += 1;
    const last = pageCursor === undefined;
    if (records.length > 0 || last) {
      const end = latestTime ?? next;
      yield { records, cursor: last ? encodeCheckpoint({ beginTime: end ?? null }) : resumeFrom };
    }
  } while (pageCursor !== undefined);
}
