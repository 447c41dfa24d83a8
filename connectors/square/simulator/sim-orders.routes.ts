import type { SimContext } from './sim-context';
import { invalid, notFound } from './sim-errors';
import type { SimRouter } from './sim-http.server';
import { decodeCursor, encodeCursor, pageAfter, queryHash, sortByKey, type SortKey } from './sim-paging';
import { optBoolean, optEnum, optLimit, optObject, optString, optStringArray, optTime } from './sim-request';
import type { SquareOrder } from './sim.types';

const ORDER_STATES = ['OPEN', 'COMPLETED', 'CANCELED', 'DRAFT'] as const;
const SORT_FIELDS = ['CREATED_AT', 'UPDATED_AT', 'CLOSED_AT'] as const;
type SortField = (typeof SORT_FIELDS)[number];
const FIELD_OF: Record<SortField, 'created_at' | 'updated_at' | 'closed_at'> = {
  CREATED_AT: 'created_at',
  UPDATED_AT: 'updated_at',
  CLOSED_AT: 'closed_at',
};

interface SearchPlan {
  readonly locationIds: Set<string>;
  readonly states?: Set<string>;
  readonly customerIds?: Set<string>;
  readonly sourceNames?: Set<string>;
  readonly range?: { field: SortField; start?: number; end?: number; endImplicit: boolean };
  readonly sortField: SortField;
  readonly desc: boolean;
  readonly limit: number;
}

/** Reads and checks a SearchOrders body the way Square does (limits, enums, sort/filter agreement). */
function planSearch(ctx: SimContext, body: Record<string, unknown>): SearchPlan {
  const locationIds = optStringArray(body, 'location_ids') ?? [];
  if (locationIds.length === 0)
    throw invalid('MISSING_REQUIRED_PARAMETER', 'At least one location ID is required.', 'location_ids');
  if (locationIds.length > 10)
    throw invalid(
      'ARRAY_LENGTH_TOO_LONG',
      'At most 10 location IDs may be searched at once.',
      'location_ids',
    );
  for (const id of locationIds) {
    if (!ctx.locations.some((l) => l.id === id))
      throw invalid('INVALID_VALUE', `Location \`${id}\` does not belong to this merchant.`, 'location_ids');
  }
  const limit = optLimit(body, 'limit', 1, 1000) ?? 500;
  const query = optObject(body, 'query') ?? {};
  const filter = optObject(query, 'filter') ?? {};
  const sort = optObject(query, 'sort') ?? {};
  const sortField = optEnum(sort, 'sort_field', SORT_FIELDS, 'query.sort.sort_field') ?? 'CREATED_AT';
  const desc = (optEnum(sort, 'sort_order', ['ASC', 'DESC'], 'query.sort.sort_order') ?? 'DESC') === 'DESC';

  const stateFilter = optObject(filter, 'state_filter');
  let states: Set<string> | undefined;
  if (stateFilter) {
    const list = optStringArray(stateFilter, 'states') ?? [];
    if (list.length === 0)
      throw invalid(
        'MISSING_REQUIRED_PARAMETER',
        '`states` is required.',
        'query.filter.state_filter.states',
      );
    for (const s of list) {
      if (!(ORDER_STATES as readonly string[]).includes(s))
        throw invalid('INVALID_ENUM_VALUE', `Unknown order state ${s}.`, 'query.filter.state_filter.states');
    }
    states = new Set(list);
  }
  const customerFilter = optObject(filter, 'customer_filter');
  const customerIds = customerFilter ? optStringArray(customerFilter, 'customer_ids') : undefined;
  const sourceFilter = optObject(filter, 'source_filter');
  const sourceNames = sourceFilter ? optStringArray(sourceFilter, 'source_names') : undefined;

  const dateFilter = optObject(filter, 'date_time_filter') ?? {};
  const used = SORT_FIELDS.filter((f) => optObject(dateFilter, FIELD_OF[f]) !== undefined);
  if (used.length > 1)
    throw invalid(
      'CONFLICTING_PARAMETERS',
      'Only one time range may be filtered at a time.',
      'query.filter.date_time_filter',
    );
  let range: SearchPlan['range'];
  if (used.length === 1) {
    const field = used[0]!;
    // https://developer.squareup.com/reference/square/orders-api/search-orders: the sort field must be
    // the field the date filter uses, otherwise SearchOrders fails.
    if (field !== sortField) {
      throw invalid(
        'INVALID_VALUE',
        `A date_time_filter on ${FIELD_OF[field]} requires query.sort.sort_field = ${field}.`,
        'query.sort.sort_field',
      );
    }
    const tr = optObject(dateFilter, FIELD_OF[field])!;
    const path = `query.filter.date_time_filter.${FIELD_OF[field]}`;
    const start = optTime(tr, 'start_at', `${path}.start_at`);
    const end = optTime(tr, 'end_at', `${path}.end_at`);
    if (start !== undefined && end !== undefined && start > end)
      throw invalid('INVALID_TIME_RANGE', 'start_at must not be after end_at.', path);
    range = { field, start, end, endImplicit: end === undefined };
  }
  return {
    locationIds: new Set(locationIds),
    states,
    customerIds: customerIds ? new Set(customerIds) : undefined,
    sourceNames: sourceNames ? new Set(sourceNames) : undefined,
    range,
    sortField,
    desc,
    limit,
  };
}

