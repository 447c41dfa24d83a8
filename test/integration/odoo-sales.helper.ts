import { join } from 'node:path';
import { CONNECTORS } from '../../connectors';
import { odoo } from '../../connectors/odoo/odoo.connector';
import type { OdooSimulator } from '../../connectors/odoo/simulator/odoo-simulator';
import {
  CANONICAL_SCHEMAS,
  checkTransactionInvariants,
  SalesTransactionSchema,
  type SalesTransactionInput,
} from '../../src/canonical';
import { createSchemaResolver, MappingEngine } from '../../src/mapping';
import type { LookupTables } from '../../src/mapping/mapping-functions';
import { buildRegistry } from '../../src/registry';
import type { ConnectorDefinition } from '../../src/sdk';
import { createPrng as prng } from '../../src/sdk/simulator-kit';

/** The repository's mappings, with odoo resolvable even before it is listed in connectors/index.ts. */
export async function loadMappings(): Promise<MappingEngine> {
  const listed = CONNECTORS.some((c) => c.manifest.id === 'odoo');
  const registry = buildRegistry(listed ? CONNECTORS : [...CONNECTORS, odoo as ConnectorDefinition<unknown>]);
  return MappingEngine.load(join(__dirname, '..', '..', 'mappings'), {
    resolveSchema: createSchemaResolver(CANONICAL_SCHEMAS, { get: (id) => registry.get(id)?.manifest }),
  });
}

const idOf = (sim: OdooSimulator, model: string, field: string, value: unknown): number => {
  const row = sim.records(model).find((r) => r[field] === value);
  if (!row || typeof row.id !== 'number')
    throw new Error(`simulator has no ${model} with ${field}=${String(value)}`);
  return row.id;
};

/** Lookup tables pointing at the simulator's seeded master data; adds VND and KWD pricelists. */
export function prepareSimulator(sim: OdooSimulator): LookupTables {
  for (const code of ['VND', 'KWD']) {
    const currency = idOf(sim, 'res.currency', 'name', code);
    if (
      !sim
        .records('product.pricelist')
        .some(
          (p) =>
            p.currency_id === currency || (Array.isArray(p.currency_id) && p.currency_id[0] === currency),
        )
    ) {
      sim.insert('product.pricelist', { name: `POS ${code}`, currency_id: currency });
    }
  }
  const warehouses = sim.records('stock.warehouse');
  const lotStock = (code: string): string => {
    const wh = warehouses.find((w) => w.code === code)!;
    const loc = wh.lot_stock_id;
    return String(Array.isArray(loc) ? loc[0] : loc);
  };
  return {
    'odoo-taxes': {
      'VAT 10%': String(idOf(sim, 'account.tax', 'name', 'VAT 10%')),
      'VAT 10% incl.': String(idOf(sim, 'account.tax', 'name', 'VAT 10% incl.')),
    },
    'odoo-warehouses': {
      'store-1': String(idOf(sim, 'stock.warehouse', 'code', 'WH1')),
      'store-2': String(idOf(sim, 'stock.warehouse', 'code', 'WH2')),
    },
    'odoo-journals': {
      cash: String(idOf(sim, 'account.journal', 'code', 'CSH')),
      card: String(idOf(sim, 'account.journal', 'code', 'BNK')),
    },
    'odoo-locations': { 'store-1': lotStock('WH1'), 'store-2': lotStock('WH2') },
  };
}

const SKUS = ['SKU-001', 'SKU-002', 'SKU-003', 'SKU-004'];
const CURRENCIES = [
  { code: 'USD', min: 100, max: 5000, step: 1 },
  { code: 'VND', min: 5000, max: 200000, step: 500 },
  { code: 'KWD', min: 500, max: 20000, step: 5 },
];
const PERCENTS = [5, 10, 20, 25, 50];

const money = (amount: number, currency: string) => ({ amount, currency });
const halfAway = (n: number, d: number): number => Math.floor((2 * n + d) / (2 * d));

