import { OdooSimulator } from './odoo-simulator';
import { ormCall, type OrmOutcome } from './sim-test.client';

const value = (outcome: OrmOutcome): unknown => {
  if (!outcome.ok) throw new Error(`${outcome.name}: ${outcome.message}`);
  return outcome.result;
};

describe('OdooSimulator stock', () => {
  let sim: OdooSimulator;
  let stock1: number;
  let stock2: number;
  beforeAll(async () => {
    sim = await OdooSimulator.start({ version: '19.0', seed: 7 });
    const warehouses = sim.records('stock.warehouse');
    stock1 = (warehouses.find((w) => w.code === 'WH1')!.lot_stock_id as [number])[0];
    stock2 = (warehouses.find((w) => w.code === 'WH2')!.lot_stock_id as [number])[0];
  });
  afterAll(() => sim.close());

  const quantOf = (product: number, location: number) =>
    sim
      .records('stock.quant')
      .filter(
        (q) => (q.product_id as [number])[0] === product && (q.location_id as [number])[0] === location,
      );

  it('seeds warehouses with internal stock locations and quants readable by location', async () => {
    const locations = value(
      await ormCall(sim, 'jsonrpc', 'stock.location', 'search_read', {
        domain: [['usage', '=', 'internal']],
        fields: ['complete_name', 'warehouse_id'],
      }),
    ) as { id: number; complete_name: string }[];
    expect(locations.map((l) => l.complete_name)).toEqual(['WH1/Stock', 'WH2/Stock']);
    const quants = value(
      await ormCall(sim, 'json2', 'stock.quant', 'search_read', {
        domain: [['location_id.usage', '=', 'internal']],
        fields: ['product_id', 'location_id', 'quantity'],
        order: 'write_date asc, id asc',
      }),
    ) as { quantity: number }[];
    expect(quants).toHaveLength(8);
    const [p1] = sim.records('product.product');
    const onHand = quantOf(1, stock1)[0]!.quantity as number;
    expect(p1!.qty_available).toBe(onHand + (quantOf(1, stock2)[0]!.quantity as number));
  });

  it('refuses quant writes outside inventory mode and restricted fields inside it', async () => {
    const [quant] = quantOf(2, stock1);
    const noMode = await ormCall(sim, 'jsonrpc', 'stock.quant', 'write', {
      ids: [quant!.id],
      vals: { inventory_quantity: 5 },
    });
    expect(noMode).toMatchObject({ ok: false, name: 'odoo.exceptions.AccessError' });
    const create = await ormCall(sim, 'json2', 'stock.quant', 'create', {
      vals_list: [{ product_id: 2, location_id: stock1, inventory_quantity: 3 }],
    });
    expect(create).toMatchObject({ ok: false, name: 'odoo.exceptions.AccessError', status: 403 });
    const quantity = await ormCall(sim, 'jsonrpc', 'stock.quant', 'write', {
      ids: [quant!.id],
      vals: { quantity: 5 },
      context: { inventory_mode: true },
    });
    expect(quantity).toMatchObject({
      ok: false,
      name: 'odoo.exceptions.UserError',
      message: "Quant's editing is restricted, you can't do this operation.",
    });
    const restricted = await ormCall(sim, 'jsonrpc', 'stock.quant', 'create', {
      vals_list: [{ product_id: 2, location_id: stock1, quantity: 3 }],
      context: { inventory_mode: true },
    });
    expect(restricted).toMatchObject({
      ok: false,
      message: "Quant's creation is restricted, you can't do this operation.",
    });
    const consumable = await ormCall(sim, 'jsonrpc', 'stock.quant', 'create', {
      vals_list: [{ product_id: 5, location_id: stock1, inventory_quantity: 3 }],
      context: { inventory_mode: true },
    });
    expect(consumable).toMatchObject({ ok: false, name: 'odoo.exceptions.ValidationError' });
    expect(quantOf(2, stock1)[0]).toEqual(quant);
  });

  it('sets counted quantities in inventory mode and applies them', async () => {
    const [existing] = quantOf(3, stock2);
    // Creating for an existing (product, location) records the count on that quant.
    const [sameId] = value(
      await ormCall(sim, 'json2', 'stock.quant', 'create', {
        vals_list: [{ product_id: 3, location_id: stock2, inventory_quantity: 42.5 }],
        context: { inventory_mode: true },
      }),
    ) as number[];
    expect(sameId).toBe(existing!.id);
    expect(quantOf(3, stock2)).toHaveLength(1);
    expect(quantOf(3, stock2)[0]).toMatchObject({
      quantity: existing!.quantity,
      inventory_quantity: 42.5,
      inventory_quantity_set: true,
      inventory_diff_quantity: 42.5 - (existing!.quantity as number),
    });
    const lot = sim.insert('stock.lot', { name: 'LOT-1', product_id: 4 });
    const [fresh] = value(
      await ormCall(sim, 'jsonrpc', 'stock.quant', 'create', {
        vals_list: [{ product_id: 4, location_id: stock2, lot_id: lot, inventory_quantity: 7 }],
        context: { inventory_mode: true },
      }),
    ) as number[];
    expect(fresh).not.toBe(quantOf(4, stock2)[0]!.id);
    value(
      await ormCall(sim, 'jsonrpc', 'stock.quant', 'write', {
        ids: [fresh],
        vals: { inventory_quantity: 9 },
        context: { inventory_mode: true },
      }),
    );
    const before = quantOf(3, stock2)[0]!.write_date as string;
    await new Promise((r) => setTimeout(r, 1100));
    expect(
      value(await ormCall(sim, 'json2', 'stock.quant', 'action_apply_inventory', { ids: [sameId, fresh] })),
    ).toBeNull();
    const applied = sim.records('stock.quant').filter((q) => q.id === sameId || q.id === fresh);
    expect(applied.map((q) => [q.quantity, q.inventory_quantity, q.inventory_quantity_set])).toEqual([
      [42.5, 0, false],
      [9, 0, false],
    ]);
    expect((applied[0]!.write_date as string) > before).toBe(true);
    const changed = value(
      await ormCall(sim, 'jsonrpc', 'stock.quant', 'search', { domain: [['write_date', '>', before]] }),
    );
    expect(changed).toEqual([sameId, fresh]);
  });

  it('applies at once with inventory_quantity_auto_apply', async () => {
    const [quant] = quantOf(1, stock1);
    value(
      await ormCall(sim, 'jsonrpc', 'stock.quant', 'write', {
        ids: [quant!.id],
        vals: { inventory_quantity_auto_apply: 11 },
        context: { inventory_mode: true },
      }),
    );
    expect(quantOf(1, stock1)[0]).toMatchObject({ quantity: 11, inventory_quantity_set: false });
  });
});
