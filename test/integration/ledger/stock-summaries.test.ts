import type { Ledger } from '../../../src/ledger';
import { netSold, stockKey, type StockSale } from '../../../src/pipeline/stock/stock-math';
import { DIALECTS, createTestLedger, uid, type TestLedger } from './ledger-test-db';

/** Stores a POS transaction of `quantity` × SKU-1 at `location`; its record id. */
async function transaction(
  ledger: Ledger,
  pos: string,
  externalId: string,
  at: { location: string; occurredAt: string; kind?: 'sale' | 'refund'; quantity?: string },
): Promise<string> {
  const data = {
    externalId,
    kind: at.kind ?? 'sale',
    locationId: at.location,
    occurredAt: at.occurredAt,
    lines: [{ product: { sku: 'SKU-1' }, quantity: at.quantity ?? '1' }],
  };
  const stored = await ledger.records.upsert({
    kind: 'transaction',
    originConnectionId: pos,
    externalId,
    contentHash: externalId,
    data,
    occurredAt: at.occurredAt,
  });
  return stored.recordId;
}

/** Stores one version of a summary document and its delivery on `route`; the delivery id. */
async function documentVersion(
  ledger: Ledger,
  route: string,
  externalId: string,
  final: boolean,
): Promise<string> {
  const stored = await ledger.records.upsert({
    kind: 'transaction',
    originConnectionId: `summary.${route}`,
    externalId,
    contentHash: `${externalId}:${final}`,
    data: { externalId, kind: 'sale', summary: { final } },
  });
  const [id] = await ledger.deliveries.createMany([
    {
      recordId: stored.recordId,
      recordVersion: stored.version,
      routeId: route,
      destinationConnectionId: 'erp',
      entity: 'transaction',
    },
  ]);
  return id!;
}

/** A day row as the pull makes it, built (clean) and, when `closed`, closed. */
async function day(ledger: Ledger, route: string, location: string, businessDay: string, closed: boolean) {
  const key = { routeId: route, locationId: location, businessDay };
  await ledger.summaries.touch(key, new Date(`${businessDay}T23:00:00Z`), new Date('2025-01-01T00:00:00Z'));
  await ledger.summaries.markBuilt(key, { close: closed, startedAt: new Date() });
}

