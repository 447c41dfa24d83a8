import type { Ledger } from '../../src/ledger';
import { createTestLedger, DIALECTS, type TestLedger } from './ledger/ledger-test-db';

/** Stores a transaction and one delivery of it per route; returns the delivery ids by route. */
async function sale(
  ledger: Ledger,
  externalId: string,
  occurredAt: string,
  routes: readonly string[],
  origin = 'pos',
): Promise<Record<string, string>> {
  const data = { externalId, kind: 'sale', locationId: 'L1', occurredAt, lines: [] };
  const { recordId, version } = await ledger.records.upsert({
    kind: 'transaction',
    originConnectionId: origin,
    externalId,
    contentHash: externalId,
    data,
    occurredAt,
  });
  const ids = await ledger.deliveries.createMany(
    routes.map((routeId) => ({
      recordId,
      recordVersion: version,
      routeId,
      destinationConnectionId: 'erp',
      entity: 'transaction',
    })),
  );
  return Object.fromEntries(routes.map((r, i) => [r, ids[i]!]));
}

describe.each(DIALECTS)('stock repository on %s', (dialect) => {
  let db: TestLedger;
  let ledger: Ledger;
  beforeAll(async () => {
    db = await createTestLedger(dialect);
    ledger = db.ledger;
  });
  afterAll(() => db.destroy());

  it('finds the transactions a route has not delivered: pending or dead, and never done', async () => {
    const a = await sale(ledger, 'a', '2025-03-01T10:00:00Z', ['sales']);
    await sale(ledger, 'b', '2025-03-01T11:00:00+01:00', ['sales']);
    const c = await sale(ledger, 'c', '2025-03-01T09:00:00Z', ['sales']);
    const d = await sale(ledger, 'd', '2025-03-01T08:00:00Z', ['sales', 'crm']);
    await sale(ledger, 'elsewhere', '2025-03-02T08:00:00Z', ['sales'], 'other-pos');
    await ledger.deliveries.markDone(a.sales!, { targetId: 'x' });
    await ledger.deliveries.markDead(c.sales!, { error: 'refused', code: null });
    // Done on the sales route: the CRM route's pending delivery is no concern of the ERP's stock.
    await ledger.deliveries.markDone(d.sales!, { targetId: 'y' });

    const undelivered = await ledger.stock.undelivered('pos', ['sales']);
    expect(undelivered.map((r) => r.externalId)).toEqual(['b', 'c']);
    expect(undelivered[0]!.data).toMatchObject({ externalId: 'b', kind: 'sale' });
    expect(await ledger.stock.undelivered('pos', [])).toEqual([]);
    expect((await ledger.stock.undelivered('pos', ['crm'])).map((r) => r.externalId)).toEqual(['d']);

    // A newer version with its own pending delivery is still "done" once an earlier one was.
    const v2 = await ledger.records.upsert({
      kind: 'transaction',
      originConnectionId: 'pos',
      externalId: 'a',
      contentHash: 'a2',
      data: { externalId: 'a', version: 2 },
    });
    await ledger.deliveries.createMany([
      {
        recordId: v2.recordId,
        recordVersion: v2.version,
        routeId: 'sales',
        destinationConnectionId: 'erp',
        entity: 'transaction',
      },
    ]);
    expect((await ledger.stock.undelivered('pos', ['sales'])).map((r) => r.externalId)).toEqual(['b', 'c']);
  });

  it('gives the newest occurredAt of a kind and origin (the POS high-water mark) in UTC', async () => {
    expect(await ledger.stock.newestOccurredAt('transaction', 'pos')).toBe('2025-03-01T10:00:00.000Z');
    expect(await ledger.stock.newestOccurredAt('transaction', 'nobody')).toBeUndefined();
  });

  it('lists current stock records with their data and keeps every version for alerts', async () => {
    for (const [id, quantity] of [
      ['p1@L1', '5'],
      ['p1@L1', '2'],
      ['p2@L1', '9'],
    ] as const) {
      await ledger.records.upsert({
        kind: 'stock',
        originConnectionId: 'pos',
        externalId: id,
        contentHash: `${id}:${quantity}`,
        data: { externalId: id, quantity },
      });
    }
    const current = await ledger.stock.listCurrent('stock', 'pos');
    expect(current.map((r) => [r.externalId, r.version, (r.data as { quantity: string }).quantity])).toEqual([
      ['p1@L1', 2, '2'],
      ['p2@L1', 1, '9'],
    ]);
    const versions = await ledger.stock.versions(current[0]!.recordId);
    expect(versions.map((v) => (v.data as { quantity: string }).quantity)).toEqual(['5', '2']);
    expect(Date.parse(versions[0]!.storedAt)).not.toBeNaN();
  });
});
