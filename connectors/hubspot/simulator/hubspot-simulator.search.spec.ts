import { HubSpotSimulator } from './hubspot-simulator';
import { hubspotCall } from './sim-test.client';

type Row = { id: string; properties: Record<string, string | null> };

describe('HubSpotSimulator search', () => {
  let sim: HubSpotSimulator;
  beforeEach(async () => {
    sim = await HubSpotSimulator.start({ limits: { searchPerSecond: Infinity } });
  });
  afterEach(() => sim.close());

  const search = (type: string, body: Record<string, unknown>) =>
    hubspotCall(sim, 'POST', `/crm/v3/objects/${type}/search`, body);
  const f = (propertyName: string, operator: string, extra: Record<string, unknown> = {}) => ({
    filterGroups: [{ filters: [{ propertyName, operator, ...extra }] }],
    properties: ['dealname', 'amount'],
    limit: 100,
  });
  const names = (rows: Row[]) => rows.map((r) => r.properties.dealname);

  function seedDeals() {
    const amounts = ['5', '10.5', '100', '20', undefined];
    return amounts.map((amount, i) =>
      sim.createObject('deals', {
        dealname: `Deal ${String.fromCharCode(65 + i)} pos`,
        ...(amount ? { amount } : {}),
      }),
    );
  }

  it('applies every operator with typed comparisons', async () => {
    seedDeals();
    const expectations: [Record<string, unknown>, string[]][] = [
      [f('amount', 'EQ', { value: '10.50' }), ['Deal B pos']],
      [f('amount', 'NEQ', { value: '5' }), ['Deal B pos', 'Deal C pos', 'Deal D pos', 'Deal E pos']],
      [f('amount', 'GT', { value: '10.5' }), ['Deal C pos', 'Deal D pos']],
      [f('amount', 'GTE', { value: 10.5 }), ['Deal B pos', 'Deal C pos', 'Deal D pos']],
      [f('amount', 'LT', { value: '20' }), ['Deal A pos', 'Deal B pos']],
      [f('amount', 'LTE', { value: '20' }), ['Deal A pos', 'Deal B pos', 'Deal D pos']],
      [f('amount', 'BETWEEN', { value: '6', highValue: '20' }), ['Deal B pos', 'Deal D pos']],
      [f('amount', 'IN', { values: ['5', '100'] }), ['Deal A pos', 'Deal C pos']],
      [f('amount', 'NOT_IN', { values: ['5', '100'] }), ['Deal B pos', 'Deal D pos', 'Deal E pos']],
      [f('amount', 'HAS_PROPERTY'), ['Deal A pos', 'Deal B pos', 'Deal C pos', 'Deal D pos']],
      [f('amount', 'NOT_HAS_PROPERTY'), ['Deal E pos']],
      [f('dealname', 'CONTAINS_TOKEN', { value: 'c' }), ['Deal C pos']],
      [
        f('dealname', 'CONTAINS_TOKEN', { value: 'de*' }),
        ['Deal A pos', 'Deal B pos', 'Deal C pos', 'Deal D pos', 'Deal E pos'],
      ],
      [
        f('dealname', 'NOT_CONTAINS_TOKEN', { value: 'a' }),
        ['Deal B pos', 'Deal C pos', 'Deal D pos', 'Deal E pos'],
      ],
      [f('dealname', 'EQ', { value: 'deal a POS' }), ['Deal A pos']],
    ];
    for (const [body, expected] of expectations) {
      const res = await search('deals', body);
      expect([JSON.stringify(body.filterGroups), res.status, names(res.body.results)]).toEqual([
        JSON.stringify(body.filterGroups),
        200,
        expected,
      ]);
    }
    const or = await search('deals', {
      filterGroups: [
        { filters: [{ propertyName: 'amount', operator: 'EQ', value: '5' }] },
        { filters: [{ propertyName: 'amount', operator: 'EQ', value: '20' }] },
      ],
      properties: ['dealname'],
    });
    expect(names(or.body.results)).toEqual(['Deal A pos', 'Deal D pos']);
    expect((await search('deals', { query: 'deal c' })).body.total).toBe(1);
  });

  it('filters hs_lastmodifieddate / lastmodifieddate by epoch ms or ISO', async () => {
    const [a, b] = seedDeals();
    const since = Date.parse(b!.updatedAt);
    for (const value of [String(since), new Date(since).toISOString(), since]) {
      const res = await search('deals', { ...f('hs_lastmodifieddate', 'GTE', { value }), limit: 10 });
      expect(res.body.total).toBe(4);
      expect(res.body.results.map((r: Row) => r.id)).not.toContain(a!.id);
    }
    const c = sim.createObject('contacts', { email: 'x@y.io' });
    const res = await search('contacts', {
      filterGroups: [
        { filters: [{ propertyName: 'lastmodifieddate', operator: 'GTE', value: Date.parse(c.updatedAt) }] },
      ],
    });
    expect(res.body.results.map((r: Row) => r.id)).toEqual([c.id]);
    expect(res.body.results[0].properties.email).toBe('x@y.io');
  });

  it('sorts by strings or objects, defaulting to id ascending', async () => {
    const deals = seedDeals();
    const byId = await search('deals', { properties: ['amount'], limit: 10 });
    expect(byId.body.results.map((r: Row) => r.id)).toEqual(deals.map((d) => d.id));
    const asc = await search('deals', { sorts: ['amount'], properties: ['amount'] });
    expect(asc.body.results.map((r: Row) => r.properties.amount)).toEqual(['5', '10.5', '20', '100', null]);
    const desc1 = await search('deals', { sorts: ['-amount'], properties: ['amount'] });
    const desc2 = await search('deals', {
      sorts: [{ propertyName: 'amount', direction: 'DESCENDING' }],
      properties: ['amount'],
    });
    expect(desc1.body.results.map((r: Row) => r.properties.amount)).toEqual(['100', '20', '10.5', '5', null]);
    expect(desc2.body.results).toEqual(desc1.body.results);
    expect((await search('deals', { sorts: [{ propertyName: 'amount', direction: 'UP' }] })).status).toBe(
      400,
    );
  });

  it('pages with after offsets, no paging on the last page, and calls onSearchPage', async () => {
    sim.seedContacts(25);
    const pagesSeen: number[] = [];
    sim.onSearchPage((page) => {
      pagesSeen.push(page);
      if (page === 1) sim.createObject('contacts', { email: 'between@pages.io' });
    });
    const ids: string[] = [];
    let after: string | undefined;
    let last: { total: number; paging?: unknown } | undefined;
    do {
      const res = await search('contacts', {
        limit: 10,
        ...(after ? { after } : {}),
        sorts: ['hs_object_id'],
      });
      expect(res.status).toBe(200);
      ids.push(...res.body.results.map((r: Row) => r.id));
      after = res.body.paging?.next?.after;
      last = res.body;
    } while (after);
    expect(pagesSeen).toEqual([0, 1, 2]);
    expect(last!.total).toBe(26);
    expect(last!.paging).toBeUndefined();
    expect(ids).toHaveLength(26);
  });

  it('caps paging at 10,000 results and limit at 200 (400)', async () => {
    sim.seedContacts(3);
    expect((await search('contacts', { after: '9900', limit: 100 })).status).toBe(200);
    const over = await search('contacts', { after: '9950', limit: 100 });
    expect(over.status).toBe(400);
    expect(over.body.category).toBe('VALIDATION_ERROR');
    expect((await search('contacts', { limit: 201 })).status).toBe(400);
  });

  it('limits filters to 5 groups, 10 per group and 25 in all (400)', async () => {
    const filter = { propertyName: 'email', operator: 'HAS_PROPERTY' };
    const groups = (n: number, per: number) => ({
      filterGroups: Array.from({ length: n }, () => ({ filters: Array.from({ length: per }, () => filter) })),
    });
    expect((await search('contacts', groups(5, 5))).status).toBe(200);
    expect((await search('contacts', groups(6, 1))).status).toBe(400);
    expect((await search('contacts', groups(1, 11))).status).toBe(400);
    expect((await search('contacts', groups(3, 9))).status).toBe(400);
    expect((await search('contacts', f('nope', 'EQ', { value: '1' }))).status).toBe(400);
    expect((await search('contacts', f('email', 'LIKE', { value: '1' }))).status).toBe(400);
  });
});
