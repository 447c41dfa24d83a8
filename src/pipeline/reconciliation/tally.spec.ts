import type { SalesTransaction } from '../../canonical';
import { sameTotals, tally } from './tally';

const money = (amount: number) => ({ amount, currency: 'USD' });
const tx = (kind: string, total: number, tax: number, extra: Partial<SalesTransaction> = {}) =>
  ({
    kind,
    currency: 'USD',
    totals: { total: money(total), tax: money(tax) },
    tenders: [{ type: 'card', amount: money(total) }],
    ...extra,
  }) as unknown as SalesTransaction;

describe('tally', () => {
  it('nets refunds out of amounts, tax and tenders, counts voids only, skips other currencies', () => {
    const totals = tally(
      [
        tx('sale', 1000, 100),
        tx('sale', 500, 50),
        tx('refund', 300, 30),
        tx('void', 999, 99),
        tx('sale', 7, 0, { currency: 'EUR' }),
      ],
      'USD',
    );
    expect(totals).toEqual({
      currency: 'USD',
      transactions: 4,
      sales: { count: 2, amount: 1500 },
      refunds: { count: 1, amount: 300 },
      voids: 1,
      net: 1200,
      tax: 120,
      tenders: { card: 1200 },
    });
  });

  it('counts a daily summary as the sales it holds', () => {
    const summary = tx('sale', 1500, 150, {
      summary: { businessDay: '2025-03-01', transactions: 2, final: true, adjustment: 0 },
    });
    const sales = tally([tx('sale', 1000, 100), tx('sale', 500, 50)], 'USD');
    expect(sameTotals(tally([summary], 'USD'), sales)).toBe(true);
    expect(sameTotals(tally([summary], 'USD'), tally([tx('sale', 1000, 100)], 'USD'))).toBe(false);
  });
});
