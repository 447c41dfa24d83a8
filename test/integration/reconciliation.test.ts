import { CONNECTORS } from '../../connectors';
import { buildHubCatalogue } from '../../src/app/hub-catalogue';
import { parsePoshubConfig, type PoshubConfig } from '../../src/config';
import type { Ledger, SqlDialect } from '../../src/ledger';
import {
  ReconciliationInputError,
  ReconciliationService,
} from '../../src/pipeline/reconciliation/reconciliation.service';
import type { ReconciliationItem } from '../../src/pipeline/reconciliation/reconciliation.types';
import { RouteTable } from '../../src/pipeline/route-table';
import { summaryOrigin } from '../../src/pipeline/summary/daily-summary.service';
import { createTestLedger, DIALECTS, type TestLedger } from './ledger/ledger-test-db';

const CONFIG = `
connections:
  pos: { connector: fake-pos, config: { baseUrl: "http://127.0.0.1:1", apiKey: "pos-key-0123456789" } }
  erp: { connector: fake-erp, config: { baseUrl: "http://127.0.0.1:1", apiKey: "erp-key-0123456789" } }
  books: { connector: fake-erp, config: { baseUrl: "http://127.0.0.1:1", apiKey: "books-key-0123456789" } }
routes:
  - id: sales-to-erp
    source: { connection: pos, stream: transactions }
    destination: { connection: erp, entity: invoice }
  - id: sales-to-books
    source: { connection: pos, stream: transactions }
    destination: { connection: books, entity: invoice }
    filter: "kind = 'sale'"
    posting: { policy: daily-summary, timezone: Asia/Ho_Chi_Minh }
`;

/** A canonical transaction with just the figures reconciliation reads (money in minor units). */
function transaction(
  id: string,
  at: string,
  total: number,
  opts: { kind?: string; location?: string; tax?: number } = {},
) {
  const money = (amount: number) => ({ amount, currency: 'USD' });
  return {
    externalId: id,
    kind: opts.kind ?? 'sale',
    receiptNumber: `R-${id}`,
    occurredAt: at,
    locationId: opts.location ?? 'L1',
    currency: 'USD',
    lines: [],
    discounts: [],
    taxes: [],
    serviceCharges: [],
    tip: money(0),
    tenders: [{ type: 'card', amount: money(total) }],
    totals: { lines: money(total), discount: money(0), tax: money(opts.tax ?? 0), total: money(total) },
  };
}

async function store(
  ledger: Ledger,
  tx: ReturnType<typeof transaction>,
): Promise<{ recordId: string; version: number }> {
  const stored = await ledger.records.upsert({
    kind: 'transaction',
    originConnectionId: 'pos',
    externalId: tx.externalId,
    contentHash: JSON.stringify(tx),
    data: tx,
    occurredAt: tx.occurredAt,
  });
  return { recordId: stored.recordId, version: stored.version };
}

async function deliver(
  ledger: Ledger,
  stored: { recordId: string; version: number },
  routeId: string,
  destination: string,
  outcome: 'done' | 'dead' | 'pending',
): Promise<void> {
  const [id] = await ledger.deliveries.createMany([
    {
      recordId: stored.recordId,
      recordVersion: stored.version,
      routeId,
      destinationConnectionId: destination,
      entity: 'invoice',
    },
  ]);
  if (outcome === 'done') await ledger.deliveries.markDone(id, { targetId: `T-${stored.recordId}` });
  if (outcome === 'dead')
    await ledger.deliveries.markDead(id, { error: 'erp answered 500', code: 'TRANSIENT' });
}

