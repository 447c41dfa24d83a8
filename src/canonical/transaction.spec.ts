import { SalesTransactionSchema, type SalesTransaction, type SalesTransactionInput } from './transaction';
import { checkTransactionInvariants } from './transaction.invariants';

const usd = (amount: number) => ({ amount, currency: 'USD' });

/**
 * A consistent sale: line 1 = 2 × 5.00 − 1.00 discount + 0.90 tax = 9.90; line 2 = 0.5 × 3.33 = 1.665,
 * rounded to 1.67 (half-away; 1.66 half-even) with 0.15 inclusive VAT; order: −0.57 discount, +0.50 city
 * tax, 0.10 inclusive tax, 1.00 service, 2.00 tip → 11.57 − 0.57 + 0.50 + 1.00 + 2.00 = 14.50.
 */
function saleInput(): SalesTransactionInput {
  return {
    externalId: 'sale-1',
    kind: 'sale',
    receiptNumber: 'R-0001',
    occurredAt: '2024-05-01T09:30:00+07:00',
    locationId: 'store-1',
    currency: 'USD',
    customer: { externalId: 'c-1', email: 'ana@example.com' },
    lines: [
      {
        lineId: 'l1',
        product: { externalId: 'p-1', sku: 'SKU-1', name: 'Coffee' },
        quantity: '2',
        unitPrice: usd(500),
        gross: usd(1000),
        discounts: [{ name: 'Happy hour', amount: usd(100) }],
        taxes: [{ name: 'Sales tax', rate: '10', amount: usd(90), inclusive: false }],
        total: usd(990),
      },
      {
        lineId: 'l2',
        product: { name: 'Loose tea' },
        quantity: '0.5',
        unitPrice: usd(333),
        gross: usd(167),
        taxes: [{ name: 'VAT', amount: usd(15), inclusive: true }],
        total: usd(167),
      },
    ],
    discounts: [{ name: 'Loyalty', amount: usd(57) }],
    taxes: [
      { name: 'City tax', amount: usd(50), inclusive: false },
      { name: 'Included levy', amount: usd(10), inclusive: true },
    ],
    serviceCharges: [{ name: 'Service', amount: usd(100) }],
    tip: usd(200),
    tenders: [
      { type: 'card', cardBrand: 'VISA', amount: usd(1000), reference: 'auth-1' },
      { type: 'cash', amount: usd(450) },
    ],
    totals: {
      lines: usd(1157),
      discount: usd(157),
      tax: usd(165),
      serviceCharge: usd(100),
      tip: usd(200),
      total: usd(1450),
    },
  };
}

const sale = (): SalesTransaction => SalesTransactionSchema.parse(saleInput());

