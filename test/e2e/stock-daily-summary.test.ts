import type { SquareOrder } from '../../connectors/square/simulator/square-simulator';
import { subtractQuantity } from '../../src/canonical/quantity';
import { businessDayOf } from '../../src/pipeline/summary/business-day';
import { StockHub, type Figures } from '../support/stock-hub';
import { waitUntil } from '../support/test-env';

jest.setTimeout(240_000);

const ROUTE = 'sales-to-odoo';

/** Figures that differ between two maps, for readable failures (empty when equal). */
function differences(actual: Figures, expected: Figures): string[] {
  const keys = new Set([...actual.keys(), ...expected.keys()]);
  return [...keys]
    .filter((k) => subtractQuantity(actual.get(k) ?? '0', expected.get(k) ?? '0') !== '0')
    .map((k) => `${k}: ${actual.get(k) ?? '-'} != ${expected.get(k) ?? '-'}`);
}

/** `figures` minus `sold`, key by key. */
function minus(figures: Figures, sold: Figures): Figures {
  const out: Figures = new Map(figures);
  for (const [key, q] of sold) out.set(key, subtractQuantity(out.get(key) ?? '0', q));
  return out;
}

describe('stock sync, ERP-owned, with Square sales posted to Odoo as daily summaries', () => {
  let stock: StockHub;
  beforeAll(async () => {
    stock = await StockHub.start({
      owner: 'erp',
      salesPosting: '{ policy: daily-summary, timezone: UTC, closeAfter: 1h, settleAfter: 1s }',
      relayIntervalMs: 500,
    });
  });
  afterAll(() => stock?.close());

  it("Square counts = Odoo's figure minus the open day's sales: none lost, none counted twice", async () => {
    const initial = stock.odooCounts();
    // A past day (two days back: closed an hour after its end, long ago) and today (open).
    const past = stock.square.generateOrders(60, {
      refundRatio: 0,
      at: new Date(Date.now() - 2 * 86_400_000),
    });
    const today = stock.square.generateOrders(40, { refundRatio: 0 });
    // One pull of both: today's orders are stamped up to an hour back, before a pull made now.
    await stock.pull('square', 'transactions');

    // Every day built; the past one closed and its final (confirmed) document delivered, today's
    // draft delivered too.
    const { ledger } = stock;
    await waitUntil(
      async () =>
        (await ledger.deliveries.countByStatus()).pending === 0 &&
        (await ledger.summaries.listDue(new Date())).length === 0,
      {
        timeoutMs: 90_000,
        intervalMs: 250,
        describe: async () =>
          `${JSON.stringify(await ledger.deliveries.countByStatus())} due ` +
          JSON.stringify(await ledger.summaries.listDue(new Date())),
      },
    );
    const dayOf = (o: SquareOrder) => ({
      routeId: ROUTE,
      locationId: o.location_id,
      businessDay: businessDayOf(o.created_at, 'UTC'),
    });
    const open: SquareOrder[] = [];
    const closed: SquareOrder[] = [];
    for (const order of [...past, ...today]) {
      const row = await ledger.summaries.get(dayOf(order));
      expect(row).toBeDefined();
      (row!.status === 'open' ? open : closed).push(order);
    }
    expect(past.every((o) => closed.includes(o))).toBe(true);
    expect(open.length).toBeGreaterThan(0);
    for (const order of [...past, ...today])
      expect(await ledger.records.findByExternalId('transaction', 'square', order.id)).toBeDefined();
    // Odoo booked the closed days' confirmed orders only: an open day's draft moves no stock.
    const orders = stock.odoo.records('sale.order');
    expect(orders.some((o) => o.state === 'draft')).toBe(true);
    expect(orders.some((o) => o.state === 'sale')).toBe(true);
    expect(differences(stock.odooCounts(), minus(initial, stock.netSold(closed)))).toEqual([]);

    // Odoo's figures are read and pushed to Square as counts.
    await stock.pull('odoo', 'stock');
    await stock.settle('square');
    const odoo = stock.odooCounts();
    // The open day's sales are in no Odoo figure yet, so poshub takes them out of the count;
    // the closed day's are in Odoo's figure and must not be taken out a second time.
    expect(differences(stock.squareCounts(), minus(odoo, stock.netSold(open)))).toEqual([]);
    expect(differences(stock.squareCounts(), minus(initial, stock.netSold([...past, ...today])))).toEqual([]);
    const counts = await ledger.deliveries.countByStatus();
    expect(counts).toMatchObject({ pending: 0, dead: 0 });
  });
});