/**
 * Canonical sales that Odoo's own arithmetic reproduces to the minor unit: discounts are exact
 * percentages of integer quantities, taxes are 10% (excluded or included) rounded per line.
 */
export function generateSales(
  count: number,
  seed: number,
  customers: readonly string[] = [],
): SalesTransactionInput[] {
  const random = prng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const out: SalesTransactionInput[] = [];
  for (let n = 0; n < count; n += 1) {
    const cur = pick(CURRENCIES);
    const c = cur.code;
    const lines = Array.from({ length: 1 + Math.floor(random() * 3) }, (_, i) => {
      const unit = cur.min + cur.step * Math.floor((random() * (cur.max - cur.min)) / cur.step);
      const half = random() < 0.15;
      const qtyUnits = 1 + Math.floor(random() * 3);
      const quantity = half ? `${qtyUnits}.5` : String(qtyUnits);
      const gross = half ? halfAway(unit * (2 * qtyUnits + 1), 2) : unit * qtyUnits;
      const pct = !half && random() < 0.3 ? pick(PERCENTS) : 0;
      const discount = pct && (gross * pct) % 100 === 0 ? (gross * pct) / 100 : 0;
      const net = gross - discount;
      const inclusive = random() < 0.4;
      const tax = inclusive ? halfAway(net * 10, 110) : halfAway(net * 10, 100);
      return {
        lineId: `L${i + 1}`,
        product: { sku: pick(SKUS), name: `Item ${i + 1}` },
        quantity,
        unitPrice: money(unit, c),
        gross: money(gross, c),
        discounts: discount ? [{ name: 'Promo', amount: money(discount, c) }] : [],
        taxes: [
          { name: inclusive ? 'VAT 10% incl.' : 'VAT 10%', rate: '10', amount: money(tax, c), inclusive },
        ],
        total: money(inclusive ? net : net + tax, c),
      };
    });
    out.push(
      transaction(`pos-${seed}-${n}`, 'sale', c, lines, random() < 0.5 ? 'cash' : 'card', {
        locationId: random() < 0.5 ? 'store-1' : 'store-2',
        occurredAt: new Date(Date.UTC(2025, 2, 1) + n * 60_000).toISOString(),
        ...(customers.length > 0 && random() < 0.3 ? { customer: { externalId: pick(customers) } } : {}),
      }),
    );
  }
  return out;
}

type Line = SalesTransactionInput['lines'][number];

function transaction(
  externalId: string,
  kind: 'sale' | 'refund',
  currency: string,
  lines: Line[],
  tender: 'cash' | 'card',
  extra: Partial<SalesTransactionInput>,
): SalesTransactionInput {
  const sum = (f: (l: Line) => number) => lines.reduce((a, l) => a + f(l), 0);
  const total = sum((l) => l.total.amount);
  const tx: SalesTransactionInput = {
    externalId,
    kind,
    occurredAt: '2025-03-01T00:00:00Z',
    locationId: 'store-1',
    currency,
    lines,
    tenders: [{ type: tender, amount: money(total, currency) }],
    totals: {
      lines: money(total, currency),
      discount: money(
        sum((l) => (l.discounts ?? []).reduce((a, d) => a + d.amount.amount, 0)),
        currency,
      ),
      tax: money(
        sum((l) => (l.taxes ?? []).reduce((a, t) => a + t.amount.amount, 0)),
        currency,
      ),
      total: money(total, currency),
    },
    ...extra,
  };
  const problems = checkTransactionInvariants(SalesTransactionSchema.parse(tx));
  if (problems.length > 0) throw new Error(`generated an inconsistent transaction: ${problems.join('; ')}`);
  return tx;
}

/** A refund giving back the first line of `sale`. */
export function refundOf(sale: SalesTransactionInput, n: number): SalesTransactionInput {
  const line = sale.lines[0]!;
  return transaction(`${sale.externalId}-r${n}`, 'refund', sale.currency, [line], 'cash', {
    originalExternalId: sale.externalId,
    locationId: sale.locationId,
    occurredAt: new Date(Date.parse(sale.occurredAt) + 3_600_000).toISOString(),
  });
}
