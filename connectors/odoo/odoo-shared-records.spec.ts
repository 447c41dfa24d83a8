import { localExclusive } from '../../src/sdk/connector-context';
import { RejectedError, type ConnectorInstance, type WriteResult } from '../../src/sdk';
import { connect } from '../../test/fakes/connector-harness';
import { odoo } from './odoo.connector';
import { WALK_IN_REFERENCE } from './odoo.resolver';
import { OdooSimulator } from './simulator/odoo-simulator';

const SKU = 'SKU-CONCURRENT';

/** A walk-in USD sale (or refund) of one unit of `sku`, paid cash, as the odoo/transaction mapping makes it. */
function transaction(sim: OdooSimulator, origin: string, kind: 'sale' | 'refund', confirm = true): unknown {
  const cash = sim.records('account.journal').find((j) => j.code === 'CSH')!.id;
  return {
    kind,
    confirm,
    origin,
    ...(kind === 'refund' ? { original_origin: 'pos-unknown' } : {}),
    date: '2025-03-03T10:00:00-05:00',
    currency: 'USD',
    lines: [{ default_code: SKU, name: 'Concurrent latte', quantity: 1, price_unit: 4.5 }],
    payments: [{ journal_id: cash, amount: 4.5 }],
  };
}

const options = (reference: string, existingId?: string) => ({
  reference,
  idempotencyKey: `${reference}.v1`,
  ...(existingId !== undefined ? { existingId } : {}),
});

