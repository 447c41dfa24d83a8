import { negateDecimal, parseRefunds, sameDecimal, subtractAll } from './hubspot.money';

describe('deal amount arithmetic', () => {
  it('subtracts refunds exactly in the currency decimals', () => {
    expect(subtractAll('19.99', ['4.68'], 'USD')).toBe('15.31');
    expect(subtractAll('0.3', ['0.1', '0.2'], 'USD')).toBe('0.00');
    expect(subtractAll('3.229', ['0.154', '1'], 'KWD')).toBe('2.075');
    expect(subtractAll('95000', ['5000'], 'VND')).toBe('90000');
    expect(subtractAll('10', ['12.5'], 'EUR')).toBe('-2.50');
    expect(subtractAll('1.005', [], 'USD')).toBe('1.005');
    expect(() => subtractAll('1e3', [], 'USD')).toThrow(RangeError);
  });

  it('negates decimal strings', () => {
    expect(negateDecimal('4.50')).toBe('-4.50');
    expect(negateDecimal('-1')).toBe('1');
    expect(negateDecimal('0')).toBe('0');
  });

  it('compares decimal strings by value', () => {
    expect(sameDecimal('6.8', '6.80')).toBe(true);
    expect(sameDecimal('-0', '0.00')).toBe(true);
    expect(sameDecimal('6.82', '6.81')).toBe(false);
    expect(sameDecimal('x', 'x')).toBe(false);
    expect(sameDecimal(undefined, '0')).toBe(false);
  });

  it('reads poshub_refunds defensively', () => {
    expect(parseRefunds('{"poshub:r1":"4.68","bad":4,"worse":"x"}')).toEqual({ 'poshub:r1': '4.68' });
    expect(parseRefunds('not json')).toEqual({});
    expect(parseRefunds('[1]')).toEqual({});
    expect(parseRefunds(null)).toEqual({});
  });
});
