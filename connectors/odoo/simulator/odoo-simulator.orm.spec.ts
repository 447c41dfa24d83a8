import { OdooSimulator } from './odoo-simulator';
import { executeKw, ormCall, type OrmOutcome } from './sim-test.client';

const value = (outcome: OrmOutcome): unknown => {
  if (!outcome.ok) throw new Error(`${outcome.name}: ${outcome.message}`);
  return outcome.result;
};

describe.each(['jsonrpc', 'json2'] as const)('OdooSimulator ORM methods over %s', (transport) => {
  let sim: OdooSimulator;
  beforeAll(async () => {
    sim = await OdooSimulator.start({ version: '19.0' });
  });
  afterAll(() => sim.close());

  const call = (model: string, method: string, named: Record<string, unknown> = {}) =>
    ormCall(sim, transport, model, method, named);
  const ok = async (model: string, method: string, named: Record<string, unknown> = {}) =>
    value(await call(model, method, named));

  it('creates one or many records, reads them back with many2one as [id, name], writes and unlinks', async () => {
    const ids = (await ok('res.partner', 'create', {
      vals_list: [
        { name: 'Lan Nguyen', email: 'lan@example.com', ref: `poshub:${transport}-1` },
        { name: 'Minh Tran', company_id: 1 },
      ],
    })) as number[];
    expect(ids).toHaveLength(2);
    expect(ids[1]).toBe(ids[0]! + 1);
    const [lan, minh] = (await ok('res.partner', 'read', {
      ids,
      fields: ['name', 'email', 'company_id', 'active', 'write_date'],
    })) as Record<string, unknown>[];
    expect(lan).toMatchObject({
      id: ids[0],
      name: 'Lan Nguyen',
      email: 'lan@example.com',
      company_id: false,
    });
    expect(lan!.write_date).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(minh).toMatchObject({ company_id: [1, 'POS Hub Test Company'], active: true, email: false });

    expect(await ok('res.partner', 'write', { ids: [ids[0]], vals: { phone: '+84 90 000 0000' } })).toBe(
      true,
    );
    expect(sim.records('res.partner').find((p) => p.id === ids[0])).toMatchObject({
      phone: '+84 90 000 0000',
    });
    expect(await ok('res.partner', 'unlink', { ids: [ids[1]] })).toBe(true);
    const gone = await call('res.partner', 'read', { ids: [ids[1]], fields: ['name'] });
    expect(gone).toMatchObject({ ok: false, name: 'odoo.exceptions.MissingError' });
    if (transport === 'json2') expect(gone).toMatchObject({ status: 404 });
  });

  it('search and search_read page with offset, limit and order; search_count counts', async () => {
    for (const [i, name] of ['Cherry', 'Apple', 'Banana', 'Apple'].entries()) {
      sim.insert('res.partner', { name, ref: `order-${transport}`, customer_rank: i });
    }
    const domain = [['ref', '=', `order-${transport}`]];
    const all = (await ok('res.partner', 'search', {
      domain,
      order: 'name asc, customer_rank desc',
    })) as number[];
    const rows = sim.records('res.partner').filter((r) => all.includes(r.id as number));
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(all.map((id) => [byId.get(id)!.name, byId.get(id)!.customer_rank])).toEqual([
      ['Apple', 3],
      ['Apple', 1],
      ['Banana', 2],
      ['Cherry', 0],
    ]);
    const page = (await ok('res.partner', 'search_read', {
      domain,
      fields: ['name'],
      offset: 1,
      limit: 2,
      order: 'id desc',
    })) as { id: number; name: string }[];
    expect(page.map((p) => p.id)).toEqual([...all].sort((a, b) => b - a).slice(1, 3));
    expect(Object.keys(page[0]!).sort()).toEqual(['id', 'name']);
    expect(await ok('res.partner', 'search_count', { domain })).toBe(4);
    expect(await ok('res.partner', 'search', { domain: [['id', '<', 0]] })).toEqual([]);
  });

  it('fields_get reports string, type, required, readonly and relation', async () => {
    const fields = (await ok('sale.order', 'fields_get', {
      allfields: ['partner_id', 'order_line', 'amount_total', 'state'],
      attributes: ['string', 'type', 'required', 'readonly', 'relation'],
    })) as Record<string, Record<string, unknown>>;
    expect(fields).toEqual({
      partner_id: {
        string: 'Customer',
        type: 'many2one',
        required: true,
        readonly: false,
        relation: 'res.partner',
      },
      order_line: {
        string: 'Order Lines',
        type: 'one2many',
        required: false,
        readonly: false,
        relation: 'sale.order.line',
      },
      amount_total: { string: 'Total', type: 'monetary', required: false, readonly: true },
      state: { string: 'Status', type: 'selection', required: false, readonly: true },
    });
  });

  it('refuses unknown fields, missing required fields and bad values with ValidationError', async () => {
    const unknown = await call('res.partner', 'create', { vals_list: [{ name: 'X', colour: 'red' }] });
    expect(unknown).toMatchObject({
      ok: false,
      name: 'odoo.exceptions.ValidationError',
      message: "Invalid field 'colour' on model 'res.partner'",
    });
    const required = await call('res.partner', 'create', { vals_list: [{ email: 'a@b.c' }] });
    expect(required).toMatchObject({ ok: false, name: 'odoo.exceptions.ValidationError' });
    expect((required as { message: string }).message).toContain('Field: Name (name)');
    const badDate = await call('sale.order', 'create', {
      vals_list: [{ partner_id: 1, date_order: '2025-01-02T03:04:05Z' }],
    });
    expect(badDate).toMatchObject({ ok: false, name: 'odoo.exceptions.ValidationError' });
    const badWrite = await call('res.partner', 'write', { ids: [1], vals: { nope: 1 } });
    expect(badWrite).toMatchObject({ ok: false, message: "Invalid field 'nope' on model 'res.partner'" });
    if (transport === 'json2') expect(badWrite).toMatchObject({ status: 422 });
  });

  it('applies x2many commands 0, 1, 2, 4, 5 and 6 on one2many and many2many fields', async () => {
    const [orderId] = (await ok('sale.order', 'create', {
      vals_list: [
        {
          partner_id: 1,
          order_line: [
            [0, 0, { product_id: 1, product_uom_qty: 1 }],
            [0, 0, { product_id: 2, product_uom_qty: 2, tax_id: [[6, 0, [3]]] }],
          ],
        },
      ],
    })) as number[];
    const lines = async () =>
      (await ok('sale.order.line', 'search_read', {
        domain: [['order_id', '=', orderId]],
        fields: ['product_id', 'product_uom_qty', 'tax_id', 'name', 'price_unit'],
      })) as { id: number; product_id: [number, string]; product_uom_qty: number; tax_id: number[] }[];
    let current = await lines();
    expect(current.map((l) => [l.product_id[0], l.product_uom_qty, l.tax_id])).toEqual([
      [1, 1, [1]],
      [2, 2, [3]],
    ]);
    expect(current[0]).toMatchObject({ name: '[SKU-001] Espresso Beans 1kg', price_unit: 24.9 });
    const [first, second] = current as [(typeof current)[0], (typeof current)[0]];
    await ok('sale.order', 'write', {
      ids: [orderId],
      vals: {
        order_line: [
          [
            1,
            first.id,
            {
              product_uom_qty: 5,
              tax_id: [
                [4, 2],
                [3, 1],
              ],
            },
          ],
          [2, second.id, 0],
        ],
      },
    });
    current = await lines();
    expect(current.map((l) => [l.id, l.product_uom_qty, l.tax_id])).toEqual([[first.id, 5, [2]]]);
    await ok('sale.order', 'write', {
      ids: [orderId],
      vals: {
        order_line: [
          [1, first.id, { tax_id: [[5, 0, 0]] }],
          [0, 0, { product_id: 3 }],
        ],
      },
    });
    current = await lines();
    expect(current.map((l) => [l.product_id[0], l.tax_id])).toEqual([
      [1, []],
      [3, [1]],
    ]);
    await ok('sale.order', 'write', { ids: [orderId], vals: { order_line: [[5, 0, 0]] } });
    expect(await lines()).toEqual([]);
    expect(sim.records('sale.order.line').some((l) => l.id === first.id)).toBe(false);

    const [other] = (await ok('sale.order', 'create', {
      vals_list: [{ partner_id: 1, order_line: [[0, 0, { product_id: 4 }]] }],
    })) as number[];
    const [moved] = (await ok('sale.order', 'read', { ids: [other], fields: ['order_line'] })) as {
      order_line: number[];
    }[];
    await ok('sale.order', 'write', { ids: [orderId], vals: { order_line: [[4, moved!.order_line[0]]] } });
    const [after] = (await ok('sale.order', 'read', { ids: [orderId, other], fields: ['order_line'] })) as {
      order_line: number[];
    }[];
    expect(after!.order_line).toEqual(moved!.order_line);
    await ok('sale.order', 'write', { ids: [orderId], vals: { order_line: [[6, 0, []]] } });
    expect(await lines()).toEqual([]);
  });

  it('answers create(dict) with one id over JSON-RPC and a list over JSON-2', async () => {
    const single = await call('res.partner', 'create', { vals_list: { name: 'Solo' } });
    if (transport === 'jsonrpc') expect(typeof value(single)).toBe('number');
    else expect(value(single)).toEqual([expect.any(Number)]);
  });
});

