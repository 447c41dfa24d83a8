import { bodyList, objectBody, toApi, type SimContext } from './sim-context';
import { validationError, type SimReply } from './sim-errors';
import type { StoredObject } from './sim-objects.store';
import { resolveType } from './sim-object-types';
import type { SimRouter } from './sim-router';
import { compareValues, parseFilterGroups, parseSorts, passes, type Sort } from './sim-search.filters';

// A search query reaches at most 10,000 results; paging past that answers 400.
const SEARCH_CAP = 10_000;
const MAX_LIMIT = 200;

/** `POST /crm/v3/objects/{type}/search`: filters, sorts, free-text query, offset paging. */
export function registerSearchRoutes(router: SimRouter, ctx: SimContext): void {
  router.add(
    'POST',
    '/crm/v3/objects/{objectType}/search',
    (req) => search(ctx, req.params.objectType!, req.body),
    {
      search: true,
    },
  );
}

function search(ctx: SimContext, typeName: string, rawBody: unknown): SimReply {
  const type = resolveType(typeName);
  const body = objectBody(rawBody);
  const groups = parseFilterGroups(ctx.props, type.id, body.filterGroups);
  const sorts = parseSorts(ctx.props, type.id, body.sorts);
  const limit = body.limit ?? 10;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 0 || limit > MAX_LIMIT)
    throw validationError(`limit must be an integer from 0 to ${MAX_LIMIT}.`);
  const afterRaw = body.after ?? '0';
  const after =
    typeof afterRaw === 'number' ? afterRaw : /^\d+$/.test(String(afterRaw)) ? Number(afterRaw) : NaN;
  if (!Number.isInteger(after) || after < 0)
    throw validationError(`after "${String(afterRaw)}" is not a valid offset.`);
  if (after + limit > SEARCH_CAP)
    throw validationError(
      `Search results are capped at ${SEARCH_CAP}; after ${after} with limit ${limit} goes past the cap. Narrow the filters instead.`,
    );
  ctx.searchHook?.(limit === 0 ? 0 : Math.floor(after / limit));
  const query = typeof body.query === 'string' ? body.query.trim().toLowerCase() : '';
  const matches = ctx.objects
    .all(type.id)
    .filter((o) => groups.length === 0 || groups.some((g) => g.every((f) => passes(f, o.props))))
    .filter((o) => query === '' || type.queryable.some((p) => o.props[p]?.toLowerCase().includes(query)))
    .sort(bySorts(sorts));
  const requested = bodyList(body.properties);
  const out: Record<string, unknown> = {
    total: matches.length,
    results: matches.slice(after, after + limit).map((o) => toApi(ctx, o, requested)),
  };
  const next = after + limit;
  if (limit > 0 && next < matches.length) {
    out.paging = {
      next: { after: String(next), link: `${ctx.baseUrl()}/crm/v3/objects/${typeName}/search?after=${next}` },
    };
  }
  return { status: 200, body: out };
}

/** Sort keys in order, records without a value last, then id ascending (HubSpot's default order). */
function bySorts(sorts: Sort[]) {
  return (a: StoredObject, b: StoredObject): number => {
    for (const s of sorts) {
      const x = a.props[s.prop.name];
      const y = b.props[s.prop.name];
      if (x === undefined || y === undefined) {
        if (x !== y) return x === undefined ? 1 : -1;
        continue;
      }
      const c = compareValues(s.prop, x, y);
      if (c !== 0) return s.descending ? -c : c;
    }
    return Number(a.id) - Number(b.id);
  };
}