function searchOrders(ctx: SimContext, body: Record<string, unknown>) {
  const plan = planSearch(ctx, body);
  const returnEntries = optBoolean(body, 'return_entries') ?? false;
  const cursor = optString(body, 'cursor');
  const hash = queryHash({ l: body.location_ids, q: body.query ?? null, r: returnEntries });
  const state = cursor !== undefined ? decodeCursor(cursor, hash) : undefined;
  const page = (state?.x?.p ?? 0) + 1;
  // An open-ended range ends at the time of the first request for the cursor (as Square documents).
  const end = plan.range?.endImplicit ? (state?.x?.e ?? ctx.clock.tick()) : plan.range?.end;
  const field = FIELD_OF[plan.sortField];
  const keyOf = (o: SquareOrder): SortKey => Date.parse(o[field] ?? '') || 0;

  const matching = [...ctx.orders.values()].filter((o) => {
    if (!plan.locationIds.has(o.location_id)) return false;
    if (plan.states && !plan.states.has(o.state)) return false;
    if (plan.customerIds && (!o.customer_id || !plan.customerIds.has(o.customer_id))) return false;
    if (plan.sourceNames && !plan.sourceNames.has(o.source.name)) return false;
    if (plan.range) {
      const at = o[FIELD_OF[plan.range.field]];
      if (!at) return false;
      const ms = Date.parse(at);
      if (plan.range.start !== undefined && ms < plan.range.start) return false;
      if (end !== undefined && ms > end) return false;
    }
    return true;
  });
  const sorted = sortByKey(matching, keyOf, (o) => o.id, plan.desc);
  const after = state ? { k: state.k, id: state.id } : undefined;
  const result = pageAfter(sorted, keyOf, (o) => o.id, plan.desc, after, plan.limit);
  ctx.ordersPageHook?.(page);

  const response: Record<string, unknown> = {};
  if (result.page.length > 0) {
    if (returnEntries) {
      response.order_entries = result.page.map((o) => ({
        order_id: o.id,
        version: o.version,
        location_id: o.location_id,
      }));
    } else {
      response.orders = result.page;
    }
  }
  if (result.last) {
    const x: Record<string, number> = { p: page };
    if (plan.range?.endImplicit && end !== undefined) x.e = end;
    response.cursor = encodeCursor({ q: hash, k: result.last.k, id: result.last.id, x });
  }
  return { status: 200, body: response };
}

/** SearchOrders, RetrieveOrder and BatchRetrieveOrders. */
export function registerOrderRoutes(router: SimRouter, ctx: SimContext): void {
  router.add('POST', '/v2/orders/search', (req) => searchOrders(ctx, req.body));

  router.add('GET', '/v2/orders/{order_id}', (req) => {
    const order = ctx.orders.get(req.params.order_id!);
    if (!order) throw notFound(`Order \`${req.params.order_id}\` not found.`);
    return { status: 200, body: { order } };
  });

  router.add('POST', '/v2/orders/batch-retrieve', (req) => {
    const ids = optStringArray(req.body, 'order_ids');
    if (!ids) throw invalid('MISSING_REQUIRED_PARAMETER', '`order_ids` is required.', 'order_ids');
    if (ids.length > 100) throw invalid('ARRAY_LENGTH_TOO_LONG', 'At most 100 order IDs.', 'order_ids');
    const locationId = optString(req.body, 'location_id');
    // Unknown ids are left out of the answer rather than failing the batch.
    const orders = ids
      .map((id) => ctx.orders.get(id))
      .filter((o): o is SquareOrder => o !== undefined && (!locationId || o.location_id === locationId));
    return { status: 200, body: orders.length > 0 ? { orders } : {} };
  });
}
