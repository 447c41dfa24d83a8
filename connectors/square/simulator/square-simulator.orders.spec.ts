import { loadOpenApi, validateTraffic } from '../../../test/support/openapi-validator';
import { squareCall } from './sim-test.client';
import { SquareSimulator, type SquareOrder } from './square-simulator';

const validator = loadOpenApi(`${__dirname}/../../../../shared/specs/square/square-api-subset.openapi.json`);

describe('SquareSimulator orders', () => {
  let sim: SquareSimulator;
  beforeAll(async () => {
    sim = await SquareSimulator.start({ seed: 3 });
    sim.generateOrders(400, { refundRatio: 0.1 });
  });
  afterAll(() => sim.close());
  afterEach(() => {
    sim.onOrdersPage(undefined);
    sim.setFaults({});
  });

  const search = (body: Record<string, unknown>) => squareCall(sim, 'POST', '/v2/orders/search', body);
  const byUpdatedAt = (
    extra: Record<string, unknown> = {},
    range: Record<string, string> = { start_at: '2000-01-01T00:00:00Z' },
  ) => ({
    location_ids: sim.locationIds,
    query: {
      filter: { state_filter: { states: ['COMPLETED'] }, date_time_filter: { updated_at: range } },
      sort: { sort_field: 'UPDATED_AT', sort_order: 'ASC' },
    },
    ...extra,
  });

  async function readAll(body: Record<string, unknown>): Promise<{ orders: SquareOrder[]; pages: number }> {
    const orders: SquareOrder[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const res = await search(cursor ? { ...body, cursor } : body);
      expect(res.status).toBe(200);
      pages += 1;
      orders.push(...((res.body.orders as SquareOrder[] | undefined) ?? []));
      cursor = res.body.cursor as string | undefined;
    } while (cursor);
    return { orders, pages };
  }

  it('pages through every order once, sorted, and the last page has no cursor', async () => {
    const { orders, pages } = await readAll(byUpdatedAt({ limit: 100 }));
    expect(pages).toBe(5);
    expect(orders).toHaveLength(440);
    expect(new Set(orders.map((o) => o.id)).size).toBe(440);
    const stamps = orders.map((o) => Date.parse(o.updated_at));
    expect([...stamps].sort((a, b) => a - b)).toEqual(stamps);
  });

  it('stays correct when 10% of the orders are touched between pages of a window bounded at the start', async () => {
    const end = new Date().toISOString();
    const all = sim.orders().filter((o) => o.updated_at <= end);
    const touched = new Set<string>();
    let n = 0;
    sim.onOrdersPage(() => {
      // Touch orders spread over the whole window: some already served, some not yet.
      for (let i = 0; i < 11; i += 1) {
        const o = all[(n * 37 + i * 41) % all.length]!;
        n += 1;
        if (touched.size < all.length / 10) touched.add(sim.touchOrder(o.id).id);
      }
    });
    const { orders } = await readAll(
      byUpdatedAt({ limit: 50 }, { start_at: '2000-01-01T00:00:00Z', end_at: end }),
    );
    sim.onOrdersPage(undefined);
    expect(touched.size).toBe(44);
    const seen = new Map<string, number>();
    for (const o of orders) seen.set(o.id, (seen.get(o.id) ?? 0) + 1);
    expect([...seen.values()].every((c) => c === 1)).toBe(true);
    for (const o of all) if (!touched.has(o.id)) expect(seen.get(o.id)).toBe(1);
    // Touched orders moved past the window end, so they are in the next window.
    const next = await readAll(byUpdatedAt({}, { start_at: end }));
    expect(new Set(next.orders.map((o) => o.id))).toEqual(touched);
  });

  it('defaults an open range to the time of the first request and sorts DESC by default', async () => {
    const body = {
      location_ids: sim.locationIds,
      limit: 100,
      query: { filter: { date_time_filter: { created_at: { start_at: '2000-01-01T00:00:00Z' } } } },
    };
    const first = await search(body);
    expect(first.status).toBe(200);
    const page = first.body.orders as SquareOrder[];
    expect(Date.parse(page[0]!.created_at)).toBeGreaterThanOrEqual(Date.parse(page[99]!.created_at));
    const fresh = sim.generateOrders(3, { refundRatio: 0 });
    const rest = await readAll({ ...body, cursor: first.body.cursor });
    const ids = new Set([...page, ...rest.orders].map((o) => o.id));
    for (const o of fresh) expect(ids.has(o.id)).toBe(false);
  });

  it('returns order entries when asked', async () => {
    const res = await search(byUpdatedAt({ limit: 5, return_entries: true }));
    expect(res.body.orders).toBeUndefined();
    expect(res.body.order_entries).toHaveLength(5);
    expect(Object.keys((res.body.order_entries as object[])[0]!).sort()).toEqual([
      'location_id',
      'order_id',
      'version',
    ]);
  });

  it.each([
    [{ limit: 1001 }, 'VALUE_TOO_HIGH', 'limit'],
    [{ limit: 0 }, 'VALUE_TOO_LOW', 'limit'],
    [{ location_ids: [] }, 'MISSING_REQUIRED_PARAMETER', 'location_ids'],
    [
      { location_ids: Array.from({ length: 11 }, (_, i) => `L${i}`) },
      'ARRAY_LENGTH_TOO_LONG',
      'location_ids',
    ],
    [{ location_ids: ['NOPE'] }, 'INVALID_VALUE', 'location_ids'],
    [
      { query: { filter: { date_time_filter: { updated_at: { start_at: '2020-01-01T00:00:00Z' } } } } },
      'INVALID_VALUE',
      'query.sort.sort_field',
    ],
    [
      { query: { sort: { sort_field: 'UPDATED_AT', sort_order: 'UP' } } },
      'INVALID_ENUM_VALUE',
      'query.sort.sort_order',
    ],
    [
      { query: { filter: { state_filter: { states: ['DONE'] } } } },
      'INVALID_ENUM_VALUE',
      'query.filter.state_filter.states',
    ],
    [{ cursor: 'garbage!' }, 'INVALID_CURSOR', 'cursor'],
  ])('answers 400 to %j', async (override, code, field) => {
    const res = await search({ location_ids: sim.locationIds, ...override });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      errors: [{ category: 'INVALID_REQUEST_ERROR', code, detail: expect.any(String), field }],
    });
  });

  it('refuses a cursor sent with a different query', async () => {
    const first = await search(byUpdatedAt({ limit: 10 }));
    const other = await search({
      ...byUpdatedAt({ limit: 10 }),
      query: { sort: { sort_field: 'CREATED_AT' } },
      cursor: first.body.cursor,
    });
    expect(other.status).toBe(400);
    expect((other.body.errors as { code: string }[])[0]!.code).toBe('INVALID_CURSOR');
    // Changing only the page size keeps the cursor valid.
    const same = await search({ ...byUpdatedAt({ limit: 20 }), cursor: first.body.cursor });
    expect(same.status).toBe(200);
  });

  it('retrieves one order and a batch; unknown ids are 404 / left out', async () => {
    const [a, b] = sim.orders();
    expect((await squareCall(sim, 'GET', `/v2/orders/${a!.id}`)).body).toEqual({ order: a });
    const missing = await squareCall(sim, 'GET', '/v2/orders/doesNotExist');
    expect(missing.status).toBe(404);
    expect((missing.body.errors as { code: string }[])[0]!.code).toBe('NOT_FOUND');
    const batch = await squareCall(sim, 'POST', '/v2/orders/batch-retrieve', {
      order_ids: [a!.id, 'nope', b!.id],
    });
    expect((batch.body.orders as SquareOrder[]).map((o) => o.id)).toEqual([a!.id, b!.id]);
    const bad = await squareCall(sim, 'POST', '/v2/orders/batch-retrieve', {});
    expect(bad.status).toBe(400);
  });

  it('batch-retrieves the sales that returns point at, holding the tenders their refunds name', async () => {
    const returns = sim.orders().filter((o) => (o.returns ?? []).length > 0);
    expect(returns.length).toBe(40);
    const saleIds = [...new Set(returns.map((o) => o.returns![0]!.source_order_id))];
    const res = await squareCall(sim, 'POST', '/v2/orders/batch-retrieve', { order_ids: saleIds });
    expect(res.status).toBe(200);
    const sales = new Map((res.body.orders as SquareOrder[]).map((o) => [o.id, o]));
    expect([...sales.keys()]).toEqual(saleIds);
    const types = new Set<string>();
    for (const ret of returns) {
      const sale = sales.get(ret.returns![0]!.source_order_id)!;
      expect(sale.returns).toBeUndefined();
      expect(ret.refunds!.length).toBeGreaterThan(0);
      for (const refund of ret.refunds!) {
        expect(refund.transaction_id).toBe(sale.id);
        const tender = sale.tenders!.find((t) => t.id === refund.tender_id);
        expect(tender).toBeDefined();
        types.add(tender!.type);
      }
    }
    // Both tender types come back, so a refund's type can be told from its sale.
    expect(types).toEqual(new Set(['CARD', 'CASH']));
  });

  it('answers 401 UNAUTHORIZED without or with a wrong bearer token', async () => {
    for (const token of [null, 'wrong']) {
      const res = await squareCall(sim, 'POST', '/v2/orders/search', byUpdatedAt(), { token });
      expect(res.status).toBe(401);
      expect(res.body).toEqual({
        errors: [{ category: 'AUTHENTICATION_ERROR', code: 'UNAUTHORIZED', detail: expect.any(String) }],
      });
    }
  });

  it('injects 429 RATE_LIMITED (no headers) and 500 at the configured rates', async () => {
    sim.setFaults({ rateLimitRate: 0.3, errorRate: 0.2, seed: 5 });
    const statuses: number[] = [];
    for (let i = 0; i < 60; i += 1) {
      const res = await fetch(`${sim.url}/v2/locations`, {
        headers: { authorization: `Bearer ${sim.accessToken}` },
      });
      statuses.push(res.status);
      const body = (await res.json()) as { errors?: { category: string; code: string }[] };
      if (res.status === 429) {
        expect(body.errors![0]).toMatchObject({ category: 'RATE_LIMIT_ERROR', code: 'RATE_LIMITED' });
        expect(res.headers.get('retry-after')).toBeNull();
      }
      if (res.status === 500)
        expect(body.errors![0]).toMatchObject({ category: 'API_ERROR', code: 'INTERNAL_SERVER_ERROR' });
    }
    const count = (s: number) => statuses.filter((x) => x === s).length;
    expect(count(429)).toBeGreaterThan(8);
    expect(count(500)).toBeGreaterThan(3);
    expect(count(200)).toBeGreaterThan(20);
    expect(sim.faultCounters().rateLimited).toBe(count(429));
  });

  it('lists the locations', async () => {
    const res = await squareCall(sim, 'GET', '/v2/locations');
    expect((res.body.locations as { id: string; currency: string }[]).map((l) => l.id)).toEqual(
      sim.locationIds,
    );
  });

  it('every request and response of this file validates against the official spec', () => {
    expect(validateTraffic(validator, sim.requestLog())).toEqual([]);
    expect(sim.requestLog().length).toBeGreaterThan(90);
  });
});
