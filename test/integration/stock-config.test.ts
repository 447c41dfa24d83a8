import { crossCheckConfig } from '../../src/config/config-cross-checks';

const base = (stock: Record<string, unknown>, routes: unknown[] = []) => ({
  connections: { odoo: { connector: 'odoo' }, square: { connector: 'square' } },
  lookups: { 'odoo-locations': { L1: '8', L2: '8', L3: '12' }, skus: { A: 'VAR-A' } },
  routes,
  stock,
});
const syncRoute = (from: string, to: string) => ({
  id: 'stock',
  source: { connection: from, stream: 'stock-sync' },
  destination: { connection: to, entity: 'stock' },
});

describe('stock: cross-checks', () => {
  it('names unknown connections and lookups and a missing sync route', () => {
    const issues = crossCheckConfig({
      raw: base({ owner: 'pos', erp: 'erp', pos: 'square', locations: 'nope', products: 'missing' }),
    });
    expect(issues).toEqual(
      expect.arrayContaining([
        { path: 'stock.erp', message: 'unknown connection "erp"' },
        { path: 'stock.locations', message: 'unknown lookup "nope"' },
        { path: 'stock.products', message: 'unknown lookup "missing"' },
        {
          path: 'stock.owner',
          message: expect.stringContaining('needs a route from { connection: square, stream: stock-sync }'),
        },
      ]),
    );
  });

  it('refuses, for owner erp only, POS locations sharing an ERP location', () => {
    const erpOwned = crossCheckConfig({
      raw: base({ owner: 'erp', erp: 'odoo', pos: 'square', locations: 'odoo-locations', products: 'skus' }, [
        syncRoute('odoo', 'square'),
      ]),
    });
    expect(erpOwned).toEqual([
      {
        path: 'stock.locations',
        message: expect.stringMatching(/^POS locations L1, L2 all map to ERP location 8/),
      },
    ]);
    const posOwned = crossCheckConfig({
      raw: base({ owner: 'pos', erp: 'odoo', pos: 'square', locations: 'odoo-locations' }, [
        syncRoute('square', 'odoo'),
      ]),
    });
    expect(posOwned).toEqual([]);
  });
});
