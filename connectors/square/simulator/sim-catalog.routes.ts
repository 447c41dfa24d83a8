import { iso } from './sim-clock';
import type { SimContext } from './sim-context';
import type { SimRouter } from './sim-http.server';
import { decodeCursor, encodeCursor, pageAfter, queryHash, sortByKey } from './sim-paging';
import { optBoolean, optString, optStringArray, optTime } from './sim-request';
import type { SquareCatalogObject } from './sim-catalog.store';

// Types SearchCatalogObjects returns when `object_types` is omitted; nested ITEM_VARIATIONs are not
// among them (SearchCatalogObjectsRequest.object_types in the spec).
const DEFAULT_TYPES = ['ITEM', 'CATEGORY', 'TAX', 'DISCOUNT', 'MODIFIER_LIST', 'PRICING_RULE', 'PRODUCT_SET'];

/** SearchCatalogObjects with object_types, begin_time (exclusive), include_deleted_objects, limit, cursor. */
export function registerCatalogRoutes(router: SimRouter, ctx: SimContext): void {
  router.add('POST', '/v2/catalog/search', (req) => {
    const body = req.body;
    const types = new Set(optStringArray(body, 'object_types') ?? DEFAULT_TYPES);
    const includeDeleted = optBoolean(body, 'include_deleted_objects') ?? false;
    const begin = optTime(body, 'begin_time');
    // The limit is advisory: zero, negative or above 1,000 is ignored (spec, SearchCatalogObjectsRequest.limit).
    const rawLimit = typeof body.limit === 'number' && Number.isInteger(body.limit) ? body.limit : 0;
    const limit = rawLimit > 0 && rawLimit <= 1000 ? rawLimit : 100;
    // `query` (exact/prefix/range…) is not simulated; the hub only syncs by begin_time.
    const hash = queryHash({
      t: [...types].sort(),
      d: includeDeleted,
      b: body.begin_time ?? null,
      q: body.query ?? null,
    });
    const cursor = optString(body, 'cursor');
    const state = cursor !== undefined ? decodeCursor(cursor, hash) : undefined;
    const keyOf = (o: SquareCatalogObject): number => Date.parse(o.updated_at);
    const matching = sortByKey(
      ctx.catalog
        .all()
        .filter((o) => types.has(o.type))
        .filter((o) => includeDeleted || !o.is_deleted)
        .filter((o) => begin === undefined || keyOf(o) > begin),
      keyOf,
      (o) => o.id,
      false,
    );
    const after = state ? { k: state.k, id: state.id } : undefined;
    const { page, last } = pageAfter(matching, keyOf, (o) => o.id, false, after, limit);
    const response: Record<string, unknown> = {};
    if (page.length > 0) response.objects = page;
    if (last) response.cursor = encodeCursor({ q: hash, k: last.k, id: last.id });
    response.latest_time = iso(ctx.catalog.latestTime());
    return { status: 200, body: response };
  });
}