describe.each(DIALECTS)('reconciliation (%s)', (dialect: SqlDialect) => {
  let db: TestLedger;
  let config: PoshubConfig;
  let service: ReconciliationService;

  beforeAll(async () => {
    db = await createTestLedger(dialect);
    const hub = buildHubCatalogue(CONNECTORS);
    config = parsePoshubConfig(CONFIG, 'test.yaml', { env: {}, connectors: hub.connectors });
    const routes = new RouteTable(config, (id) => hub.registry.require(config.connections[id].connector));
    service = new ReconciliationService(db.ledger, config, routes);
    const { ledger } = db;

    // 2025-03-01 in Asia/Ho_Chi_Minh (UTC+7) is [2025-02-28T17:00Z, 2025-03-01T17:00Z).
    const a = await store(ledger, transaction('A', '2025-03-01T02:00:00Z', 1000, { tax: 100 }));
    const b = await store(ledger, transaction('B', '2025-03-01T03:00:00Z', 2500, { tax: 250 }));
    const c1 = await store(ledger, transaction('C', '2025-03-01T04:00:00Z', 700));
    const refund = await store(ledger, transaction('F', '2025-03-01T05:00:00Z', 300, { kind: 'refund' }));
    const other = await store(ledger, transaction('L2-1', '2025-03-01T06:00:00Z', 900, { location: 'L2' }));
    const nextDay = await store(ledger, transaction('N', '2025-03-01T18:00:00Z', 5000));

    for (const s of [a, refund, other, nextDay]) await deliver(ledger, s, 'sales-to-erp', 'erp', 'done');
    await deliver(ledger, b, 'sales-to-erp', 'erp', 'dead');
    await deliver(ledger, c1, 'sales-to-erp', 'erp', 'done');
    // C changed at the POS after it was delivered: the ERP holds version 1, version 2 is pending.
    const c2 = await store(ledger, transaction('C', '2025-03-01T04:00:00Z', 800));
    await deliver(ledger, c2, 'sales-to-erp', 'erp', 'pending');

    // The books get L1's sales as one summary document counting A, B and C v2; L2's day has none.
    const summary = {
      ...transaction('L1@2025-03-01', '2025-03-01T04:00:00Z', 4300, { tax: 350 }),
      summary: { businessDay: '2025-03-01', transactions: 3, final: true, adjustment: 0 },
    };
    const doc = await ledger.records.upsert({
      kind: 'transaction',
      originConnectionId: summaryOrigin('sales-to-books'),
      externalId: 'L1@2025-03-01',
      contentHash: 'summary-1',
      data: summary,
      occurredAt: summary.occurredAt,
    });
    await ledger.summaries.assign('sales-to-books', 'L1@2025-03-01', [a, b, c2]);
    await deliver(ledger, doc, 'sales-to-books', 'books', 'done');
  });

  afterAll(async () => {
    await db?.destroy();
  });

  const items = (report: Awaited<ReturnType<ReconciliationService['report']>>) =>
    report.locations.flatMap((l) =>
      l.destinations.flatMap((d) =>
        d.items.map((i: ReconciliationItem) => ({ ...i, destination: d.destination })),
      ),
    );

  it('lists the dead sale as missing and the changed one as differing, with POS and delivered totals', async () => {
    const report = await service.report({ date: '2025-03-01', destination: 'erp' });
    expect(report.ok).toBe(false);
    expect(items(report).map((i) => [i.externalId, i.problem])).toEqual([
      ['B', 'missing'],
      ['C', 'differing'],
    ]);
    const [l1, l2] = report.locations;
    expect([l1.location, l1.timezone, l1.from]).toEqual([
      'L1',
      'Asia/Ho_Chi_Minh',
      '2025-02-28T17:00:00.000Z',
    ]);
    expect(l1.pos).toMatchObject({
      transactions: 4,
      sales: { count: 3, amount: 4300 },
      refunds: { count: 1, amount: 300 },
      net: 4000,
      tax: 350,
      tenders: { card: 4000 },
    });
    const erp = l1.destinations[0];
    expect(erp).toMatchObject({ destination: 'erp', expected: 4, delivered: 2, ok: false });
    // The ERP holds A, the refund, and C at 700 (its version 1); B never arrived.
    expect(erp.deliveredTotals).toMatchObject({ sales: { count: 2, amount: 1700 }, net: 1400 });
    const b = erp.items[0];
    expect(b).toMatchObject({
      deliveryStatus: 'dead',
      lastError: 'erp answered 500',
      deliveredVersion: null,
    });
    expect(erp.items[1]).toMatchObject({ currentVersion: 2, deliveredVersion: 1, deliveryStatus: 'pending' });
    expect(l2).toMatchObject({ location: 'L2', ok: true, destinations: [{ expected: 1, delivered: 1 }] });
    expect(
      report.locations.flatMap((l) => l.destinations.flatMap((d) => d.items)).map((i) => i.externalId),
    ).not.toContain('N');
  });

  it('checks summary-posted sales against the delivered summary document', async () => {
    const report = await service.report({ date: '2025-03-01', destination: 'books', location: 'L1' });
    const books = report.locations[0].destinations[0];
    expect(books).toMatchObject({
      destination: 'books',
      posting: 'daily-summary',
      expected: 3,
      delivered: 3,
      ok: true,
    });
    expect(books.deliveredTotals).toEqual(books.expectedTotals);
    const all = await service.report({ date: '2025-03-01', destination: 'books' });
    // L2's sale is in no summary yet.
    expect(items(all).map((i) => [i.externalId, i.problem, i.reason])).toEqual([
      ['L2-1', 'missing', 'counted in no summary of the day yet'],
    ]);
  });

  it('lists only the sales of an undelivered summary document, whatever adjustment number it has', async () => {
    const { ledger } = db;
    const route = 'sales-to-books';
    const day = '2025-03-02';
    // 2025-03-02 in Asia/Ho_Chi_Minh starts at 2025-03-01T17:00Z.
    const x = await store(ledger, transaction('L3-X', '2025-03-02T02:00:00Z', 1000, { location: 'L3' }));
    const y = await store(ledger, transaction('L3-Y', '2025-03-02T03:00:00Z', 500, { location: 'L3' }));
    const w = await store(ledger, transaction('L3-W', '2025-03-02T04:00:00Z', 40, { location: 'L3' }));
    const z = await store(ledger, transaction('L3-Z', '2025-03-02T05:00:00Z', 200, { location: 'L3' }));
    const key = { routeId: route, locationId: 'L3', businessDay: day };
    await ledger.summaries.touch(key, new Date('2025-03-02T19:00:00Z'));
    const document = async (
      suffix: string,
      members: { recordId: string; version: number }[],
      total: number,
      outcome: 'done' | 'dead',
    ) => {
      const externalId = `L3@${day}${suffix}`;
      const data = {
        ...transaction(externalId, '2025-03-02T05:00:00Z', total, { location: 'L3' }),
        summary: { businessDay: day, transactions: members.length, final: true, adjustment: 0 },
      };
      const stored = await ledger.records.upsert({
        kind: 'transaction',
        originConnectionId: summaryOrigin(route),
        externalId,
        contentHash: externalId,
        data,
        occurredAt: data.occurredAt,
      });
      await ledger.summaries.assign(route, externalId, members);
      await deliver(ledger, stored, route, 'books', outcome);
    };
    // The day's document (X, Y) and adjustment #1 (W) arrived; the build of #2 failed after taking
    // its number, so #2 has no document; #3 (Z) went dead at the books.
    await document('', [x, y], 1500, 'done');
    for (let n = 1; n <= 3; n += 1) expect(await ledger.summaries.nextAdjustment(key)).toBe(n);
    await document('#1', [w], 40, 'done');
    await document('#3', [z], 200, 'dead');

    const report = await service.report({ date: day, destination: 'books', location: 'L3' });
    const books = report.locations[0].destinations[0];
    expect(items(report).map((i) => [i.externalId, i.problem, i.reason])).toEqual([
      ['L3-Z', 'missing', `summary L3@${day}#3 dead`],
    ]);
    expect(books).toMatchObject({ expected: 4, delivered: 3, ok: false });
    expect(books.deliveredTotals).toMatchObject({ sales: { count: 3, amount: 1540 } });
    expect(books.expectedTotals).toMatchObject({ sales: { count: 4, amount: 1740 } });
  });

  it('reads the day in the zone asked for', async () => {
    const report = await service.report({
      date: '2025-03-01',
      timezone: 'UTC',
      destination: 'erp',
      location: 'L1',
    });
    // In UTC the 18:00Z sale belongs to 2025-03-01 too.
    expect(report.locations[0].pos.transactions).toBe(5);
    expect(report.locations[0].from).toBe('2025-03-01T00:00:00.000Z');
  });

  it('refuses a bad day, zone or destination', async () => {
    await expect(service.report({ date: '2025-02-30' })).rejects.toBeInstanceOf(ReconciliationInputError);
    await expect(service.report({ date: '2025-03-01', timezone: 'Mars/Base' })).rejects.toBeInstanceOf(
      ReconciliationInputError,
    );
    await expect(service.report({ date: '2025-03-01', destination: 'nope' })).rejects.toBeInstanceOf(
      ReconciliationInputError,
    );
  });
});
