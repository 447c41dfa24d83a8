import { OdooSimulator } from './odoo-simulator';
import { executeKw, json2, jsonRpc } from './sim-test.client';

describe('OdooSimulator transports', () => {
  let sim: OdooSimulator;
  let legacy: OdooSimulator;
  beforeAll(async () => {
    sim = await OdooSimulator.start({ version: '19.0', apiKey: 'good-key' });
    legacy = await OdooSimulator.start({ version: '16.0', db: 'shop', login: 'bot@shop.test' });
  });
  afterAll(async () => {
    await sim.close();
    await legacy.close();
  });

  it('answers /web/version and common.version', async () => {
    for (const [s, major] of [
      [sim, 19],
      [legacy, 16],
    ] as const) {
      const res = await fetch(`${s.url}/web/version`);
      expect(await res.json()).toEqual({
        version_info: [major, 0, 0, 'final', 0, ''],
        version: `${major}.0`,
      });
      const rpc = await jsonRpc(s, 'common', 'version', []);
      expect(rpc.body.result).toMatchObject({ server_version: `${major}.0`, protocol_version: 1 });
    }
  });

  it('logs in with common.login / authenticate and answers false for wrong credentials', async () => {
    expect((await jsonRpc(legacy, 'common', 'login', ['shop', 'bot@shop.test', legacy.apiKey])).body).toEqual(
      {
        jsonrpc: '2.0',
        id: expect.any(Number),
        result: legacy.uid,
      },
    );
    expect(legacy.uid).toBe(2);
    const auth = await jsonRpc(legacy, 'common', 'authenticate', [
      'shop',
      'bot@shop.test',
      legacy.apiKey,
      {},
    ]);
    expect(auth.body.result).toBe(legacy.uid);
    expect((await jsonRpc(legacy, 'common', 'login', ['shop', 'bot@shop.test', 'wrong'])).body.result).toBe(
      false,
    );
    expect((await jsonRpc(legacy, 'common', 'login', ['shop', 'someone', legacy.apiKey])).body.result).toBe(
      false,
    );
  });

  it('answers execute_kw with a bad key or uid with AccessDenied in the JSON-RPC error envelope', async () => {
    for (const auth of [{ key: 'wrong' }, { uid: 99 }]) {
      const res = await executeKw(legacy, 'res.partner', 'search', [[]], {}, auth);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        jsonrpc: '2.0',
        id: expect.any(Number),
        error: {
          code: 200,
          message: 'Odoo Server Error',
          data: {
            name: 'odoo.exceptions.AccessDenied',
            message: 'Access Denied',
            arguments: ['Access Denied'],
            context: {},
            debug: expect.any(String),
          },
        },
      });
    }
  });

  it('answers JSON-2 with 401 for a bad or missing bearer key, and uid through res.users/context_get', async () => {
    for (const key of ['wrong', null]) {
      const res = await json2(sim, 'res.partner', 'search', {}, { key });
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ name: 'werkzeug.exceptions.Unauthorized', message: 'Invalid apikey' });
    }
    const ctx = await json2(sim, 'res.users', 'context_get', {});
    expect(ctx).toEqual({ status: 200, body: { lang: 'en_US', tz: 'UTC', uid: sim.uid } });
  });

  it('answers JSON-2 404 below 19.0 and for unknown models, methods or databases', async () => {
    expect((await json2(legacy, 'res.partner', 'search', {})).status).toBe(404);
    expect((await json2(sim, 'no.such.model', 'search', {})).status).toBe(404);
    const method = await json2(sim, 'res.partner', 'fly', {});
    expect(method).toMatchObject({ status: 404, body: { name: 'builtins.AttributeError' } });
    expect((await json2(sim, 'res.partner', 'search', {}, { db: 'other' })).status).toBe(404);
  });

  it('answers JSON-2 422 for ids on @api.model methods and for bad arguments', async () => {
    const ids = await json2(sim, 'res.partner', 'search', { ids: [1], domain: [] });
    expect(ids.status).toBe(422);
    const extra = await json2(sim, 'res.partner', 'read', { ids: [1], colour: 'red' });
    expect(extra).toMatchObject({ status: 422, body: { name: 'builtins.TypeError' } });
    const missing = await json2(sim, 'res.partner', 'create', {});
    expect(missing.status).toBe(422);
  });

  it('answers JSON-RPC errors for unknown models, methods and private methods', async () => {
    const model = await executeKw(legacy, 'no.such', 'search', [[]]);
    expect(model.body.error).toMatchObject({ data: { name: 'odoo.exceptions.UserError' } });
    const method = await executeKw(legacy, 'res.partner', 'fly', [[]]);
    expect(method.body.error).toMatchObject({ data: { name: 'builtins.AttributeError' } });
    const priv = await executeKw(legacy, 'res.partner', '_compute_display_name', [[1]]);
    expect(priv.body.error).toMatchObject({ data: { name: 'odoo.exceptions.AccessError' } });
  });

  it('rolls back a failing call completely, over both transports', async () => {
    const countBefore = sim.records('sale.order').length;
    const linesBefore = sim.records('sale.order.line').length;
    const vals = {
      partner_id: 1,
      client_order_ref: 'rollback',
      order_line: [
        [0, 0, { product_id: 1 }],
        [0, 0, { product_id: 1, colour: 'red' }],
      ],
    };
    const viaJson2 = await json2(sim, 'sale.order', 'create', { vals_list: [{ partner_id: 1 }, vals] });
    expect(viaJson2).toMatchObject({ status: 422, body: { name: 'odoo.exceptions.ValidationError' } });
    const viaRpc = await executeKw(sim, 'sale.order', 'create', [[{ partner_id: 1 }, vals]]);
    expect(viaRpc.body.error).toMatchObject({ data: { name: 'odoo.exceptions.ValidationError' } });
    const partners = sim.records('res.partner').length;
    const write = await executeKw(sim, 'res.partner', 'write', [[1], { name: 'Renamed', company_id: 999 }]);
    expect(write.body.error).toBeDefined();
    expect(sim.records('res.partner').length).toBe(partners);
    expect(sim.records('res.partner')[0]).toMatchObject({ name: 'POS Hub Test Company' });
    expect(sim.records('sale.order').length).toBe(countBefore);
    expect(sim.records('sale.order.line').length).toBe(linesBefore);
    expect(sim.createCount('sale.order')).toBe(0);
  });

  it('injects server errors, latency and failures after commit; createCount sees lost answers', async () => {
    const create = (name: string) => executeKw(sim, 'res.partner', 'create', [{ name, ref: 'faults' }]);
    const countBefore = sim.createCount('res.partner');
    sim.setFaults({ errorRate: 1 });
    const failed = await create('never');
    expect(failed.body.error).toMatchObject({ data: { name: 'psycopg2.errors.SerializationFailure' } });
    const failed2 = await json2(sim, 'res.partner', 'create', { vals_list: [{ name: 'never' }] });
    expect(failed2.status).toBe(500);
    expect(sim.createCount('res.partner')).toBe(countBefore);

    sim.setFaults({ failAfterCommitRate: 1 });
    const lost = await create('lost answer');
    expect(lost.body.error).toMatchObject({ data: { name: 'psycopg2.errors.SerializationFailure' } });
    expect(sim.createCount('res.partner')).toBe(countBefore + 1);
    expect(sim.records('res.partner').filter((p) => p.name === 'lost answer')).toHaveLength(1);

    sim.setFaults({ latencyMs: 150 });
    const started = Date.now();
    expect('result' in (await create('slow')).body).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    sim.setFaults({ errorRate: 0.5, seed: 9 });
    const outcomes: boolean[] = [];
    for (let i = 0; i < 20; i += 1) outcomes.push('result' in (await create(`r${i}`)).body);
    expect(outcomes.filter(Boolean).length).toBeGreaterThan(3);
    expect(outcomes.filter((x) => !x).length).toBeGreaterThan(3);
    sim.setFaults({});
    expect(sim.createCount('res.partner')).toBe(countBefore + 2 + outcomes.filter(Boolean).length);
    const log = sim.callLog().filter((c) => c.model === 'res.partner' && c.method === 'create');
    expect(log.slice(-20).map((c) => c.ok)).toEqual(outcomes);
    expect(log.some((c) => c.transport === 'json2')).toBe(true);
  });

  it('does not count rows seeded with insert() and keeps their constraints', () => {
    const before = sim.createCount('product.product');
    const id = sim.insert('product.product', {
      name: 'Seeded',
      barcode: 'B-1',
      write_date: '2020-01-01 00:00:00',
    });
    expect(sim.records('product.product').find((p) => p.id === id)).toMatchObject({
      write_date: '2020-01-01 00:00:00',
    });
    expect(() => sim.insert('product.product', { name: 'Clash', barcode: 'B-1' })).toThrow('barcode');
    expect(() => sim.insert('product.product', { barcode: 'B-2' })).toThrow('mandatory');
    expect(sim.createCount('product.product')).toBe(before);
    expect(sim.records('product.product').filter((p) => p.name === 'Clash')).toEqual([]);
  });
});