describe.each([
  ['17.0', 'jsonrpc'],
  ['19.0', 'json2'],
] as const)('odoo %s over %s: shared records and document ids', (version, transport) => {
  let sim: OdooSimulator;
  const config = (extra: Record<string, unknown> = {}) => ({
    baseUrl: sim.url,
    database: sim.db,
    login: sim.login,
    apiKey: sim.apiKey,
    transport,
    createMissingProducts: true,
    ...extra,
  });

  beforeEach(async () => {
    sim = await OdooSimulator.start({ version, seed: 5 });
  });
  afterEach(() => sim.close());

  it('20 concurrent sales needing one new SKU and the walk-in partner create each once', async () => {
    const instance = connect(odoo, config());
    const writes = Array.from({ length: 20 }, (_, i) =>
      instance.write!('transaction', transaction(sim, `pos-${i}`, 'sale'), options(`poshub:c${i}`)),
    );
    const results = await Promise.all(writes);

    expect(results.every((r) => r.created)).toBe(true);
    expect(
      sim.records('sale.order').filter((o) => String(o.client_order_ref).startsWith('poshub:c')),
    ).toHaveLength(20);
    expect(sim.records('product.product').filter((p) => p.default_code === SKU)).toHaveLength(1);
    expect(sim.createCount('product.product')).toBe(1);
    expect(sim.records('res.partner').filter((p) => p.ref === WALK_IN_REFERENCE)).toHaveLength(1);
    expect(sim.createCount('res.partner')).toBe(1);
  });

  it('two instances sharing the connection lock (two workers) still create one product, partner and quant', async () => {
    // Each worker process has its own connector instance and resolver cache; only the lock is shared.
    const runtime = { exclusive: localExclusive() };
    const workers = [connect(odoo, config(), runtime), connect(odoo, config(), runtime)];
    const location = sim.records('stock.location').find((l) => l.usage === 'internal')!.id as number;
    const jobs: Promise<WriteResult>[] = [];
    for (let i = 0; i < 20; i += 1) {
      const worker = workers[i % 2]!;
      jobs.push(
        worker.write!(
          'transaction',
          transaction(sim, `pos-w${i}`, i % 5 === 4 ? 'refund' : 'sale'),
          options(`poshub:w${i}`),
        ),
      );
      if (i % 4 === 0) {
        const product = { default_code: SKU, name: 'Concurrent latte' };
        jobs.push(worker.write!('product', product, options(`poshub:p${i}`)));
      }
      if (i % 3 === 0) {
        // Two POS customers with one email are one person in Odoo: one partner, whichever wins.
        const customer = { name: `Guest ${i}`, email: i % 2 ? 'Guest@Example.com' : ' guest@example.com' };
        jobs.push(worker.write!('customer', customer, options(`poshub:cust${i}`)));
      }
    }
    // Counts of one storable product at a location where it has no quant yet, at once.
    const storable = sim.insert('product.product', {
      name: 'Counted beans',
      default_code: 'SKU-COUNTED',
      type: 'product',
      is_storable: true,
    });
    for (let i = 0; i < 6; i += 1) {
      const count = { default_code: 'SKU-COUNTED', location_id: location, quantity: i };
      jobs.push(workers[i % 2]!.write!('stock', count, options(`poshub:s${i}`)));
    }
    await Promise.all(jobs);

    expect(sim.createCount('product.product')).toBe(1);
    expect(sim.records('res.partner').filter((p) => p.ref === WALK_IN_REFERENCE)).toHaveLength(1);
    expect(
      sim
        .records('res.partner')
        .filter((p) => p.email === 'guest@example.com' || p.email === 'Guest@Example.com'),
    ).toHaveLength(1);
    expect(sim.createCount('res.partner')).toBe(2);
    expect(sim.createCount('sale.order')).toBe(16);
    expect(sim.createCount('account.move')).toBe(4);
    const quants = sim
      .records('stock.quant')
      .filter((q) => Array.isArray(q.product_id) && q.product_id[0] === storable);
    expect(quants.filter((q) => Array.isArray(q.location_id) && q.location_id[0] === location)).toHaveLength(
      1,
    );
    expect(sim.createCount('stock.quant')).toBe(1);
  });

  it('links sale orders and credit notes as model-qualified ids that never collide', async () => {
    const instance: ConnectorInstance = connect(odoo, config());
    // The simulator numbers each model from 1: sale order n and credit note n both exist.
    const sales = await Promise.all(
      [1, 2, 3].map((i) =>
        instance.write!('transaction', transaction(sim, `pos-s${i}`, 'sale'), options(`poshub:s${i}`)),
      ),
    );
    const refunds = await Promise.all(
      [1, 2, 3].map((i) =>
        instance.write!('transaction', transaction(sim, `pos-r${i}`, 'refund'), options(`poshub:r${i}`)),
      ),
    );
    const orderIds = sim.records('sale.order').map((o) => o.id as number);
    const creditIds = sim
      .records('account.move')
      .filter((m) => m.move_type === 'out_refund')
      .map((m) => m.id as number);
    expect(orderIds.filter((id) => creditIds.includes(id)).length).toBeGreaterThan(0);
    expect(sales.map((r) => r.externalId).sort()).toEqual(orderIds.map((id) => `sale.order,${id}`).sort());
    expect(refunds.map((r) => r.externalId).sort()).toEqual(
      creditIds.map((id) => `account.move,${id}`).sort(),
    );
    expect(new Set([...sales, ...refunds].map((r) => r.externalId)).size).toBe(6);

    // Drafts found through their link, qualified or bare as connector 1.0 linked it (the reference
    // differs, so only the link can find them): updated, then posted, never created again.
    const draft = await instance.write!(
      'transaction',
      transaction(sim, 'pos-d', 'refund', false),
      options('poshub:d'),
    );
    const bare = draft.externalId.split(',')[1]!;
    for (const [link, confirm] of [
      [draft.externalId, false],
      [bare, true],
    ] as const) {
      const again = await instance.write!(
        'transaction',
        transaction(sim, 'pos-d', 'refund', confirm),
        options('poshub:elsewhere', link),
      );
      expect(again).toEqual({ externalId: draft.externalId, created: false });
    }
    expect(
      sim.records('account.move').find((m) => `account.move,${String(m.id)}` === draft.externalId)!.state,
    ).toBe('posted');
    expect(sim.createCount('account.move')).toBe(4);
  });

  it('refuses a record linked to another model than its document type (documentType changed)', async () => {
    const orders = connect(odoo, config());
    const sale = await orders.write!('transaction', transaction(sim, 'pos-x', 'sale'), options('poshub:x'));
    const invoices = connect(odoo, config({ documentType: 'account.move' }));
    const refused = await invoices.write!(
      'transaction',
      transaction(sim, 'pos-x', 'sale'),
      options('poshub:x', sale.externalId),
    ).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(RejectedError);
    expect((refused as Error).message).toContain(sale.externalId);
    expect(sim.createCount('account.move')).toBe(0);
  });
});
