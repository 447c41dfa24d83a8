import { OdooSimulator } from './odoo-simulator';
import { executeKw, json2 } from './sim-test.client';

describe('OdooSimulator domains', () => {
  let sim: OdooSimulator;
  const names = new Map<number, string>();
  beforeAll(async () => {
    sim = await OdooSimulator.start({ version: '19.0' });
    const people: Record<string, unknown>[] = [
      { name: 'Alice', email: 'alice@example.com', customer_rank: 1, write_date: '2025-01-01 10:00:00' },
      { name: 'bob', email: 'BOB@Example.com', customer_rank: 5, write_date: '2025-01-02 10:00:00' },
      { name: 'Carol', email: false, customer_rank: 0, write_date: '2025-01-03 10:00:00', company_id: 1 },
      { name: 'Dan_1', email: 'dan@other.org', customer_rank: 9, write_date: '2025-01-04 10:00:00' },
      { name: 'Archived', email: 'old@example.com', customer_rank: 2, active: false },
    ];
    for (const p of people) names.set(sim.insert('res.partner', { ...p, ref: 'dom' }), p.name as string);
  });
  afterAll(() => sim.close());

  const search = async (domain: unknown[], context: Record<string, unknown> = {}): Promise<string[]> => {
    const res = await executeKw(sim, 'res.partner', 'search', [[['ref', '=', 'dom'], ...domain]], {
      context,
    });
    if (!('result' in res.body)) throw new Error(JSON.stringify(res.body.error));
    return (res.body.result as number[]).map((id) => names.get(id)!);
  };

  it.each([
    [[['name', '=', 'Alice']], ['Alice']],
    [[['email', '=', false]], ['Carol']],
    [[['name', '!=', 'Alice']], ['bob', 'Carol', 'Dan_1']],
    [[['email', '!=', 'alice@example.com']], ['bob', 'Carol', 'Dan_1']],
    [[['customer_rank', 'in', [1, 9]]], ['Alice', 'Dan_1']],
    [[['customer_rank', 'not in', [1, 9]]], ['bob', 'Carol']],
    [[['customer_rank', '<', 1]], ['Carol']],
    [[['customer_rank', '<=', 1]], ['Alice', 'Carol']],
    [[['customer_rank', '>', 5]], ['Dan_1']],
    [[['customer_rank', '>=', 5]], ['bob', 'Dan_1']],
    [[['write_date', '>', '2025-01-02 10:00:00']], ['Carol', 'Dan_1']],
    [[['email', 'ilike', 'EXAMPLE.com']], ['Alice', 'bob']],
    [[['email', 'like', 'example']], ['Alice']],
    [[['email', 'not ilike', 'example']], ['Carol', 'Dan_1']],
    [[['name', '=like', 'Dan%']], ['Dan_1']],
    [[['name', '=ilike', 'BOB']], ['bob']],
    [[['name', 'like', 'n_1']], ['Dan_1']],
    [[['company_id', '=', 1]], ['Carol']],
    [[['company_id', '=', false]], ['Alice', 'bob', 'Dan_1']],
    [[['company_id.name', 'ilike', 'test company']], ['Carol']],
    [[['company_id', 'ilike', 'POS Hub']], ['Carol']],
  ])('%j', async (domain, expected) => {
    expect(await search(domain)).toEqual(expected);
  });

  it('combines &, | and ! in prefix notation, nested', async () => {
    expect(await search(['|', ['name', '=', 'Alice'], ['customer_rank', '>', 4]])).toEqual([
      'Alice',
      'bob',
      'Dan_1',
    ]);
    expect(
      await search([
        '!',
        '|',
        ['name', '=', 'Alice'],
        '&',
        ['customer_rank', '>', 4],
        ['email', 'ilike', 'other'],
      ]),
    ).toEqual(['bob', 'Carol']);
    expect(
      await search(['&', '!', ['email', '=', false], '|', ['name', '=', 'Carol'], ['name', '=', 'bob']]),
    ).toEqual(['bob']);
  });

  it('hides archived records unless the domain mentions active or active_test is false', async () => {
    expect(await search([['customer_rank', '=', 2]])).toEqual([]);
    expect(await search([['active', '=', false]])).toEqual(['Archived']);
    expect(await search([['customer_rank', '=', 2]], { active_test: false })).toEqual(['Archived']);
  });

  it('refuses unknown fields and operators', async () => {
    for (const leaf of [
      ['colour', '=', 1],
      ['name', '~', 'x'],
      ['email.name', '=', 'x'],
    ]) {
      const res = await executeKw(sim, 'res.partner', 'search', [[leaf]]);
      expect(res.body.error).toMatchObject({ data: { name: 'odoo.exceptions.ValidationError' } });
    }
    const bad = await json2(sim, 'res.partner', 'search', { domain: [['colour', '=', 1]] });
    expect(bad.status).toBe(422);
  });

  it('searches many2many fields and dotted paths through one2many', async () => {
    const order = await executeKw(sim, 'sale.order', 'create', [
      { partner_id: 1, order_line: [[0, 0, { product_id: 2, tax_id: [[6, 0, [2]]] }]] },
    ]);
    const orderId = order.body.result as number;
    const lines = await executeKw(sim, 'sale.order.line', 'search', [[['tax_id', 'in', [2]]]]);
    expect(lines.body.result).toHaveLength(1);
    const orders = await executeKw(sim, 'sale.order', 'search', [
      [['order_line.product_id.default_code', '=', 'SKU-002']],
    ]);
    expect(orders.body.result).toEqual([orderId]);
  });
});