describe('OdooSimulator JSON-RPC positional arguments', () => {
  let sim: OdooSimulator;
  beforeAll(async () => {
    sim = await OdooSimulator.start();
  });
  afterAll(() => sim.close());

  it('binds positional args in Odoo order and refuses duplicates and unknown kwargs', async () => {
    const res = await executeKw(sim, 'product.product', 'search_read', [
      [['default_code', 'like', 'SKU-%']],
      ['default_code'],
      1,
      2,
      'default_code desc',
    ]);
    expect((res.body.result as { default_code: string }[]).map((p) => p.default_code)).toEqual([
      'SKU-003',
      'SKU-002',
    ]);
    const read = await executeKw(sim, 'product.product', 'read', [[2, 1], ['default_code']]);
    expect(read.body.result).toEqual([
      { id: 2, default_code: 'SKU-002' },
      { id: 1, default_code: 'SKU-001' },
    ]);
    const dup = await executeKw(sim, 'res.partner', 'search', [[]], { domain: [] });
    expect(dup.body.error).toMatchObject({ data: { name: 'builtins.TypeError' } });
    const extra = await executeKw(sim, 'res.partner', 'search', [[]], { colour: 'red' });
    expect((extra.body.error as { data: { message: string } }).data.message).toBe(
      "search() got an unexpected keyword argument 'colour'",
    );
  });
});
