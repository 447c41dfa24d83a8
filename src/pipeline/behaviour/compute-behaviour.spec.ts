import { CustomerBehaviourSchema } from '../../canonical';
import { computeBehaviour, type BehaviourInput } from './compute-behaviour';

const usd = (amount: number) => ({ amount, currency: 'USD' });

function tx(
  id: string,
  kind: 'sale' | 'refund' | 'void',
  at: string,
  total: number,
  lines: { sku?: string; name: string; quantity: string }[] = [{ sku: 'TEA', name: 'Tea', quantity: '1' }],
  currency = 'USD',
  locationId = 'L1',
): BehaviourInput {
  const money = { amount: total, currency };
  return {
    externalId: id,
    kind,
    occurredAt: at,
    locationId,
    currency,
    lines: lines.map((l, i) => ({
      lineId: String(i),
      product: { ...(l.sku ? { sku: l.sku } : {}), name: l.name },
      quantity: l.quantity,
      unitPrice: money,
      gross: money,
      discounts: [],
      taxes: [],
      total: money,
    })),
    totals: {
      lines: money,
      discount: { amount: 0, currency },
      tax: { amount: 0, currency },
      serviceCharge: { amount: 0, currency },
      tip: { amount: 0, currency },
      total: money,
    },
  };
}

describe('computeBehaviour', () => {
  it('sums sales minus refunds exactly and averages half-even over the sales', () => {
    const result = computeBehaviour('c1', [
      tx('s1', 'sale', '2025-03-01T10:00:00+07:00', 1001),
      tx('s2', 'sale', '2025-03-02T10:00:00Z', 1000),
      tx(
        's3',
        'sale',
        '2025-03-03T10:00:00Z',
        1000,
        [{ sku: 'CAKE', name: 'Cake', quantity: '2' }],
        'USD',
        'L2',
      ),
      tx('r1', 'refund', '2025-03-04T10:00:00Z', 500),
      tx('v1', 'void', '2025-03-05T10:00:00Z', 9999),
    ]);
    expect(result).toEqual({
      externalId: 'c1',
      customer: { externalId: 'c1' },
      currency: 'USD',
      lifetimeSpend: usd(2501),
      orderCount: 3,
      refundCount: 1,
      // 2501 / 3 = 833.67 → 834
      averageOrderValue: usd(834),
      firstPurchaseAt: '2025-03-01T03:00:00.000Z',
      lastPurchaseAt: '2025-03-03T10:00:00.000Z',
      lastLocationId: 'L2',
      favouriteProduct: { sku: 'TEA', name: 'Tea', quantity: '2' },
      otherCurrencyTransactions: 0,
    });
    expect(CustomerBehaviourSchema.safeParse(result).success).toBe(true);
  });

  it('is the same whatever order the transactions come in', () => {
    const list = [
      tx('a', 'sale', '2025-01-01T00:00:00Z', 100, [{ name: 'Bun', quantity: '1.5' }]),
      tx('b', 'sale', '2025-01-02T00:00:00Z', 300, [{ name: 'Cake', quantity: '1' }]),
      tx('c', 'sale', '2025-01-02T00:00:00Z', 200, [{ name: 'Bun', quantity: '0.5' }]),
    ];
    const forward = computeBehaviour('c', list);
    expect(computeBehaviour('c', [...list].reverse())).toEqual(forward);
    expect(forward?.favouriteProduct).toEqual({ name: 'Bun', quantity: '2' });
    expect(forward?.lastLocationId).toBe('L1');
  });

  it('counts other currencies apart instead of converting them', () => {
    const result = computeBehaviour('c', [
      tx('a', 'sale', '2025-01-01T00:00:00Z', 50_000, undefined, 'VND'),
      tx('b', 'sale', '2025-01-03T00:00:00Z', 250),
    ]);
    expect(result?.currency).toBe('USD');
    expect(result?.lifetimeSpend).toEqual(usd(250));
    expect(result?.orderCount).toBe(1);
    expect(result?.otherCurrencyTransactions).toBe(1);
    expect(result?.firstPurchaseAt).toBe('2025-01-01T00:00:00.000Z');
  });

  it('gives nothing for a customer without sales or refunds, and ignores poshub summaries', () => {
    expect(computeBehaviour('c', [])).toBeUndefined();
    expect(computeBehaviour('c', [tx('v', 'void', '2025-01-01T00:00:00Z', 10)])).toBeUndefined();
    const summary = { ...tx('s', 'sale', '2025-01-01T00:00:00Z', 10), summary: {} };
    expect(computeBehaviour('c', [summary])).toBeUndefined();
  });

  it('handles a refund-only customer with a zero average', () => {
    const result = computeBehaviour('c', [tx('r', 'refund', '2025-01-01T00:00:00Z', 700)]);
    expect(result?.lifetimeSpend).toEqual(usd(-700));
    expect(result?.averageOrderValue).toEqual(usd(0));
    expect(result?.firstPurchaseAt).toBeUndefined();
    expect(result?.favouriteProduct).toBeUndefined();
  });
});
