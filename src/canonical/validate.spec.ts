import { CANONICAL_KINDS, CANONICAL_SCHEMAS, validateCanonical, type CanonicalKind } from './validate';

const usd = (amount: number) => ({ amount, currency: 'USD' });

const validRecords: Record<CanonicalKind, unknown> = {
  transaction: {
    externalId: 't-1',
    kind: 'sale',
    occurredAt: '2024-05-01T09:30:00Z',
    locationId: 'store-1',
    currency: 'USD',
    lines: [
      {
        lineId: '1',
        product: { name: 'Cake' },
        quantity: '3',
        unitPrice: usd(350),
        gross: usd(1050),
        total: usd(1050),
      },
    ],
    tenders: [{ type: 'cash', amount: usd(1050) }],
    totals: { lines: usd(1050), discount: usd(0), tax: usd(0), total: usd(1050) },
  },
  customer: { externalId: 'c-1', email: 'a@b.co' },
  product: { externalId: 'p-1', name: 'Cake', price: usd(350) },
  stock: {
    externalId: 'p-1@s',
    product: { sku: 'CAKE' },
    locationId: 's',
    quantity: '4',
    countedAt: '2024-05-01T09:30:00Z',
  },
  location: { externalId: 's', name: 'Shop', timezone: 'Europe/Paris', currency: 'EUR' },
  'customer-behaviour': {
    externalId: 'c-1',
    customer: { externalId: 'c-1' },
    currency: 'USD',
    lifetimeSpend: usd(1050),
    orderCount: 1,
    refundCount: 0,
    averageOrderValue: usd(1050),
    firstPurchaseAt: '2024-05-01T09:30:00Z',
    lastPurchaseAt: '2024-05-01T09:30:00Z',
    lastLocationId: 'store-1',
    favouriteProduct: { name: 'Cake', quantity: '3' },
    otherCurrencyTransactions: 0,
  },
};

describe('validateCanonical', () => {
  it('has a schema for every kind', () => {
    expect(Object.keys(CANONICAL_SCHEMAS).sort()).toEqual([...CANONICAL_KINDS].sort());
  });

  it.each(CANONICAL_KINDS)('accepts a valid %s', (kind) => {
    const result = validateCanonical(kind, validRecords[kind]);
    expect(result).toMatchObject({ ok: true });
  });

  it('returns the parsed value with defaults applied', () => {
    const result = validateCanonical('transaction', validRecords.transaction);
    if (!result.ok) throw new Error(result.reasons.join('\n'));
    expect(result.value.tip).toEqual(usd(0));
    expect(result.value.discounts).toEqual([]);
    expect(result.value.lines[0]!.taxes).toEqual([]);
  });

  it('renders zod issues as "<dotted path>: <message>"', () => {
    const tx = structuredClone(validRecords.transaction) as { lines: { unitPrice: unknown }[] };
    tx.lines[0]!.unitPrice = { amount: 350, currency: 'XYZ' };
    expect(validateCanonical('transaction', tx)).toEqual({
      ok: false,
      reasons: ['lines.0.unitPrice.currency: unknown currency XYZ'],
    });
  });

  it('labels issues about the whole value as (root)', () => {
    const result = validateCanonical('customer', { externalId: 'c-1' });
    expect(result).toEqual({
      ok: false,
      reasons: ['(root): at least one of givenName, familyName, companyName, email, phone is required'],
    });
    expect(validateCanonical('product', 'nope')).toEqual({
      ok: false,
      reasons: ['(root): Invalid input: expected object, received string'],
    });
  });

  it('runs the transaction invariants after the schema', () => {
    const tx = structuredClone(validRecords.transaction) as { totals: { total: unknown } };
    tx.totals.total = usd(1040);
    expect(validateCanonical('transaction', tx)).toEqual({
      ok: false,
      reasons: [
        'totals.total is 1040 USD minor units but lines and charges add up to 1050',
        'totals.total is 1040 USD minor units but tenders add up to 1050',
      ],
    });
  });

  it('reports an unknown kind instead of throwing', () => {
    expect(validateCanonical('invoice' as CanonicalKind, {})).toEqual({
      ok: false,
      reasons: ['unknown canonical kind invoice'],
    });
  });
});
