import { readOrders } from './square-orders.reader';
import { startStub, stubClient, type StubServer } from './square.spec-helper';

const NOW = new Date('2025-03-01T12:00:00.000Z');
const order = (id: string, version: number) => ({ id, location_id: 'L1', state: 'COMPLETED', version });

async function drain(
  it: AsyncIterable<{ records: readonly { externalId: string }[]; cursor: string | null }>,
) {
  const pages: { ids: string[]; cursor: string | null }[] = [];
  for await (const p of it) pages.push({ ids: p.records.map((r) => r.externalId), cursor: p.cursor });
  return pages;
}

describe('readOrders', () => {
  let stub: StubServer;
  afterEach(() => stub.close());

  it('searches ≤10 locations at a time, resends the original query with the cursor and dedupes id+version', async () => {
    stub = await startStub((call) => {
      const body = call.body as { location_ids: string[]; cursor?: string };
      if (body.location_ids.length === 10 && !body.cursor)
        return { body: { orders: [order('A', 1)], cursor: 'c2' } };
      if (body.location_ids.length === 10) return { body: { orders: [order('A', 1), order('B', 1)] } };
      return { body: { orders: [order('A', 2)] } };
    });
    const locationIds = Array.from({ length: 12 }, (_, i) => `L${i}`);
    const config = { locationIds, overlapMinutes: 5, pageSize: 50 };
    const start = JSON.stringify({ updatedAfter: '2025-03-01T10:00:00.000Z' });
    const pages = await drain(readOrders(stubClient(stub.url), start, { config, now: () => NOW }));

    expect(pages).toEqual([
      { ids: ['A'], cursor: start },
      { ids: ['B'], cursor: start },
      { ids: ['A'], cursor: JSON.stringify({ updatedAfter: NOW.toISOString() }) },
    ]);
    const bodies = stub.calls.map((c) => c.body as Record<string, unknown>);
    expect(bodies.map((b) => (b.location_ids as string[]).length)).toEqual([10, 10, 2]);
    const { cursor, ...resent } = bodies[1];
    expect(cursor).toBe('c2');
    expect(resent).toEqual(bodies[0]);
    expect(bodies[0]).toEqual({
      location_ids: locationIds.slice(0, 10),
      limit: 50,
      query: {
        filter: {
          state_filter: { states: ['COMPLETED'] },
          date_time_filter: {
            updated_at: { start_at: '2025-03-01T09:55:00.000Z', end_at: NOW.toISOString() },
          },
        },
        sort: { sort_field: 'UPDATED_AT', sort_order: 'ASC' },
      },
    });
  });

  it('reads from the beginning without start_at and still ends the run with the window end', async () => {
    stub = await startStub(() => ({ body: {} }));
    const config = { locationIds: ['L1'], overlapMinutes: 5 };
    const pages = await drain(readOrders(stubClient(stub.url), null, { config, now: () => NOW }));
    expect(pages).toEqual([{ ids: [], cursor: JSON.stringify({ updatedAfter: NOW.toISOString() }) }]);
    const filter = (stub.calls[0].body as { query: { filter: { date_time_filter: unknown } } }).query.filter;
    expect(filter.date_time_filter).toEqual({ updated_at: { end_at: NOW.toISOString() } });
  });
});
