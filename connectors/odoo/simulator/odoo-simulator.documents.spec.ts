import { OdooSimulator } from './odoo-simulator';
import { ormCall, type OrmOutcome } from './sim-test.client';

const value = (outcome: OrmOutcome): unknown => {
  if (!outcome.ok) throw new Error(`${outcome.name}: ${outcome.message}`);
  return outcome.result;
};

type Totals = { amount_untaxed: number; amount_tax: number; amount_total: number };

async function orderTotals(
  sim: OdooSimulator,
  vals: Record<string, unknown>,
): Promise<Totals & { id: number }> {
  const [id] = value(
    await ormCall(sim, 'jsonrpc', 'sale.order', 'create', { vals_list: [vals] }),
  ) as number[];
  const [row] = value(
    await ormCall(sim, 'jsonrpc', 'sale.order', 'read', {
      ids: [id],
      fields: ['amount_untaxed', 'amount_tax', 'amount_total'],
    }),
  ) as (Totals & { id: number })[];
  return row!;
}

const line = (price_unit: number, product_uom_qty: number, taxes: number[], discount = 0) => [
  0,
  0,
  { product_id: 1, price_unit, product_uom_qty, discount, tax_id: [[6, 0, taxes]] },
];
// Seeded taxes: 1 = VAT 10% (excluded), 2 = VAT 10% incl., 3 = Tax 0%.

