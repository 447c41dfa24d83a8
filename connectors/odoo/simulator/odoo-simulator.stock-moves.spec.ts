import { OdooSimulator } from './odoo-simulator';
import { ormCall, type OrmOutcome } from './sim-test.client';

const value = (outcome: OrmOutcome): unknown => {
  if (!outcome.ok) throw new Error(`${outcome.name}: ${outcome.message}`);
  return outcome.result;
};

// Seeded products 1–4 are storable (SKU-001…004); "Gift Wrapping" (SRV-WRAP) is a service.
describe('OdooSimulator stock moves of sales documents', () => {
  let sim: OdooSimulator;
  let wh2: number;
  let stock1: number;
  let stock2: number;
  beforeAll(async () => {
    sim = await OdooSimulator.start({ version: '17.0', seed: 5 });
    const warehouses = sim.records('stock.warehouse');
    const byCode = (code: string) => warehouses.find((w) => w.code === code)!;
    wh2 = byCode('WH2').id as number;
    stock1 = (byCode('WH1').lot_stock_id as [number])[0];
    stock2 = (byCode('WH2').lot_stock_id as [number])[0];
  });
  afterAll(() => sim.close());

  const onHand = (product: number, location: number): number =>
    sim
      .records('stock.quant')
      .filter((q) => (q.product_id as [number])[0] === product && (q.location_id as [number])[0] === location)
      .reduce((sum, q) => sum + (q.quantity as number), 0);
  const service = () =>
    sim.records('product.product').find((p) => p.default_code === 'SRV-WRAP')!.id as number;
  const create = async (model: string, vals: Record<string, unknown>) =>
    (value(await ormCall(sim, 'jsonrpc', model, 'create', { vals_list: [vals] })) as number[])[0]!;
  const act = async (model: string, method: string, id: number) =>
    value(await ormCall(sim, 'jsonrpc', model, method, { ids: [id] }));

  it('delivers storable lines of a confirmed sale order from its warehouse, not before confirmation', async () => {
    const before = [onHand(1, stock2), onHand(2, stock2), onHand(1, stock1)];
    const order = await create('sale.order', {
      partner_id: 1,
      warehouse_id: wh2,
      order_line: [
        [0, 0, { product_id: 1, product_uom_qty: 2.5 }],
        [0, 0, { product_id: 2, product_uom_qty: 1 }],
        [0, 0, { product_id: service(), product_uom_qty: 1 }],
      ],
    });
    expect([onHand(1, stock2), onHand(2, stock2)]).toEqual(before.slice(0, 2));
    await act('sale.order', 'action_confirm', order);
    expect([onHand(1, stock2), onHand(2, stock2), onHand(1, stock1)]).toEqual([
      before[0]! - 2.5,
      before[1]! - 1,
      before[2],
    ]);
    // Services never get quants.
    expect(sim.records('stock.quant').some((q) => (q.product_id as [number])[0] === service())).toBe(false);
  });

  it('takes a credit note back into the warehouse of the sale order it names, an invoice out of the first', async () => {
    const order = sim.records('sale.order').at(-1)!;
    const before = [onHand(3, stock1), onHand(3, stock2)];
    const invoice = await create('account.move', {
      move_type: 'out_invoice',
      partner_id: 1,
      invoice_line_ids: [[0, 0, { product_id: 3, quantity: 4 }]],
    });
    await act('account.move', 'action_post', invoice);
    const refund = await create('account.move', {
      move_type: 'out_refund',
      partner_id: 1,
      invoice_origin: order.name,
      invoice_line_ids: [[0, 0, { product_id: 3, quantity: 1.5 }]],
    });
    expect(onHand(3, stock2)).toBe(before[1]);
    await act('account.move', 'action_post', refund);
    expect([onHand(3, stock1), onHand(3, stock2)]).toEqual([before[0]! - 4, before[1]! + 1.5]);
  });

  it('lets quantities go negative and creates the quant a delivery needs', async () => {
    const product = sim.insert('product.product', {
      name: 'New beans',
      default_code: 'NEW-1',
      type: 'product',
      is_storable: true,
    });
    const order = await create('sale.order', {
      partner_id: 1,
      warehouse_id: wh2,
      order_line: [[0, 0, { product_id: product, product_uom_qty: 3 }]],
    });
    await act('sale.order', 'action_confirm', order);
    expect(onHand(product, stock2)).toBe(-3);
  });

  it('receives stock for tests and bumps the quant write_date so the stock stream reads it again', async () => {
    const quant = () =>
      sim
        .records('stock.quant')
        .find((q) => (q.product_id as [number])[0] === 4 && (q.location_id as [number])[0] === stock1)!;
    const before = quant();
    await new Promise((r) => setTimeout(r, 1100));
    sim.receiveStock('SKU-004', stock1, 40);
    expect(quant().quantity).toBe((before.quantity as number) + 40);
    expect((quant().write_date as string) > (before.write_date as string)).toBe(true);
    expect(() => sim.receiveStock('SRV-WRAP', stock1, 1)).toThrow(/not storable/);
    expect(() => sim.receiveStock('NOPE', stock1, 1)).toThrow(/no product/);
  });
});
