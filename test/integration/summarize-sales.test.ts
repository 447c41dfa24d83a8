import { join } from 'node:path';
import {
  CANONICAL_SCHEMAS,
  validateCanonical,
  type SalesTransaction,
  type SalesTransactionInput,
} from '../../src/canonical';
import { CONNECTORS } from '../../connectors';
import { createSchemaResolver, MappingEngine } from '../../src/mapping';
import { buildRegistry } from '../../src/registry';
import { FakePosServer } from '../fakes/fake-pos/fake-pos.server';
import { summarizeSales, type SummaryHeader } from '../../src/pipeline/summary/summarize-sales';

/** Canonical sales as the fake POS and its real mapping produce them. */
async function canonicalSales(count: number, currency: string): Promise<SalesTransaction[]> {
  const registry = buildRegistry(CONNECTORS);
  const engine = await MappingEngine.load(join(__dirname, '..', '..', 'mappings'), {
    resolveSchema: createSchemaResolver(CANONICAL_SCHEMAS, { get: (id) => registry.get(id)?.manifest }),
  });
  const pos = await FakePosServer.start({ seed: 3 });
  try {
    const raw = pos.generate(count, { currency, refundRatio: 0 });
    const out: SalesTransaction[] = [];
    for (const r of raw) {
      const mapped = await engine.apply('fake-pos/transaction', r, { connectionId: 'pos', lookups: {} });
      if (!mapped.ok) throw new Error(mapped.errors.join('; '));
      out.push(mapped.value as SalesTransaction);
    }
    return out;
  } finally {
    await pos.close();
  }
}

const header = (currency: string): SummaryHeader => ({
  externalId: 'store-1@2026-11-27',
  receiptNumber: 'DAY-store-1-2026-11-27',
  locationId: 'store-1',
  currency,
  businessDay: '2026-11-27',
  occurredAt: '2026-11-27T23:59:59+07:00',
  final: false,
  adjustment: 0,
});

describe('summarizeSales', () => {
  it.each(['USD', 'VND', 'KWD'])(
    'sums 150 %s sales into one valid transaction, exact to the minor unit',
    async (currency) => {
      const sales = (await canonicalSales(150, currency)).filter((s) => s.kind === 'sale');
      const summary = summarizeSales(sales, header(currency));

      const checked = validateCanonical('transaction', summary);
      expect(checked.ok ? [] : checked.reasons).toEqual([]);
      const sum = (pick: (s: SalesTransaction) => number) => sales.reduce((n, s) => n + pick(s), 0);
      expect(summary.totals.total.amount).toBe(sum((s) => s.totals.total.amount));
      expect(summary.totals.tax.amount).toBe(sum((s) => s.totals.tax.amount));
      expect((summary.tenders ?? []).reduce((n, t) => n + t.amount.amount, 0)).toBe(
        summary.totals.total.amount,
      );
      expect(summary.summary).toEqual({
        businessDay: '2026-11-27',
        transactions: sales.length,
        final: false,
        adjustment: 0,
      });
      // Far fewer lines than receipts: they are grouped by product, price and tax.
      expect(summary.lines.length).toBeLessThan(sales.reduce((n, s) => n + s.lines.length, 0) / 3);
    },
  );

  it('keeps a line whose gross is not exactly quantity × price on its own', () => {
    const base = (id: string, quantity: string, gross: number): SalesTransactionInput => ({
      externalId: id,
      kind: 'sale',
      occurredAt: '2026-11-27T10:00:00Z',
      locationId: 'store-1',
      currency: 'USD',
      lines: [
        {
          lineId: '1',
          product: { sku: 'BEANS', name: 'Beans by weight' },
          quantity,
          unitPrice: { amount: 333, currency: 'USD' },
          gross: { amount: gross, currency: 'USD' },
          discounts: [],
          taxes: [],
          total: { amount: gross, currency: 'USD' },
        },
      ],
      tenders: [{ type: 'cash', amount: { amount: gross, currency: 'USD' } }],
      totals: {
        lines: { amount: gross, currency: 'USD' },
        discount: { amount: 0, currency: 'USD' },
        tax: { amount: 0, currency: 'USD' },
        total: { amount: gross, currency: 'USD' },
      },
    });
    const sales = [
      base('a', '0.5', 167),
      base('b', '0.5', 167),
      base('c', '2', 666),
      base('d', '1', 333),
    ].map((s) => (validateCanonical('transaction', s) as { ok: true; value: SalesTransaction }).value);
    const summary = summarizeSales(sales, header('USD'));
    const checked = validateCanonical('transaction', summary);
    expect(checked.ok ? [] : checked.reasons).toEqual([]);
    // The two rounded half-units stay apart; the exact ones merge into one line of 3.
    expect(summary.lines.map((l) => l.quantity).sort()).toEqual(['0.5', '0.5', '3']);
  });
});
