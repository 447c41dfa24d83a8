import { prepareOdooCatalogue, type OdooCatalogueOptions } from './odoo-catalogue';
import { OdooSimulator } from './odoo-simulator';
import { ormCall } from './sim-test.client';

const OPTIONS: OdooCatalogueOptions = {
  warehouses: { north: 'WH1', south: 'WH2' },
  stock: { skus: ['A-1', 'A-2', 'A-1'], initialQuantity: 7, name: (sku) => `Shop ${sku}` },
  taxes: [
    { name: 'City tax', rate: 8.875, included: false },
    { name: 'VAT incl.', rate: 10, included: true },
    { name: 'NY sales tax', rate: 8.875, included: false, lookupKey: 'NY sales tax' },
  ],
  journals: { cash: 'CSH', card: 'BNK' },
};

describe('prepareOdooCatalogue', () => {
  const sims: OdooSimulator[] = [];
  const start = async () => {
    const sim = await OdooSimulator.start({ version: '17.0', seed: 5 });
    sims.push(sim);
    return sim;
  };
  afterAll(() => Promise.all(sims.map((s) => s.close())));

  const byId = (sim: OdooSimulator, model: string, id: string | number) =>
    sim.records(model).find((r) => r.id === Number(id));
  const warehouse = (sim: OdooSimulator, code: string) =>
    sim.records('stock.warehouse').find((w) => w.code === code)!;
  const quantsOf = (sim: OdooSimulator, product: number) =>
    sim
      .records('stock.quant')
      .filter((q) => (q.product_id as [number])[0] === product)
      .map((q) => [(q.location_id as [number])[0], q.quantity]);

  it('creates each SKU once as a storable product with the quantity in every mapped warehouse', async () => {
    const sim = await start();
    const { products, stockLocations, lookups } = prepareOdooCatalogue(sim, OPTIONS);
    const wh1Stock = (warehouse(sim, 'WH1').lot_stock_id as [number])[0];
    const wh2Stock = (warehouse(sim, 'WH2').lot_stock_id as [number])[0];
    expect([...stockLocations]).toEqual([
      ['north', wh1Stock],
      ['south', wh2Stock],
    ]);
    expect(lookups['odoo-locations']).toEqual({ north: String(wh1Stock), south: String(wh2Stock) });
    expect([...products.keys()]).toEqual(['A-1', 'A-2']);
    for (const [sku, id] of products) {
      expect(byId(sim, 'product.product', id)).toMatchObject({
        name: `Shop ${sku}`,
        default_code: sku,
        type: 'product',
        is_storable: true,
        qty_available: 14,
      });
      expect(quantsOf(sim, id)).toEqual([
        [wh1Stock, 7],
        [wh2Stock, 7],
      ]);
    }
  });

  it('points the lookups at the taxes, charge products, journals and warehouses', async () => {
    const sim = await start();
    const { lookups } = prepareOdooCatalogue(sim, OPTIONS);
    const taxes = lookups['odoo-taxes'];
    expect(Object.keys(taxes)).toEqual(['8.875%', '10% incl', 'NY sales tax']);
    expect(byId(sim, 'account.tax', taxes['8.875%']!)).toMatchObject({
      name: 'City tax',
      amount: 8.875,
      type_tax_use: 'sale',
      price_include: false,
    });
    expect(byId(sim, 'account.tax', taxes['10% incl']!)).toMatchObject({ amount: 10, price_include: true });
    expect(byId(sim, 'account.tax', taxes['NY sales tax']!)).toMatchObject({ name: 'NY sales tax' });
    const charges = Object.entries(lookups['odoo-products']).map(([key, id]) => {
      const product = byId(sim, 'product.product', id)!;
      return [key, product.default_code, product.type];
    });
    expect(charges).toEqual([
      ['service-charge', 'POS-SERVICE', 'service'],
      ['tip', 'POS-TIP', 'service'],
      ['discount', 'POS-DISCOUNT', 'service'],
      ['tax', 'POS-TAX', 'service'],
    ]);
    const journalCode = (id: string) => byId(sim, 'account.journal', id)!.code;
    expect(Object.keys(lookups['odoo-journals'])).toEqual(['cash', 'card']);
    expect(journalCode(lookups['odoo-journals'].cash!)).toBe('CSH');
    expect(journalCode(lookups['odoo-journals'].card!)).toBe('BNK');
    expect(lookups['odoo-warehouses']).toEqual({
      north: String(warehouse(sim, 'WH1').id),
      south: String(warehouse(sim, 'WH2').id),
    });
  });

  it('creates products the connector finds by internal reference over the API', async () => {
    const sim = await start();
    const { products } = prepareOdooCatalogue(sim, OPTIONS);
    const found = await ormCall(sim, 'jsonrpc', 'product.product', 'search', {
      domain: [['default_code', '=', 'A-2']],
    });
    expect(found).toMatchObject({ ok: true, result: [products.get('A-2')] });
  });

  it('seeds a warehouse shared by two POS locations once', async () => {
    const sim = await start();
    const { products, stockLocations, lookups } = prepareOdooCatalogue(sim, {
      ...OPTIONS,
      warehouses: { north: 'WH1', south: 'WH1' },
    });
    const wh1Stock = (warehouse(sim, 'WH1').lot_stock_id as [number])[0];
    expect([...new Set(stockLocations.values())]).toEqual([wh1Stock]);
    expect(lookups['odoo-warehouses'].south).toBe(String(warehouse(sim, 'WH1').id));
    expect(quantsOf(sim, products.get('A-1')!)).toEqual([[wh1Stock, 7]]);
  });

  it('creates no storable product without `stock`', async () => {
    const sim = await start();
    const before = sim.records('product.product').length;
    const { products } = prepareOdooCatalogue(sim, { ...OPTIONS, stock: undefined });
    expect(products.size).toBe(0);
    // Only the four charge products.
    expect(sim.records('product.product')).toHaveLength(before + 4);
  });

  it('refuses unknown warehouse or journal codes before creating anything', async () => {
    const sim = await start();
    const count = () => ['product.product', 'account.tax', 'stock.quant'].map((m) => sim.records(m).length);
    const before = count();
    expect(() => prepareOdooCatalogue(sim, { ...OPTIONS, warehouses: { north: 'WH9' } })).toThrow(
      'the Odoo simulator has no stock.warehouse with code WH9',
    );
    expect(() => prepareOdooCatalogue(sim, { ...OPTIONS, journals: { cash: 'TILL' } })).toThrow(
      'the Odoo simulator has no account.journal with code TILL',
    );
    expect(count()).toEqual(before);
  });
});
