import request from 'supertest';
import { StockHub } from '../support/stock-hub';
import { ADMIN_TOKEN } from '../support/test-env';

jest.setTimeout(120_000);

type Row = Record<string, unknown>;

describe('stock drift report and low-stock alerts', () => {
  let stock: StockHub;
  let server: Parameters<typeof request>[0];
  const get = (path: string) => request(server).get(path).set('Authorization', `Bearer ${ADMIN_TOKEN}`);

  beforeAll(async () => {
    // SKU-1001 is "low" at any quantity below 1000; the others at 3 or fewer.
    stock = await StockHub.start({
      owner: 'erp',
      dialect: 'postgres',
      lowStock: '{ default: 3, bySku: { SKU-1001: 1000 } }',
    });
    server = stock.hub.http!.getHttpServer();
    await stock.pull('odoo', 'stock');
    await stock.settle('square');
    await stock.pull('square', 'stock');
  });
  afterAll(() => stock?.close());

  it('answers 401 without the token and 400 JSON errors for bad parameters', async () => {
    await request(server).get('/api/v1/reports/stock-drift').expect(401);
    await request(server).get('/api/v1/alerts').expect(401);
    for (const path of [
      '/api/v1/reports/stock-drift?limit=0',
      '/api/v1/reports/stock-drift?drifting=maybe',
      '/api/v1/reports/stock-drift?colour=red',
      '/api/v1/alerts?limit=abc',
    ]) {
      const res = await get(path).expect(400);
      expect(res.body).toMatchObject({ error: { code: 'BAD_REQUEST' } });
      expect(res.body.error.details.length).toBeGreaterThan(0);
    }
  });

  it('pairs both sides per SKU and ERP location; in sync there is no unexplained drift', async () => {
    const res = await get('/api/v1/reports/stock-drift').expect(200);
    const items = res.body.items as Row[];
    expect(res.body.total).toBe(stock.skus.size * 2);
    for (const row of items) {
      expect(row.pos).not.toBeNull();
      expect(row.erp).not.toBeNull();
      expect(row).toMatchObject({ difference: '0', inFlight: '0', unexplained: '0' });
      expect(typeof row.ageSeconds).toBe('number');
    }
    const one = await get(`/api/v1/reports/stock-drift?sku=SKU-1001&location=${items[0]!.erpLocation}`);
    expect(one.body.items).toHaveLength(1);
    expect((await get('/api/v1/reports/stock-drift?drifting=true')).body.total).toBe(0);
  });

  it('shows drift while a new ERP figure has not reached the POS yet', async () => {
    await stock.hold('square', true);
    const [squareLocation, odooLocation] = [...stock.stockLocations][0]!;
    stock.odoo.receiveStock('SKU-1002', odooLocation, 9);
    await stock.pull('odoo', 'stock');
    const res = await get('/api/v1/reports/stock-drift?drifting=true').expect(200);
    expect(res.body.items).toEqual([
      expect.objectContaining({
        sku: 'SKU-1002',
        erpLocation: String(odooLocation),
        posLocations: [squareLocation],
        difference: '-9',
        unexplained: '-9',
      }),
    ]);
    await stock.hold('square', false);
    await stock.settle('square');
    await stock.pull('square', 'stock');
    expect((await get('/api/v1/reports/stock-drift?drifting=true')).body.total).toBe(0);
  });

  it('lists low-stock items of both sides and exports the gauge', async () => {
    const res = await get('/api/v1/alerts').expect(200);
    const items = res.body.items as Row[];
    const sku1001 = items.filter((i) => i.sku === 'SKU-1001');
    // Both locations, on both sides.
    expect(sku1001).toHaveLength(4);
    for (const item of sku1001) {
      expect(item).toMatchObject({ type: 'low-stock', threshold: '1000' });
      expect(Date.parse(item.since as string)).not.toBeNaN();
    }
    expect(items.every((i) => i.sku === 'SKU-1001' || Number(i.quantity) <= 3)).toBe(true);
    const square = await get('/api/v1/alerts?connection=square').expect(200);
    expect((square.body.items as Row[]).every((i) => i.connection === 'square')).toBe(true);
    const metrics = await get('/metrics').expect(200);
    const [location] = stock.square.locationIds;
    expect(metrics.text).toMatch(
      new RegExp(`poshub_low_stock_items\\{connection="square",location="${location}"\\} [1-9]`),
    );
  });
});