describe('OdooSimulator sales documents', () => {
  let sim: OdooSimulator;
  beforeAll(async () => {
    sim = await OdooSimulator.start({ version: '19.0' });
  });
  afterAll(() => sim.close());

  it('computes USD totals per line with discounts, excluded and included taxes', async () => {
    const totals = await orderTotals(sim, {
      partner_id: 1,
      order_line: [line(10, 3, [1], 10), line(11, 1, [2]), line(0.05, 1, [1]), line(0.05, 1, [1])],
    });
    // 27.00 + 2.70; 11.00 incl. = 10.00 + 1.00; 0.05 + 0.005→0.01 twice (rounded per line, not 0.01 once).
    expect(totals).toMatchObject({ amount_untaxed: 37.1, amount_tax: 3.72, amount_total: 40.82 });
  });

  it('takes the currency from the pricelist: KWD rounds to 3 decimals half up', async () => {
    const kwd = sim.records('res.currency').find((c) => c.name === 'KWD')!;
    expect(kwd).toMatchObject({ decimal_places: 3, rounding: 0.001 });
    const [pricelist] = value(
      await ormCall(sim, 'jsonrpc', 'product.pricelist', 'create', {
        vals_list: [{ name: 'Kuwait', currency_id: kwd.id }],
      }),
    ) as number[];
    const totals = await orderTotals(sim, {
      partner_id: 1,
      pricelist_id: pricelist,
      order_line: [line(1.235, 3, [1]), line(0.125, 1, [1])],
    });
    // 3.705 + 0.3705→0.371; 0.125 + 0.0125→0.013.
    expect(totals).toMatchObject({ amount_untaxed: 3.83, amount_tax: 0.384, amount_total: 4.214 });
    const [order] = value(
      await ormCall(sim, 'jsonrpc', 'sale.order', 'read', { ids: [totals.id], fields: ['currency_id'] }),
    ) as { currency_id: [number, string] }[];
    expect(order!.currency_id).toEqual([kwd.id, 'KWD']);
  });

  it('confirms a draft order once; a confirmed order keeps its lines and cannot be deleted', async () => {
    const { id } = await orderTotals(sim, {
      partner_id: 1,
      client_order_ref: 'poshub:t1',
      order_line: [line(5, 1, [])],
    });
    expect(value(await ormCall(sim, 'jsonrpc', 'sale.order', 'action_confirm', { ids: [id] }))).toBe(true);
    expect(sim.records('sale.order').find((o) => o.id === id)).toMatchObject({ state: 'sale' });
    const again = await ormCall(sim, 'json2', 'sale.order', 'action_confirm', { ids: [id] });
    expect(again).toMatchObject({ ok: false, name: 'odoo.exceptions.UserError' });
    for (const vals of [{ order_line: [[5, 0, 0], line(6, 1, [])] }, { order_line: [line(6, 1, [])] }]) {
      const res = await ormCall(sim, 'jsonrpc', 'sale.order', 'write', { ids: [id], vals });
      expect(res).toMatchObject({ ok: false, name: 'odoo.exceptions.UserError' });
    }
    const lineId = (sim.records('sale.order').find((o) => o.id === id)!.order_line as number[])[0];
    const direct = await ormCall(sim, 'jsonrpc', 'sale.order.line', 'write', {
      ids: [lineId],
      vals: { price_unit: 1 },
    });
    expect(direct).toMatchObject({ ok: false, name: 'odoo.exceptions.UserError' });
    const state = await ormCall(sim, 'jsonrpc', 'sale.order', 'write', {
      ids: [id],
      vals: { state: 'draft' },
    });
    expect(state).toMatchObject({ ok: false, name: 'odoo.exceptions.UserError' });
    expect(await ormCall(sim, 'jsonrpc', 'sale.order', 'unlink', { ids: [id] })).toMatchObject({ ok: false });
    expect(sim.records('sale.order').find((o) => o.id === id)).toMatchObject({
      amount_total: 5,
      state: 'sale',
    });
  });

  it('replaces the lines of a draft order in one write, then confirms', async () => {
    const { id } = await orderTotals(sim, { partner_id: 1, order_line: [line(5, 1, []), line(7, 1, [])] });
    value(
      await ormCall(sim, 'json2', 'sale.order', 'write', {
        ids: [id],
        vals: { order_line: [[5, 0, 0], line(9, 2, [1])] },
      }),
    );
    expect(sim.records('sale.order').find((o) => o.id === id)).toMatchObject({ amount_total: 19.8 });
    expect(sim.records('sale.order.line').filter((l) => (l.order_id as [number])[0] === id)).toHaveLength(1);
    value(await ormCall(sim, 'json2', 'sale.order', 'action_confirm', { ids: [id] }));
  });

  it('posts invoices and credit notes; posted entries cannot be edited or deleted', async () => {
    const [invoice] = value(
      await ormCall(sim, 'jsonrpc', 'account.move', 'create', {
        vals_list: [{ move_type: 'out_invoice', partner_id: 1, ref: 'poshub:s1', invoice_line_ids: [] }],
      }),
    ) as number[];
    const empty = await ormCall(sim, 'jsonrpc', 'account.move', 'action_post', { ids: [invoice] });
    expect(empty).toMatchObject({
      ok: false,
      name: 'odoo.exceptions.UserError',
      message: 'You need to add a line before posting.',
    });
    value(
      await ormCall(sim, 'jsonrpc', 'account.move', 'write', {
        ids: [invoice],
        vals: {
          invoice_line_ids: [[0, 0, { product_id: 2, quantity: 2, price_unit: 8.5, tax_ids: [[6, 0, [1]]] }]],
        },
      }),
    );
    value(await ormCall(sim, 'jsonrpc', 'account.move', 'action_post', { ids: [invoice] }));
    const posted = sim.records('account.move').find((m) => m.id === invoice)!;
    expect(posted).toMatchObject({
      state: 'posted',
      amount_total: 18.7,
      amount_residual: 18.7,
      amount_tax: 1.7,
    });
    expect(posted.name).toMatch(/^INV\/\d{4}\/00001$/);
    expect(posted.invoice_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    const edit = await ormCall(sim, 'json2', 'account.move', 'write', {
      ids: [invoice],
      vals: { partner_id: 2 },
    });
    expect(edit).toMatchObject({ ok: false, name: 'odoo.exceptions.UserError', status: 422 });
    value(await ormCall(sim, 'json2', 'account.move', 'write', { ids: [invoice], vals: { ref: 'kept' } }));
    const lineEdit = await ormCall(sim, 'jsonrpc', 'account.move', 'write', {
      ids: [invoice],
      vals: { invoice_line_ids: [[5, 0, 0]] },
    });
    expect(lineEdit).toMatchObject({ ok: false, name: 'odoo.exceptions.UserError' });
    expect(await ormCall(sim, 'jsonrpc', 'account.move', 'unlink', { ids: [invoice] })).toMatchObject({
      ok: false,
    });
    const twice = await ormCall(sim, 'jsonrpc', 'account.move', 'action_post', { ids: [invoice] });
    expect(twice).toMatchObject({ ok: false, name: 'odoo.exceptions.UserError' });

    const [refund] = value(
      await ormCall(sim, 'jsonrpc', 'account.move', 'create', {
        vals_list: [
          {
            move_type: 'out_refund',
            partner_id: 1,
            reversed_entry_id: invoice,
            invoice_origin: posted.name,
            invoice_line_ids: [
              [0, 0, { product_id: 2, quantity: 1, price_unit: 8.5, tax_ids: [[6, 0, [1]]] }],
            ],
          },
        ],
      }),
    ) as number[];
    value(await ormCall(sim, 'jsonrpc', 'account.move', 'action_post', { ids: [refund] }));
    const credit = sim.records('account.move').find((m) => m.id === refund)!;
    expect(credit).toMatchObject({ amount_total: 9.35, reversed_entry_id: [invoice, posted.name] });
    expect(credit.name).toMatch(/^RINV\/\d{4}\/00001$/);
    expect(sim.records('account.move').find((m) => m.id === invoice)!.reversal_move_id).toEqual([refund]);
  });

  it('refuses to post a customer invoice without a customer or with a negative total', async () => {
    const create = async (vals: Record<string, unknown>) =>
      (value(await ormCall(sim, 'jsonrpc', 'account.move', 'create', { vals_list: [vals] })) as number[])[0];
    const noPartner = await create({
      move_type: 'out_invoice',
      invoice_line_ids: [[0, 0, { product_id: 1 }]],
    });
    expect(await ormCall(sim, 'jsonrpc', 'account.move', 'action_post', { ids: [noPartner] })).toMatchObject({
      ok: false,
      name: 'odoo.exceptions.UserError',
    });
    const negative = await create({
      move_type: 'out_invoice',
      partner_id: 1,
      invoice_line_ids: [[0, 0, { product_id: 1, quantity: -1 }]],
    });
    const res = await ormCall(sim, 'jsonrpc', 'account.move', 'action_post', { ids: [negative] });
    expect(res).toMatchObject({ ok: false, name: 'odoo.exceptions.UserError' });
  });

  it('records tenders as payments on cash or bank journals and posts them', async () => {
    const [cash] = sim.records('account.journal').filter((j) => j.code === 'CSH');
    const [payment] = value(
      await ormCall(sim, 'jsonrpc', 'account.payment', 'create', {
        vals_list: [
          {
            payment_type: 'inbound',
            partner_id: 1,
            amount: 12.345,
            journal_id: cash!.id,
            memo: 'poshub:t1:cash',
          },
        ],
      }),
    ) as number[];
    value(await ormCall(sim, 'jsonrpc', 'account.payment', 'action_post', { ids: [payment] }));
    expect(sim.records('account.payment').find((p) => p.id === payment)).toMatchObject({
      state: 'posted',
      amount: 12.35,
      currency_id: [expect.any(Number), 'USD'],
      name: expect.stringMatching(/^PCSH\/\d{4}\/00001$/),
    });
    const wrongJournal = await ormCall(sim, 'jsonrpc', 'account.payment', 'create', {
      vals_list: [
        { amount: 1, journal_id: sim.records('account.journal').find((j) => j.code === 'INV')!.id },
      ],
    });
    expect(wrongJournal).toMatchObject({ ok: false, name: 'odoo.exceptions.ValidationError' });
  });
});

describe('OdooSimulator in VND', () => {
  let sim: OdooSimulator;
  beforeAll(async () => {
    sim = await OdooSimulator.start({ companyCurrency: 'VND', seed: 3 });
  });
  afterAll(() => sim.close());

  it('rounds to whole dong per line and seeds prices in VND', async () => {
    const totals = await orderTotals(sim, {
      partner_id: 1,
      order_line: [line(12345, 2, [1]), line(19999, 1, [1], 7.5), line(55555, 1, [2])],
    });
    // 24690 + 2469; 18499.075→18499 + 1849.9→1850; 55555 incl. = 50505 + 5050.45→5050.
    expect(totals).toMatchObject({ amount_untaxed: 93694, amount_tax: 9369, amount_total: 103063 });
    expect(sim.records('product.product')[0]).toMatchObject({ list_price: 622500 });
    expect(sim.records('res.company')[0]).toMatchObject({ currency_id: [expect.any(Number), 'VND'] });
  });
});
