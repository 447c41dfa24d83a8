import type { PoshubConfig } from '../../../src/config';
import type { Ledger } from '../../../src/ledger';
import type { RouteTable, ResolvedRoute } from '../../../src/pipeline/route-table';
import { STOCK_SYNC_KIND, StockSyncService } from '../../../src/pipeline/stock/stock-sync.service';
import type { QueueService } from '../../../src/queue/queue.service';
import { STOCK_SYNC_STREAM } from '../../../src/registry/derived-streams';
import { DIALECTS, createTestLedger, type TestLedger } from './ledger-test-db';

const SALES: ResolvedRoute = {
  id: 'sales-daily',
  sourceConnectionId: 'pos',
  stream: 'transactions',
  destinationConnectionId: 'erp',
  entity: 'transaction',
  kind: 'transaction',
  mappingId: 'erp/transaction',
  dailySummary: { timezone: 'UTC', closeAfterMs: 3_600_000, settleAfterMs: 1000 },
};
const LEVELS: ResolvedRoute = {
  id: 'stock-to-erp',
  sourceConnectionId: 'pos',
  stream: STOCK_SYNC_STREAM,
  destinationConnectionId: 'erp',
  entity: 'stock',
  kind: 'stock',
  mappingId: 'erp/stock-write',
};

/** POS-owned stock sync over a daily-summary sales route, with only the route table it reads faked. */
function service(): StockSyncService {
  const config = {
    stock: { owner: 'pos', erp: 'erp', pos: 'pos', locations: 'locations' },
    lookups: { locations: { L1: 'X1' } },
  } as unknown as PoshubConfig;
  const routes = {
    routes: () => [SALES, LEVELS],
    fromSource: (connection: string, stream: string) =>
      connection === 'pos' && stream === STOCK_SYNC_STREAM ? [LEVELS] : [],
  } as unknown as RouteTable;
  return new StockSyncService(config, routes, {} as QueueService);
}

const line = (quantity: string) => ({ product: { sku: 'SKU-1' }, quantity });

async function sale(ledger: Ledger, externalId: string, occurredAt: string): Promise<string> {
  const stored = await ledger.records.upsert({
    kind: 'transaction',
    originConnectionId: 'pos',
    externalId,
    contentHash: externalId,
    data: { externalId, kind: 'sale', locationId: 'L1', occurredAt, lines: [line('1')] },
    occurredAt,
  });
  return stored.recordId;
}

/** A version of a summary document counting `quantity` × SKU-1 and its pending delivery. */
async function document(ledger: Ledger, externalId: string, final: boolean, quantity: string) {
  const data = {
    externalId,
    kind: 'sale',
    locationId: 'L1',
    lines: [line(quantity)],
    summary: { final },
  };
  const stored = await ledger.records.upsert({
    kind: 'transaction',
    originConnectionId: `summary.${SALES.id}`,
    externalId,
    contentHash: JSON.stringify(data),
    data,
  });
  const [id] = await ledger.deliveries.createMany([
    {
      recordId: stored.recordId,
      recordVersion: stored.version,
      routeId: SALES.id,
      destinationConnectionId: 'erp',
      entity: 'transaction',
    },
  ]);
  return { recordId: stored.recordId, deliveryId: id!, data };
}

describe.each(DIALECTS)('POS-owned stock sync with daily-summary posting on %s', (dialect) => {
  let db: TestLedger;
  let ledger: Ledger;
  beforeAll(async () => {
    db = await createTestLedger(dialect);
    ledger = db.ledger;
  });
  afterAll(() => db.destroy());

  it("recomputes the ERP level when a FINAL document's delivery completes, not for a draft", async () => {
    const sync = service();
    await ledger.records.upsert({
      kind: 'stock',
      originConnectionId: 'pos',
      externalId: 'SKU-1@L1',
      contentHash: 'count-10',
      data: {
        externalId: 'SKU-1@L1',
        product: { sku: 'SKU-1' },
        locationId: 'L1',
        quantity: '10',
        countedAt: '2025-03-02T12:00:00Z',
      },
    });
    const key = { routeId: SALES.id, locationId: 'L1' };
    await ledger.summaries.touch({ ...key, businessDay: '2025-03-01' }, new Date('2025-03-02T01:00:00Z'));
    await ledger.summaries.touch({ ...key, businessDay: '2025-03-02' }, new Date('2025-03-03T01:00:00Z'));
    const [a, b] = [
      await sale(ledger, 'a', '2025-03-01T10:00:00Z'),
      await sale(ledger, 'b', '2025-03-01T11:00:00Z'),
    ];
    await sale(ledger, 'today', '2025-03-02T10:00:00Z');
    // The ERP level is named by its first POS location.
    const level = async () => {
      const row = await ledger.records.findByExternalId(STOCK_SYNC_KIND, 'pos', 'SKU-1@L1');
      return row && ((await ledger.records.getVersion(row.id, row.version))?.data as { quantity: string });
    };

    // The day's draft counts a and b: delivering it moves no ERP stock, so nothing is recomputed.
    await ledger.summaries.assign(SALES.id, 'L1@2025-03-01', [
      { recordId: a, version: 1 },
      { recordId: b, version: 1 },
    ]);
    const draft = await document(ledger, 'L1@2025-03-01', false, '2');
    const none = await ledger.transaction((tx) =>
      sync.saleDelivered(tx, { recordId: draft.recordId, routeId: SALES.id }, draft.data),
    );
    expect(none).toEqual([]);
    await ledger.deliveries.markDone(draft.deliveryId, { targetId: 'so-1' });
    // A pull of the sales: the count plus all three undelivered sales.
    await ledger.transaction((tx) => sync.salesPulled(tx, [{ locationId: 'L1', lines: [line('1')] }]));
    expect((await level())?.quantity).toBe('13');

    // The final version is confirmed: a and b leave U in that same transaction; today's sale stays.
    const final = await document(ledger, 'L1@2025-03-01', true, '2');
    const created = await ledger.transaction(async (tx) => {
      const rows = await sync.saleDelivered(tx, { recordId: final.recordId, routeId: SALES.id }, final.data);
      await tx.deliveries.markDone(final.deliveryId, { targetId: 'so-1' });
      return rows;
    });
    expect(created).toHaveLength(1);
    expect((await level())?.quantity).toBe('11');
  });
});