describe.each(DIALECTS)('stock: sales posted as daily summaries on %s', (dialect) => {
  let db: TestLedger;
  let ledger: Ledger;
  beforeAll(async () => {
    db = await createTestLedger(dialect);
    ledger = db.ledger;
  });
  afterAll(() => db.destroy());

  it('counts a sale undelivered until a FINAL version of the document counting it is delivered', async () => {
    const pos = uid('pos');
    const route = uid('daily');
    const ref = { routeId: route, summaryOrigin: `summary.${route}` };
    // Day 1 closed at both locations, day 2 still open at L1.
    await day(ledger, route, 'L1', '2025-03-01', true);
    await day(ledger, route, 'L2', '2025-03-01', true);
    await day(ledger, route, 'L1', '2025-03-02', false);

    const notMember = await transaction(ledger, pos, 'not-member', {
      location: 'L1',
      occurredAt: '2025-03-02T09:00:00Z',
    });
    const inDraft = await transaction(ledger, pos, 'in-draft', {
      location: 'L1',
      occurredAt: '2025-03-02T10:00:00Z',
    });
    const finalPending = await transaction(ledger, pos, 'final-pending', {
      location: 'L2',
      occurredAt: '2025-03-01T10:00:00Z',
    });
    const finalDone = await transaction(ledger, pos, 'final-done', {
      location: 'L1',
      occurredAt: '2025-03-01T11:00:00Z',
    });
    const late = await transaction(ledger, pos, 'late', {
      location: 'L1',
      occurredAt: '2025-03-01T12:00:00Z',
    });

    // The open day's draft reached the ERP (a draft order moves no stock there).
    await ledger.summaries.assign(route, 'L1@2025-03-02', [{ recordId: inDraft, version: 1 }]);
    await ledger.deliveries.markDone(await documentVersion(ledger, route, 'L1@2025-03-02', false), {
      targetId: 'so-3',
    });
    // L2's closed day: the draft was delivered, the final version not yet.
    await ledger.summaries.assign(route, 'L2@2025-03-01', [{ recordId: finalPending, version: 1 }]);
    await ledger.deliveries.markDone(await documentVersion(ledger, route, 'L2@2025-03-01', false), {
      targetId: 'so-2',
    });
    const l2Final = await documentVersion(ledger, route, 'L2@2025-03-01', true);
    // L1's closed day: final version confirmed at the ERP, and a late sale in adjustment #1, posted.
    await ledger.summaries.assign(route, 'L1@2025-03-01', [{ recordId: finalDone, version: 1 }]);
    await ledger.deliveries.markDone(await documentVersion(ledger, route, 'L1@2025-03-01', true), {
      targetId: 'so-1',
    });
    await ledger.summaries.assign(route, 'L1@2025-03-01#1', [{ recordId: late, version: 1 }]);
    await ledger.deliveries.markDone(await documentVersion(ledger, route, 'L1@2025-03-01#1', true), {
      targetId: 'so-4',
    });
    // A refund on the summary route is posted on its own, as a credit note.
    const refund = await transaction(ledger, pos, 'refund', {
      location: 'L1',
      occurredAt: '2025-03-02T11:00:00Z',
      kind: 'refund',
      quantity: '3',
    });
    await ledger.deliveries.createMany([
      {
        recordId: refund,
        recordVersion: 1,
        routeId: route,
        destinationConnectionId: 'erp',
        entity: 'transaction',
      },
    ]);

    const backlog = await ledger.stock.undeliveredSummarySales(pos, ref);
    expect(backlog.map((r) => [r.externalId, r.summaryExternalId])).toEqual([
      ['final-pending', 'L2@2025-03-01'],
      ['in-draft', 'L1@2025-03-02'],
      ['not-member', null],
    ]);
    expect(backlog.map((r) => r.recordId).sort()).toEqual([finalPending, inDraft, notMember].sort());
    const refunds = await ledger.stock.undelivered(pos, [route]);
    expect(refunds.map((r) => r.externalId)).toEqual(['refund']);
    // U: three sales of one each, minus the refund's three.
    const sold = netSold(
      [...backlog, ...refunds].map((r) => r.data as StockSale),
      (p) => p.sku,
    );
    expect(Object.fromEntries(sold)).toEqual({
      [stockKey('SKU-1', 'L1')]: '-1',
      [stockKey('SKU-1', 'L2')]: '1',
    });

    // L2's final version is confirmed: its sale leaves U; the others stay.
    await ledger.deliveries.markDone(l2Final, { targetId: 'so-2' });
    expect((await ledger.stock.undeliveredSummarySales(pos, ref)).map((r) => r.externalId)).toEqual([
      'in-draft',
      'not-member',
    ]);
    // A route with no summary days has no backlog, whatever this POS sold.
    expect(await ledger.stock.undeliveredSummarySales(pos, { ...ref, routeId: uid('other') })).toEqual([]);
  });

  it('keeps a sale whose final document is dead, and reads nothing once every day is settled', async () => {
    const pos = uid('pos');
    const route = uid('daily');
    const ref = { routeId: route, summaryOrigin: `summary.${route}` };
    await day(ledger, route, 'L1', '2025-04-01', true);
    await day(ledger, route, 'L2', '2025-04-01', true);
    const refused = await transaction(ledger, pos, 'refused', {
      location: 'L1',
      occurredAt: '2025-04-01T10:00:00Z',
    });
    const booked = await transaction(ledger, pos, 'booked', {
      location: 'L2',
      occurredAt: '2025-04-01T10:00:00Z',
    });
    await ledger.summaries.assign(route, 'L1@2025-04-01', [{ recordId: refused, version: 1 }]);
    await ledger.summaries.assign(route, 'L2@2025-04-01', [{ recordId: booked, version: 1 }]);
    // The ERP refused L1's final document (dead, may be retried); L2's was confirmed.
    await ledger.deliveries.markDead(await documentVersion(ledger, route, 'L1@2025-04-01', true), {
      error: 'refused',
      code: null,
    });
    await ledger.deliveries.markDone(await documentVersion(ledger, route, 'L2@2025-04-01', true), {
      targetId: 'so-9',
    });
    expect((await ledger.stock.undeliveredSummarySales(pos, ref)).map((r) => r.externalId)).toEqual([
      'refused',
    ]);

    const settledRoute = uid('daily');
    await day(ledger, settledRoute, 'L1', '2025-04-01', true);
    await ledger.summaries.assign(settledRoute, 'L1@2025-04-01', [{ recordId: refused, version: 1 }]);
    await ledger.deliveries.markDone(await documentVersion(ledger, settledRoute, 'L1@2025-04-01', true), {
      targetId: 'so-10',
    });
    expect(
      await ledger.stock.undeliveredSummarySales(pos, {
        routeId: settledRoute,
        summaryOrigin: `summary.${settledRoute}`,
      }),
    ).toEqual([]);
  });
});