function issuesOf(input: unknown): string[] {
  const result = SalesTransactionSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('SalesTransactionSchema', () => {
  it('parses a full sale unchanged apart from defaults', () => {
    const expected = saleInput();
    expected.lines[1]!.discounts = [];
    expect(sale()).toEqual(expected);
  });

  it('fills omitted arrays, tip and optional totals with empty values in the transaction currency', () => {
    const parsed = SalesTransactionSchema.parse({
      externalId: 'r-1',
      kind: 'refund',
      originalExternalId: 'sale-1',
      occurredAt: '2024-05-02T10:00:00Z',
      locationId: 'store-1',
      currency: 'JPY',
      lines: [],
      totals: {
        lines: { amount: 0, currency: 'JPY' },
        discount: { amount: 0, currency: 'JPY' },
        tax: { amount: 0, currency: 'JPY' },
        total: { amount: 500, currency: 'JPY' },
      },
    });
    expect(parsed.discounts).toEqual([]);
    expect(parsed.taxes).toEqual([]);
    expect(parsed.serviceCharges).toEqual([]);
    expect(parsed.tenders).toEqual([]);
    expect(parsed.tip).toEqual({ amount: 0, currency: 'JPY' });
    expect(parsed.totals.tip).toEqual({ amount: 0, currency: 'JPY' });
    expect(parsed.totals.serviceCharge).toEqual({ amount: 0, currency: 'JPY' });
  });

  it('defaults line discounts and taxes to empty arrays', () => {
    expect(sale().lines[1]!.discounts).toEqual([]);
  });

  it('refuses negative amounts because kind carries the sign', () => {
    const input = saleInput();
    input.lines[0]!.unitPrice = usd(-500);
    expect(issuesOf(input)).toEqual([
      'lines.0.unitPrice.amount: must not be negative (the record kind carries the sign)',
    ]);
  });

  it('refuses negative line quantities', () => {
    const input = saleInput();
    input.lines[0]!.quantity = '-2';
    expect(issuesOf(input)).toEqual(['lines.0.quantity: must not be negative']);
  });

  it('names the unknown currency', () => {
    const input = saleInput();
    input.lines[0]!.gross = { amount: 1000, currency: 'XYZ' };
    expect(issuesOf(input)).toEqual(['lines.0.gross.currency: unknown currency XYZ']);
  });

  it.each([
    ['occurredAt', '2024-05-01T09:30:00', 'occurredAt'],
    ['occurredAt', '2024-05-01', 'occurredAt'],
    ['kind', 'exchange', 'kind'],
    ['locationId', '', 'locationId'],
    ['unexpected', 1, ''],
  ])('refuses %s = %p', (field, value, path) => {
    const input = { ...saleInput(), [field]: value };
    expect(issuesOf(input).map((m) => m.split(':')[0])).toEqual([path]);
  });

  it('refuses an unknown tender type and a malformed tax rate', () => {
    const input = saleInput() as unknown as { tenders: { type: string }[]; taxes: { rate?: string }[] };
    input.tenders[0]!.type = 'cheque';
    input.taxes[0]!.rate = '10%';
    expect(issuesOf(input).map((m) => m.split(':')[0])).toEqual(['taxes.0.rate', 'tenders.0.type']);
  });
});

describe('checkTransactionInvariants', () => {
  it('accepts a consistent sale', () => {
    expect(checkTransactionInvariants(sale())).toEqual([]);
  });

  it('accepts the half-even rounding of quantity × unitPrice too', () => {
    const tx = sale();
    tx.lines[1]!.gross = usd(166);
    tx.lines[1]!.total = usd(166);
    tx.totals.lines = usd(1156);
    tx.totals.total = usd(1449);
    tx.tenders[1]!.amount = usd(449);
    expect(checkTransactionInvariants(tx)).toEqual([]);
  });

  it('reports every Money in another currency, and nothing else', () => {
    const tx = sale();
    tx.tip = { amount: 200, currency: 'EUR' };
    tx.lines[0]!.taxes[0]!.amount = { amount: 90, currency: 'CAD' };
    expect(checkTransactionInvariants(tx)).toEqual([
      'lines.0.taxes.0.amount.currency is CAD but the transaction currency is USD',
      'tip.currency is EUR but the transaction currency is USD',
    ]);
  });

  it('checks line gross against quantity × unitPrice', () => {
    const tx = sale();
    tx.lines[0]!.gross = usd(1001);
    tx.lines[0]!.total = usd(991);
    tx.totals.lines = usd(1158);
    tx.totals.total = usd(1451);
    tx.tenders[1]!.amount = usd(451);
    expect(checkTransactionInvariants(tx)).toEqual([
      'lines.0.gross is 1001 USD minor units but quantity × unitPrice is 1000',
    ]);
  });

  it('shows both roundings when they differ', () => {
    const tx = sale();
    tx.lines[1]!.gross = usd(165);
    expect(checkTransactionInvariants(tx)[0]).toBe(
      'lines.1.gross is 165 USD minor units but quantity × unitPrice is 167 (half-away) or 166 (half-even)',
    );
  });

  it('checks line total against gross − discounts + non-inclusive taxes', () => {
    const tx = sale();
    tx.lines[0]!.total = usd(1005);
    expect(checkTransactionInvariants(tx)).toContain(
      'lines.0.total is 1005 USD minor units but gross − discounts + non-inclusive taxes is 990',
    );
  });

  it('checks totals.lines', () => {
    const tx = sale();
    tx.totals.lines = usd(1150);
    expect(checkTransactionInvariants(tx)).toContain(
      'totals.lines is 1150 USD minor units but line totals add up to 1157',
    );
  });

  it('checks totals.discount', () => {
    const tx = sale();
    tx.totals.discount = usd(100);
    expect(checkTransactionInvariants(tx)).toEqual([
      'totals.discount is 100 USD minor units but line and order discounts add up to 157',
    ]);
  });

  it('checks totals.tax, counting inclusive taxes', () => {
    const tx = sale();
    tx.totals.tax = usd(140);
    expect(checkTransactionInvariants(tx)).toEqual([
      'totals.tax is 140 USD minor units but line and order taxes add up to 165',
    ]);
  });

  it('checks totals.serviceCharge', () => {
    const tx = sale();
    tx.serviceCharges.push({ name: 'Delivery', amount: usd(300) });
    expect(checkTransactionInvariants(tx)).toContain(
      'totals.serviceCharge is 100 USD minor units but serviceCharges add up to 400',
    );
  });

  it('checks totals.tip', () => {
    const tx = sale();
    tx.totals.tip = usd(0);
    expect(checkTransactionInvariants(tx)).toEqual(['totals.tip is 0 USD minor units but tip is 200']);
  });

  it('checks totals.total against lines and charges', () => {
    const tx = sale();
    tx.totals.total = usd(1460);
    tx.tenders[1]!.amount = usd(460);
    expect(checkTransactionInvariants(tx)).toEqual([
      'totals.total is 1460 USD minor units but lines and charges add up to 1450',
    ]);
  });

  it('checks tenders against totals.total', () => {
    const tx = sale();
    tx.tenders[1]!.amount = usd(400);
    expect(checkTransactionInvariants(tx)).toEqual([
      'totals.total is 1450 USD minor units but tenders add up to 1400',
    ]);
  });

  it('skips the tender rule when no tenders are recorded', () => {
    const tx = sale();
    tx.tenders = [];
    expect(checkTransactionInvariants(tx)).toEqual([]);
  });

  it('refuses a refund with lines that gives back nothing', () => {
    const tx = sale();
    tx.kind = 'refund';
    tx.lines = [
      { ...tx.lines[0]!, unitPrice: usd(0), gross: usd(0), discounts: [], taxes: [], total: usd(0) },
    ];
    tx.discounts = [];
    tx.taxes = [];
    tx.serviceCharges = [];
    tx.tip = usd(0);
    tx.tenders = [];
    tx.totals = {
      lines: usd(0),
      discount: usd(0),
      tax: usd(0),
      serviceCharge: usd(0),
      tip: usd(0),
      total: usd(0),
    };
    expect(checkTransactionInvariants(tx)).toEqual([
      'totals.total is 0 USD minor units but a refund with 1 line(s) must give back more than 0',
    ]);
    tx.lines = [];
    expect(checkTransactionInvariants(tx)).toEqual([]);
  });

  it('lets a void carry the voided amounts', () => {
    const tx = sale();
    tx.kind = 'void';
    expect(checkTransactionInvariants(tx)).toEqual([]);
  });

  it('judges near-limit amounts without overflowing', () => {
    const max = Number.MAX_SAFE_INTEGER;
    const tx = sale();
    tx.lines = [
      {
        lineId: 'a',
        product: { name: 'A' },
        quantity: '1',
        unitPrice: usd(max),
        gross: usd(max),
        discounts: [],
        taxes: [],
        total: usd(max),
      },
      {
        lineId: 'b',
        product: { name: 'B' },
        quantity: '1',
        unitPrice: usd(max),
        gross: usd(max),
        discounts: [],
        taxes: [],
        total: usd(max),
      },
    ];
    const problems = checkTransactionInvariants(tx);
    expect(problems).toContain(
      `totals.lines is 1157 USD minor units but line totals add up to ${2n * BigInt(max)}`,
    );
  });
});
