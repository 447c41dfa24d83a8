import { CurrencyMismatchError, MoneyFormatError, UnknownCurrencyError } from './canonical.errors';
import { CURRENCY_EXPONENTS, CurrencyCodeSchema, currencyExponent, isKnownCurrency } from './currency';
import {
  MoneySchema,
  NonNegativeMoneySchema,
  addMoney,
  fromMinorUnits,
  minorToNumber,
  money,
  moneyFromDecimal,
  multiplyMoney,
  negateMoney,
  subtractMoney,
  sumMoney,
  toMinorUnits,
  zeroMoney,
} from './money';

const usd = (amount: number) => money(amount, 'USD');

describe('currencies', () => {
  it.each([
    ['VND', 0],
    ['JPY', 0],
    ['KRW', 0],
    ['CLP', 0],
    ['ISK', 0],
    ['USD', 2],
    ['EUR', 2],
    ['GBP', 2],
    ['KWD', 3],
    ['BHD', 3],
    ['OMR', 3],
    ['JOD', 3],
    ['TND', 3],
    ['IQD', 3],
    ['LYD', 3],
    ['CLF', 4],
  ])('%s has exponent %i', (code, exponent) => {
    expect(currencyExponent(code)).toBe(exponent);
    expect(isKnownCurrency(code)).toBe(true);
  });

  it('lists well-formed codes with exponents between 0 and 4', () => {
    const entries = Object.entries(CURRENCY_EXPONENTS);
    expect(entries.length).toBeGreaterThan(150);
    for (const [code, exponent] of entries) {
      expect(code).toMatch(/^[A-Z]{3}$/);
      expect([0, 2, 3, 4]).toContain(exponent);
    }
  });

  it('refuses unknown, lower-case and prototype names', () => {
    for (const code of ['XYZ', 'usd', '', 'constructor', 'toString', 'XAU']) {
      expect(isKnownCurrency(code)).toBe(false);
      expect(() => currencyExponent(code)).toThrow(UnknownCurrencyError);
    }
    expect(() => currencyExponent('XYZ')).toThrow('unknown currency XYZ');
  });

  it('validates codes with a message naming the code', () => {
    expect(CurrencyCodeSchema.safeParse('EUR').success).toBe(true);
    const result = CurrencyCodeSchema.safeParse('ABC');
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.message).toBe('unknown currency ABC');
  });
});

