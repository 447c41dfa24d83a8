import jsonata from 'jsonata';
import { createLookupFn, decimalFn, mappingFunctions, minorFn, moneyFn } from './mapping-functions';

const run = (expression: string, input: unknown = {}, lookups = {}) =>
  jsonata(expression).evaluate(input, mappingFunctions(lookups));

describe('mapping functions', () => {
  it('converts decimal strings to minor units, rounding half away from zero', () => {
    expect(moneyFn('12.345', 'USD')).toEqual({ amount: 1235, currency: 'USD' });
    expect(moneyFn('-12.345', 'USD')).toEqual({ amount: -1235, currency: 'USD' });
    expect(moneyFn('12.344', 'USD')).toEqual({ amount: 1234, currency: 'USD' });
    expect(minorFn('1500', 'VND')).toBe(1500);
    expect(minorFn('1500.5', 'VND')).toBe(1501);
    expect(minorFn('1.2345', 'KWD')).toBe(1235);
    expect(minorFn('0.001', 'KWD')).toBe(1);
  });

  it('takes JSON numbers through their shortest string form, so 0.1 is exactly 10 cents', () => {
    expect(minorFn(0.1, 'USD')).toBe(10);
    expect(minorFn(1.005, 'USD')).toBe(101); // 1.005 as a float is 1.00499999…; the string form is "1.005"
    expect(minorFn(19.99, 'EUR')).toBe(1999);
  });

  it('sums money in JSONata without float drift', async () => {
    const input = { items: Array.from({ length: 10 }, () => ({ price: '0.1' })) };
    await expect(run('$sum(items.$minor(price, "USD"))', input)).resolves.toBe(100);
    await expect(run('$money("0.1", "USD").amount + $money("0.2", "USD").amount')).resolves.toBe(30);
    // The float way would give 0.30000000000000004; the mapping result is an exact decimal string.
    await expect(run('$decimal($minor("0.1", "USD") + $minor("0.2", "USD"), "USD")')).resolves.toBe('0.30');
  });

  it('renders minor units as decimal strings with the currency exponent', () => {
    expect(decimalFn(1234, 'USD')).toBe('12.34');
    expect(decimalFn(5, 'VND')).toBe('5');
    expect(decimalFn(1234, 'KWD')).toBe('1.234');
    expect(decimalFn(-5, 'USD')).toBe('-0.05');
    expect(decimalFn('1234', 'USD')).toBe('12.34');
  });

  it('propagates a missing value as nothing, like JSONata built-ins', async () => {
    expect(moneyFn(undefined, 'USD')).toBeUndefined();
    await expect(run('{ "price": $money(price, "USD") }', {})).resolves.toEqual({});
  });

  it('rejects garbage amounts, unknown currencies and fractional minor units with the function name', () => {
    expect(() => minorFn('12,50', 'USD')).toThrow(/^\$minor: /);
    expect(() => moneyFn('10', 'XYZ')).toThrow(/\$money: .*XYZ/);
    expect(() => moneyFn({ amount: 1 }, 'USD')).toThrow(
      '$money: expected a decimal string or number, got an object',
    );
    expect(() => decimalFn(12.5, 'USD')).toThrow('$decimal: expected an integer minor-unit amount');
    expect(() => moneyFn('1', undefined)).toThrow('$money: expected a currency code, got nothing');
  });

  describe('$lookup', () => {
    const lookup = createLookupFn({ locations: { S1: 'WH-1', '7': 'WH-7' } });

    it('returns the value, stringifying numeric keys', () => {
      expect(lookup('locations', 'S1')).toBe('WH-1');
      expect(lookup('locations', 7)).toBe('WH-7');
    });

    it('returns the default for a missing key or table only when one is given', () => {
      expect(lookup('locations', 'S9', 'WH-0')).toBe('WH-0');
      expect(lookup('payments', 'CARD', null)).toBeNull();
      expect(() => lookup('locations', 'S9')).toThrow('key "S9" not found in lookup table "locations"');
      expect(() => lookup('payments', 'CARD')).toThrow('lookup table "payments" is not defined');
      expect(() => lookup('locations', undefined)).toThrow('key for table "locations" is nothing');
    });

    it('does not read inherited properties as table rows', () => {
      expect(() => lookup('locations', 'toString')).toThrow('not found');
      expect(() => lookup('constructor', 'name')).toThrow('not defined');
    });

    it('works inside an expression with a missing default argument', async () => {
      await expect(run("$lookup('t', code, 'none')", { code: 'x' }, { t: {} })).resolves.toBe('none');
      await expect(run("$lookup('t', code)", { code: 'x' }, { t: {} })).rejects.toThrow('key "x" not found');
    });
  });
});
