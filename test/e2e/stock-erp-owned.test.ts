import { subtractQuantity } from '../../src/canonical/quantity';
import { StockHub, type Figures } from '../support/stock-hub';

jest.setTimeout(240_000);

const SALES = 200;
const RECEIPT = 37;

/** Figures that differ between two maps, for readable failures (empty when equal). */
function differences(actual: Figures, expected: Figures): string[] {
  const keys = new Set([...actual.keys(), ...expected.keys()]);
  return [...keys]
    .filter((k) => subtractQuantity(actual.get(k) ?? '0', expected.get(k) ?? '0') !== '0')
    .map((k) => `${k}: ${actual.get(k) ?? '-'} != ${expected.get(k) ?? '-'}`);
}

describe('stock sync, ERP-owned (Odoo stock.quant → Square counts)', () => {
  let stock: StockHub;
  beforeAll(async () => {
    stock = await StockHub.start({ owner: 'erp' });
  });
  afterAll(() => stock?.close());

  it('after 200 sales and an ERP receipt, Square counts equal Odoo per mapped location, sales counted once', async () => {
    const initial = stock.odooCounts();
    // Phase A: 150 sales (and their returns) reach Square, poshub and Odoo.
    const first = stock.square.generateOrders(150, { refundRatio: 0.1 });
    await stock.pull('square', 'transactions');
    await stock.settle('odoo');

    // Phase B: 50 more sales are pulled but Odoo has not received them when its figures are read.
    await stock.hold('odoo', true);
    const second = stock.square.generateOrders(SALES - 150, { refundRatio: 0.1 });
    await stock.pull('square', 'transactions');
    // A goods receipt in Odoo while those sales are in flight.
    const [location] = [...stock.stockLocations.values()];
    const received = [...new Set(stock.skus.values())].slice(0, 3);
    for (const sku of received) stock.odoo.receiveStock(sku, location!, RECEIPT);
    // The counts are computed (stamped at the newest sale pulled) but reach Square only after a few
    // more sales were rung up there: Square replays those on top of the counts.
    await stock.hold('square', true);
    await stock.pull('odoo', 'stock');
    const third = stock.square.generateOrders(10, { refundRatio: 0 });
    await stock.hold('square', false);
    await stock.settle('square');

    const truth: Figures = new Map(initial);
    const sold = stock.netSold([...first, ...second]);
    for (const [key, q] of sold) truth.set(key, subtractQuantity(truth.get(key) ?? '0', q));
    const squareLocation = [...stock.stockLocations.keys()][0];
    for (const sku of received) {
      const key = `${sku}@${squareLocation}`;
      truth.set(key, subtractQuantity(truth.get(key)!, `-${RECEIPT}`));
    }
    // Square already shows the truth, though Odoo still misses phase B's sales: Square had taken
    // them out itself, and poshub subtracted them from Odoo's figure exactly once. The sales rung up
    // after the counts' time are out too: Square applied them on top of poshub's counts.
    const unpulled = stock.netSold(third);
    const squareTruth: Figures = new Map(truth);
    for (const [key, q] of unpulled) squareTruth.set(key, subtractQuantity(squareTruth.get(key) ?? '0', q));
    expect(differences(stock.squareCounts(), squareTruth)).toEqual([]);
    const phaseB = stock.netSold(second);
    const odooNow = stock.odooCounts();
    expect([...phaseB].some(([key, q]) => subtractQuantity(odooNow.get(key)!, truth.get(key)!) === q)).toBe(
      true,
    );

    // Odoo receives phase B; its figures move; poshub pushes again and nothing is counted twice.
    await stock.hold('odoo', false);
    await stock.pull('square', 'transactions');
    await stock.settle('odoo');
    await stock.pull('odoo', 'stock');
    await stock.settle('square');
    expect(differences(stock.odooCounts(), squareTruth)).toEqual([]);
    expect(differences(stock.squareCounts(), stock.odooCounts())).toEqual([]);

    const counts = await stock.ledger.deliveries.countByStatus();
    expect(counts).toMatchObject({ pending: 0, dead: 0 });
    const orders = first.length + second.length + third.length;
    expect(orders).toBeGreaterThanOrEqual(SALES);
    const done = async (route: string) =>
      (await stock.ledger.deliveries.list({ routeId: route, status: 'done', limit: 500 })).items.length;
    expect(await done('sales-to-odoo')).toBe(orders);
    // Both pushes wrote counts: every mapped SKU × location once, then the ones phase B moved.
    expect(await done('stock-sync')).toBeGreaterThanOrEqual(stock.skus.size * 2);
  });
});