describe('toMinorUnits', () => {
  it.each([
    ['12.34', 'USD', 1234],
    ['-0.5', 'USD', -50],
    ['7', 'USD', 700],
    ['+1.2', 'EUR', 120],
    ['1500', 'VND', 1500],
    ['1.234', 'KWD', 1234],
    ['0.001', 'KWD', 1],
    ['00012.30', 'USD', 1230],
  ])('converts %s %s to %i', (text, currency, minor) => {
    expect(toMinorUnits(text, currency)).toBe(minor);
  });

  it.each([
    ['0.005', 1, 0],
    ['0.015', 2, 2],
    ['0.025', 3, 2],
    ['-0.005', -1, 0],
    ['-0.015', -2, -2],
    ['2.675', 268, 268],
    ['0.0049999', 0, 0],
    ['0.0050001', 1, 1],
  ])('rounds %s USD half-away to %i and half-even to %i', (text, halfAway, halfEven) => {
    expect(toMinorUnits(text, 'USD', 'half-away')).toBe(halfAway);
    expect(toMinorUnits(text, 'USD', 'half-even')).toBe(halfEven);
  });

  it('rounds to the currency exponent (VND has none, KWD has three)', () => {
    expect(toMinorUnits('1500.5', 'VND')).toBe(1501);
    expect(toMinorUnits('1500.5', 'VND', 'half-even')).toBe(1500);
    expect(toMinorUnits('1.2345', 'KWD')).toBe(1235);
  });

  it('never returns negative zero', () => {
    expect(Object.is(toMinorUnits('-0.004', 'USD'), 0)).toBe(true);
    expect(Object.is(toMinorUnits('-0.005', 'USD', 'half-even'), 0)).toBe(true);
    expect(Object.is(toMinorUnits(-0, 'USD'), 0)).toBe(true);
  });

  it("with 'reject' accepts exact values and refuses extra digits", () => {
    expect(toMinorUnits('12.340', 'USD', 'reject')).toBe(1234);
    expect(() => toMinorUnits('12.345', 'USD', 'reject')).toThrow(MoneyFormatError);
    expect(() => toMinorUnits('1.5', 'JPY', 'reject')).toThrow('more than 0 decimals for JPY');
  });

  it('reads numbers through their shortest string form, not their binary value', () => {
    // 1.005 is stored as 1.00499999999999989…; float math (Math.round(1.005 * 100)) gives 100.
    expect(toMinorUnits(1.005, 'USD')).toBe(101);
    expect(toMinorUnits(0.1 + 0.2, 'USD')).toBe(30);
    expect(toMinorUnits(19.99, 'USD')).toBe(1999);
    expect(toMinorUnits(-4.35, 'USD')).toBe(-435);
  });

  it('accepts exponent notation only when a number prints that way', () => {
    expect(toMinorUnits(1e-7, 'USD')).toBe(0);
    expect(toMinorUnits(1.5e-2, 'USD')).toBe(2);
    expect(toMinorUnits(1e3, 'VND')).toBe(1000);
    expect(() => toMinorUnits(1e21, 'VND')).toThrow(MoneyFormatError);
    expect(() => toMinorUnits('1e3', 'VND')).toThrow(MoneyFormatError);
    expect(() => toMinorUnits('1.5E2', 'USD')).toThrow(MoneyFormatError);
  });

  it.each([
    '',
    ' 1',
    '1 ',
    '1,50',
    'abc',
    '1.2.3',
    '+',
    '-',
    '.5',
    '5.',
    '0x10',
    'Infinity',
    'NaN',
    '1'.repeat(80),
  ])('refuses the garbage %p', (text) => {
    expect(() => toMinorUnits(text, 'USD')).toThrow(MoneyFormatError);
  });

  it('refuses non-finite numbers and non-string values', () => {
    for (const value of [NaN, Infinity, -Infinity, null, undefined, {}, true] as unknown as number[]) {
      expect(() => toMinorUnits(value, 'USD')).toThrow(MoneyFormatError);
    }
  });

  it('refuses results outside the safe integer range', () => {
    expect(toMinorUnits('90071992547409.91', 'USD')).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => toMinorUnits('90071992547409.92', 'USD')).toThrow('outside the safe integer range');
    expect(() => toMinorUnits(1e20, 'USD')).toThrow(MoneyFormatError);
  });

  it('throws UnknownCurrencyError before looking at the value', () => {
    expect(() => toMinorUnits('1', 'XYZ')).toThrow(UnknownCurrencyError);
  });
});

describe('fromMinorUnits', () => {
  it.each([
    [1230, 'USD', '12.30'],
    [5, 'USD', '0.05'],
    [-5, 'KWD', '-0.005'],
    [-1234, 'KWD', '-1.234'],
    [1500, 'VND', '1500'],
    [-1500, 'JPY', '-1500'],
    [0, 'USD', '0.00'],
    [-0, 'USD', '0.00'],
    [1, 'CLF', '0.0001'],
  ])('renders %i %s as %s', (minor, currency, text) => {
    expect(fromMinorUnits(minor, currency)).toBe(text);
  });

  it('refuses non-integers and unsafe integers', () => {
    expect(() => fromMinorUnits(1.5, 'USD')).toThrow(MoneyFormatError);
    expect(() => fromMinorUnits(2 ** 53, 'USD')).toThrow(MoneyFormatError);
    expect(() => fromMinorUnits(NaN, 'USD')).toThrow(MoneyFormatError);
  });
});

describe('minorToNumber', () => {
  it('gives the nearest number in major units', () => {
    expect(minorToNumber(1999, 'USD')).toBe(19.99);
    expect(minorToNumber(-5, 'KWD')).toBe(-0.005);
    expect(minorToNumber(1500, 'VND')).toBe(1500);
  });

  it('refuses amounts that distinct doubles cannot tell apart', () => {
    // Near 9e13 dollars, doubles are 1/64 apart, more than one cent.
    expect(() => minorToNumber(Number.MAX_SAFE_INTEGER, 'USD')).toThrow('cannot be represented exactly');
    expect(minorToNumber(Number.MAX_SAFE_INTEGER, 'VND')).toBe(Number.MAX_SAFE_INTEGER);
  });
});

