import { odoo } from '../../connectors/odoo/odoo.connector';
import { OdooSimulator } from '../../connectors/odoo/simulator/odoo-simulator';
import type { MappingEngine } from '../../src/mapping';
import type { LookupTables } from '../../src/mapping/mapping-functions';
import { AuthError, RejectedError, type ConnectorInstance } from '../../src/sdk';
import { connect, readAll } from '../fakes/connector-harness';
import { generateSales, loadMappings, prepareSimulator } from './odoo-sales.helper';

const m2o = (value: unknown): number | undefined => (Array.isArray(value) ? (value[0] as number) : undefined);

describe.each([
  ['17.0', 'jsonrpc'],
  ['19.0', 'json2'],
] as const)('odoo %s over %s: drafts, stock and credentials', (version, transport) => {
  let sim: OdooSimulator;
  let engine: MappingEngine;
  let lookups: LookupTables;
  const config = (extra: Record<string, unknown> = {}) => ({
    baseUrl: sim.url,
    database: sim.db,
    login: sim.login,
    apiKey: sim.apiKey,
    transport,
    ...extra,
  });

  beforeAll(async () => {
    sim = await OdooSimulator.start({ version, seed: 3 });
    engine = await loadMappings();
    lookups = prepareSimulator(sim);
  });
  afterAll(() => sim.close());

  async function map(
    mapping: string,
    record: unknown,
    context: Record<string, unknown> = {},
  ): Promise<unknown> {
    const out = await engine.apply(mapping, record, { connectionId: 'odoo-test', lookups, context });
    if (!out.ok) throw new Error(out.errors.join('; '));
    return out.value;
  }

  it.each(['sale.order', 'account.move'] as const)(
    'keeps a %s in draft, replaces its lines, confirms it, then refuses to edit it',
    async (documentType) => {
      const instance: ConnectorInstance = connect(odoo, config({ documentType }));
      const [first, second] = generateSales(2, 40 + documentType.length);
      const reference = `poshub:draft-${documentType}`;
      const options = { reference, idempotencyKey: 'k1' };
      const draft = await instance.write!(
        'transaction',
        await map('odoo/transaction', first, { reference, confirm: false }),
        options,
      );
      expect(draft.created).toBe(true);
      // Linked as Odoo's "model,id" reference: sale orders and credit notes share one kind.
      expect(draft.externalId.split(',')).toEqual([documentType, expect.stringMatching(/^[0-9]+$/)]);
      const draftId = Number(draft.externalId.split(',')[1]);
      const row = () => sim.records(documentType).find((r) => r.id === draftId)!;
      expect(row().state).toBe('draft');

      // A new version of the (still open) record: same reference, other lines.
      const next = { ...second, externalId: first!.externalId };
      const again = await instance.write!(
        'transaction',
        await map('odoo/transaction', next, { reference, confirm: false }),
        {
          ...options,
          existingId: draft.externalId,
        },
      );
      expect(again).toEqual({ externalId: draft.externalId, created: false });
      expect(row().state).toBe('draft');
      expect(row().amount_total).toBeCloseTo(
        second!.totals.total.amount / 10 ** ({ USD: 2, VND: 0, KWD: 3 }[second!.currency] ?? 2),
        6,
      );
      const lineModel = documentType === 'sale.order' ? 'sale.order.line' : 'account.move.line';
      const parentField = documentType === 'sale.order' ? 'order_id' : 'move_id';
      const productLines = sim
        .records(lineModel)
        .filter((l) => m2o(l[parentField]) === draftId && l.product_id);
      expect(productLines).toHaveLength(second!.lines.length);

      await instance.write!('transaction', await map('odoo/transaction', next, { reference }), {
        ...options,
        existingId: draft.externalId,
      });
      expect(row().state).toBe(documentType === 'sale.order' ? 'sale' : 'posted');

      const refused = await instance.write!(
        'transaction',
        await map('odoo/transaction', first, { reference }),
        { ...options, existingId: draft.externalId },
      ).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(RejectedError);
      expect((refused as Error).message).toContain('poshub never edits posted documents');
      expect(
        sim.records(documentType).filter((r) => r.client_order_ref === reference || r.ref === reference),
      ).toHaveLength(1);
    },
  );

  it('reads stock quants as canonical stock per product and mapped location', async () => {
    const instance = connect(odoo, config({ pageSize: 3 }));
    const pages = await readAll(instance, 'stock', null);
    expect(pages.length).toBeGreaterThan(1);
    const byLocation = new Map(Object.entries(lookups['odoo-locations']!).map(([k, v]) => [Number(v), k]));
    const internal = new Set([...byLocation.keys()]);
    const quants = sim.records('stock.quant').filter((q) => internal.has(m2o(q.location_id)!));
    const levels = new Map<string, { quantity: string; locationId: string; sku?: string }>();
    for (const record of pages.flatMap((p) => p.records)) {
      const level = (await map('odoo/stock', record.data)) as {
        externalId: string;
        quantity: string;
        locationId: string;
        product: { sku?: string };
      };
      levels.set(level.externalId, {
        quantity: level.quantity,
        locationId: level.locationId,
        sku: level.product.sku,
      });
    }
    expect(levels.size).toBe(quants.length);
    for (const q of quants) {
      const level = levels.get(`${m2o(q.product_id)}@${m2o(q.location_id)}`)!;
      expect(level.quantity).toBe(String(q.quantity));
      expect(level.locationId).toBe(byLocation.get(m2o(q.location_id)!));
      expect(level.sku).toMatch(/^SKU-/);
    }
    // Resuming from the last cursor after a count change yields that quant again.
    const last = pages[pages.length - 1]!.cursor;
    await instance.write!(
      'stock',
      await map('odoo/stock-write', {
        externalId: 'x',
        product: { sku: 'SKU-003' },
        locationId: 'store-2',
        quantity: '7.5',
        countedAt: '2025-03-01T00:00:00Z',
      }),
      { reference: 'poshub:stock-x', idempotencyKey: 'x' },
    );
    const fresh = (await readAll(instance, 'stock', last)).flatMap((p) => p.records);
    expect(fresh.map((r) => (r.data as { quantity: number }).quantity)).toContain(7.5);
  });

  it('sets counted stock in inventory mode and applies it, creating the quant when missing', async () => {
    const instance = connect(odoo, config());
    const loc2 = Number(lookups['odoo-locations']!['store-2']);
    const product = sim.records('product.product').find((p) => p.default_code === 'SKU-001')!;
    const level = (sku: string, quantity: string) => ({
      externalId: `${sku}@store-2`,
      product: { sku },
      locationId: 'store-2',
      quantity,
      countedAt: '2025-03-01T00:00:00Z',
    });
    const res = await instance.write!('stock', await map('odoo/stock-write', level('SKU-001', '42')), {
      reference: 'poshub:s1',
      idempotencyKey: 's1',
    });
    expect(res.created).toBe(false);
    const quant = sim
      .records('stock.quant')
      .find((q) => m2o(q.product_id) === product.id && m2o(q.location_id) === loc2)!;
    expect(quant.quantity).toBe(42);

    const newProduct = sim.insert('product.product', {
      name: 'New item',
      default_code: 'SKU-NEW',
      is_storable: true,
      type: 'product',
    });
    const created = await instance.write!('stock', await map('odoo/stock-write', level('SKU-NEW', '-2.5')), {
      reference: 'poshub:s2',
      idempotencyKey: 's2',
    });
    expect(created.created).toBe(true);
    const newQuant = sim
      .records('stock.quant')
      .find((q) => m2o(q.product_id) === newProduct && m2o(q.location_id) === loc2)!;
    expect(newQuant.quantity).toBe(-2.5);

    const unknown = await instance.write!('stock', await map('odoo/stock-write', level('SKU-NOPE', '1')), {
      reference: 'poshub:s3',
      idempotencyKey: 's3',
    }).catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(RejectedError);
    expect((unknown as Error).message).toContain('SKU-NOPE');
  });

  it('refuses a sale with an unknown SKU unless createMissingProducts is on', async () => {
    const [sale] = generateSales(1, 77);
    const tx = {
      ...sale!,
      externalId: 'unknown-sku',
      lines: sale!.lines.map((l) => ({ ...l, product: { ...l.product, sku: 'SKU-MISSING' } })),
    };
    const payload = await map('odoo/transaction', tx, { reference: 'poshub:unknown-sku' });
    const options = { reference: 'poshub:unknown-sku', idempotencyKey: 'u' };
    const refused = await connect(odoo, config()).write!('transaction', payload, options).catch(
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(RejectedError);
    expect((refused as Error).message).toContain('SKU-MISSING');
    const ok = await connect(odoo, config({ createMissingProducts: true })).write!(
      'transaction',
      payload,
      options,
    );
    expect(ok.created).toBe(true);
    expect(sim.records('product.product').filter((p) => p.default_code === 'SKU-MISSING')).toHaveLength(1);
  });

  it('fails with AuthError when the API key is refused', async () => {
    const refused = connect(odoo, config({ apiKey: 'wrong-key' }));
    const payload = await map('odoo/customer-write', { externalId: 'c', givenName: 'X' });
    await expect(
      refused.write!('customer', payload, { reference: 'poshub:c', idempotencyKey: 'c' }),
    ).rejects.toBeInstanceOf(AuthError);
    await expect(readAll(refused, 'stock', null)).rejects.toBeInstanceOf(AuthError);
    expect((await refused.check()).ok).toBe(false);
  });
});
