import { odoo } from '../../connectors/odoo/odoo.connector';
import { OdooSimulator } from '../../connectors/odoo/simulator/odoo-simulator';
import { toMinorUnits, type SalesTransactionInput } from '../../src/canonical';
import type { MappingEngine } from '../../src/mapping';
import type { LookupTables } from '../../src/mapping/mapping-functions';
import { TransientError, type ConnectorInstance, type WriteResult } from '../../src/sdk';
import { connect } from '../fakes/connector-harness';
import { generateSales, loadMappings, prepareSimulator, refundOf } from './odoo-sales.helper';

const m2o = (value: unknown): number | undefined => (Array.isArray(value) ? (value[0] as number) : undefined);
const m2oName = (value: unknown): string | undefined => (Array.isArray(value) ? String(value[1]) : undefined);

/** Maps a canonical record with the real mapping and writes it, retrying lost answers like the pipeline. */
async function deliver(
  engine: MappingEngine,
  instance: ConnectorInstance,
  lookups: LookupTables,
  mapping: string,
  entity: string,
  record: unknown,
  reference: string,
  references: Record<string, string> = {},
): Promise<WriteResult> {
  const mapped = await engine.apply(mapping, record, {
    connectionId: 'odoo-test',
    lookups,
    context: { reference, references },
  });
  if (!mapped.ok) throw new Error(`mapping ${mapping}: ${mapped.errors.join('; ')}`);
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await instance.write!(entity, mapped.value, { reference, idempotencyKey: `${reference}.v1` });
    } catch (err) {
      if (!(err instanceof TransientError) || attempt >= 30) throw err;
    }
  }
}

/** Σ minor units per currency. */
function sumsByCurrency(rows: { currency: string; minor: number }[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of rows) out[r.currency] = (out[r.currency] ?? 0) + r.minor;
  return out;
}

describe.each([
  ['17.0', 'jsonrpc'],
  ['19.0', 'json2'],
] as const)('odoo %s over %s: per-sale posting', (version, transport) => {
  let sim: OdooSimulator;
  let engine: MappingEngine;
  let lookups: LookupTables;
  let instance: ConnectorInstance;

  beforeAll(async () => {
    sim = await OdooSimulator.start({ version, seed: 7 });
    engine = await loadMappings();
    lookups = prepareSimulator(sim);
    instance = connect(odoo, {
      baseUrl: sim.url,
      database: sim.db,
      login: sim.login,
      apiKey: sim.apiKey,
      transport,
    });
  });
  afterAll(() => sim.close());

  it('writes 500 sales and 50 refunds: one order or credit note each, totals equal to the minor unit', async () => {
    const sales = generateSales(500, 11);
    const refunds = sales.filter((_, i) => i % 10 === 3).map((s, i) => refundOf(s, i));
    expect(refunds).toHaveLength(50);
    const results: WriteResult[] = [];
    for (const tx of [...sales, ...refunds]) {
      results.push(
        await deliver(
          engine,
          instance,
          lookups,
          'odoo/transaction',
          'transaction',
          tx,
          `poshub:${tx.externalId}`,
        ),
      );
    }
    expect(results.every((r) => r.created)).toBe(true);

    const orders = sim.records('sale.order').filter((o) => String(o.client_order_ref).startsWith('poshub:'));
    expect(orders).toHaveLength(500);
    expect(orders.every((o) => o.state === 'sale')).toBe(true);
    const credits = sim.records('account.move').filter((m) => m.move_type === 'out_refund');
    expect(credits).toHaveLength(50);
    expect(credits.every((m) => m.state === 'posted')).toBe(true);
    // Each credit note points at the order of the sale it refunds.
    const orderNameByOrigin = new Map(orders.map((o) => [o.origin, o.name]));
    for (const refund of refunds) {
      const credit = credits.find((c) => c.ref === `poshub:${refund.externalId}`)!;
      expect(credit.invoice_origin).toBe(orderNameByOrigin.get(refund.originalExternalId));
    }

    const expected = (list: SalesTransactionInput[]) =>
      sumsByCurrency(list.map((t) => ({ currency: t.currency, minor: t.totals.total.amount })));
    const actual = (rows: Record<string, unknown>[]) =>
      sumsByCurrency(
        rows.map((r) => {
          const currency = m2oName(r.currency_id)!;
          return { currency, minor: toMinorUnits(r.amount_total as number, currency) };
        }),
      );
    expect(actual(orders)).toEqual(expected(sales));
    expect(actual(credits)).toEqual(expected(refunds));
    expect(Object.keys(expected(sales)).sort()).toEqual(['KWD', 'USD', 'VND']);

    const payments = sim.records('account.payment');
    expect(payments).toHaveLength(550);
    expect(payments.every((p) => p.state === 'posted')).toBe(true);
  });

  it('makes no second partner, order, invoice or payment when answers are lost after commit', async () => {
    const customers = Array.from({ length: 10 }, (_, i) => ({
      externalId: `cust-${transport}-${i}`,
      givenName: `Guest ${i}`,
      email: `Guest.${i}.${transport}@Example.com`,
    }));
    const before = Object.fromEntries(
      ['res.partner', 'sale.order', 'account.move', 'account.payment'].map((m) => [m, sim.createCount(m)]),
    );
    const faulty = connect(odoo, {
      baseUrl: sim.url,
      database: sim.db,
      login: sim.login,
      apiKey: sim.apiKey,
      transport,
      documentType: 'account.move',
    });
    sim.setFaults({ failAfterCommitRate: 0.3, seed: 5 });
    const partnerIds = new Map<string, string>();
    try {
      for (const c of customers) {
        const res = await deliver(
          engine,
          faulty,
          lookups,
          'odoo/customer-write',
          'customer',
          c,
          `poshub:${c.externalId}`,
        );
        partnerIds.set(c.externalId, res.externalId);
      }
      const sales = generateSales(
        60,
        99,
        customers.map((c) => c.externalId),
      ).map((s) => ({
        ...s,
        externalId: `${s.externalId}-${transport}`,
      }));
      const refunds = sales.slice(0, 10).map((s, i) => refundOf(s, i));
      for (const tx of [...sales, ...refunds]) {
        const customer = tx.customer?.externalId ? partnerIds.get(tx.customer.externalId) : undefined;
        await deliver(
          engine,
          faulty,
          lookups,
          'odoo/transaction',
          'transaction',
          tx,
          `poshub:${tx.externalId}`,
          {
            ...(customer ? { customer } : {}),
          },
        );
      }
    } finally {
      sim.setFaults({});
    }
    const created = (m: string) => sim.createCount(m) - before[m]!;
    // Partners: the ten customers and at most one walk-in partner, however many answers were lost.
    expect(created('res.partner')).toBeLessThanOrEqual(11);
    expect(created('res.partner')).toBeGreaterThanOrEqual(10);
    expect(created('account.move')).toBe(70);
    expect(created('account.payment')).toBe(70);
    expect(created('sale.order')).toBe(0);
    const invoices = sim.records('account.move').filter((m) => String(m.ref).includes(`-${transport}`));
    expect(invoices).toHaveLength(70);
    expect(invoices.every((m) => m.state === 'posted')).toBe(true);
    expect(sim.callLog().some((c) => !c.ok)).toBe(true);
    const withCustomer = invoices.filter(
      (m) => m.partner_id && [...partnerIds.values()].includes(String(m2o(m.partner_id))),
    );
    expect(withCustomer.length).toBeGreaterThan(0);
  });
});