describe('money operations', () => {
  it('builds money and refuses bad amounts or currencies', () => {
    expect(money(5, 'USD')).toEqual({ amount: 5, currency: 'USD' });
    expect(Object.is(money(-0, 'USD').amount, 0)).toBe(true);
    expect(() => money(0.5, 'USD')).toThrow(MoneyFormatError);
    expect(() => money(2 ** 53, 'USD')).toThrow(MoneyFormatError);
    expect(() => money(1, 'XYZ')).toThrow(UnknownCurrencyError);
    expect(zeroMoney('JPY')).toEqual({ amount: 0, currency: 'JPY' });
    expect(moneyFromDecimal('1.005', 'USD')).toEqual({ amount: 101, currency: 'USD' });
  });

  it('adds, subtracts, negates and sums in one currency', () => {
    expect(addMoney(usd(150), usd(-50))).toEqual(usd(100));
    expect(subtractMoney(usd(150), usd(200))).toEqual(usd(-50));
    expect(negateMoney(usd(7))).toEqual(usd(-7));
    expect(Object.is(negateMoney(usd(0)).amount, 0)).toBe(true);
    expect(sumMoney([usd(1), usd(2), usd(3)], 'USD')).toEqual(usd(6));
    expect(sumMoney([], 'EUR')).toEqual(money(0, 'EUR'));
  });

  it('throws CurrencyMismatchError on mixed currencies', () => {
    const eur = money(1, 'EUR');
    expect(() => addMoney(usd(1), eur)).toThrow(CurrencyMismatchError);
    expect(() => subtractMoney(usd(1), eur)).toThrow(CurrencyMismatchError);
    expect(() => sumMoney([usd(1), eur], 'USD')).toThrow('expected USD, got EUR');
    expect(() => sumMoney([usd(1)], 'EUR')).toThrow(CurrencyMismatchError);
  });

  it('refuses results outside the safe integer range', () => {
    const max = usd(Number.MAX_SAFE_INTEGER);
    expect(() => addMoney(max, usd(1))).toThrow(MoneyFormatError);
    expect(() => subtractMoney(usd(-Number.MAX_SAFE_INTEGER), usd(1))).toThrow(MoneyFormatError);
    expect(() => multiplyMoney(max, '2')).toThrow(MoneyFormatError);
    expect(addMoney(max, usd(-1))).toEqual(usd(Number.MAX_SAFE_INTEGER - 1));
  });

  it('refuses operands that are not safe integers', () => {
    const bad = { amount: 0.5, currency: 'USD' };
    expect(() => addMoney(usd(1), bad)).toThrow(MoneyFormatError);
    expect(() => negateMoney(bad)).toThrow(MoneyFormatError);
  });

  it('multiplies by a decimal quantity with the chosen rounding', () => {
    expect(multiplyMoney(usd(333), '3')).toEqual(usd(999));
    expect(multiplyMoney(usd(199), '0.5')).toEqual(usd(100));
    expect(multiplyMoney(usd(199), '0.5', 'half-even')).toEqual(usd(100));
    expect(multiplyMoney(usd(197), '0.5', 'half-even')).toEqual(usd(98));
    expect(multiplyMoney(usd(197), '0.5', 'half-away')).toEqual(usd(99));
    expect(multiplyMoney(usd(1000), '-1.25')).toEqual(usd(-1250));
    expect(multiplyMoney(usd(1000), '0.125', 'reject')).toEqual(usd(125));
    expect(() => multiplyMoney(usd(1001), '0.125', 'reject')).toThrow('not a whole number');
    expect(() => multiplyMoney(usd(1), '1e2')).toThrow(MoneyFormatError);
    expect(() => multiplyMoney(usd(1), 'two')).toThrow(MoneyFormatError);
  });
});

describe('MoneySchema', () => {
  it('accepts safe integer amounts in a known currency', () => {
    expect(MoneySchema.parse({ amount: -5, currency: 'KWD' })).toEqual({ amount: -5, currency: 'KWD' });
  });

  it.each([
    [{ amount: 1.5, currency: 'USD' }, 'amount'],
    [{ amount: 2 ** 53, currency: 'USD' }, 'amount'],
    [{ amount: '5', currency: 'USD' }, 'amount'],
    [{ amount: 5, currency: 'XYZ' }, 'currency'],
    [{ amount: 5 }, 'currency'],
    [{ amount: 5, currency: 'USD', extra: 1 }, ''],
  ])('refuses %j at %p', (value, path) => {
    const result = MoneySchema.safeParse(value);
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.path.join('.'))).toContain(path);
  });

  it('has a non-negative variant', () => {
    expect(NonNegativeMoneySchema.safeParse({ amount: 0, currency: 'USD' }).success).toBe(true);
    const result = NonNegativeMoneySchema.safeParse({ amount: -1, currency: 'USD' });
    expect(result.error!.issues[0]!.path).toEqual(['amount']);
  });
});
