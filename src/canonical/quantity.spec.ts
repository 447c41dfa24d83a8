import { QuantityFormatError } from './canonical.errors';
import {
  QuantitySchema,
  addQuantity,
  compareQuantity,
  isQuantity,
  isZeroQuantity,
  normalizeQuantity,
  subtractQuantity,
} from './quantity';

describe('QuantitySchema', () => {
  it.each(['1', '0.5', '-2.125', '+3', '0', '10.123456789', '000.100'])('accepts %p', (text) => {
    expect(QuantitySchema.safeParse(text).success).toBe(true);
    expect(isQuantity(text)).toBe(true);
  });

  it.each(['', '1e3', '1.', '.5', '1.1234567891', '1,5', ' 1', 'one', '--1'])('refuses %p', (text) => {
    const result = QuantitySchema.safeParse(text);
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.message).toMatch(/at most 9 decimals/);
    expect(isQuantity(text)).toBe(false);
  });

  it('refuses numbers: quantities travel as strings', () => {
    expect(QuantitySchema.safeParse(1).success).toBe(false);
    expect(isQuantity(1)).toBe(false);
  });
});

describe('quantity arithmetic', () => {
  it('adds and subtracts exactly where floats would drift', () => {
    expect(addQuantity('0.1', '0.2')).toBe('0.3');
    expect(addQuantity('1.5', '1.5')).toBe('3');
    expect(addQuantity('-2.125', '2.125')).toBe('0');
    expect(addQuantity('0.000000001', '999999999999.999999999')).toBe('1000000000000');
    expect(subtractQuantity('1', '1.25')).toBe('-0.25');
    expect(subtractQuantity('+3', '-0.5')).toBe('3.5');
  });

  it('keeps precision beyond what a double holds', () => {
    expect(addQuantity('12345678901234567.123456789', '1')).toBe('12345678901234568.123456789');
  });

  it('compares by value, not by text', () => {
    expect(compareQuantity('1.50', '1.5')).toBe(0);
    expect(compareQuantity('-1', '0.5')).toBe(-1);
    expect(compareQuantity('10', '9.999999999')).toBe(1);
    expect(compareQuantity('-0', '0')).toBe(0);
  });

  it('recognises zero in any spelling', () => {
    for (const zero of ['0', '-0', '+0', '0.000', '000']) expect(isZeroQuantity(zero)).toBe(true);
    expect(isZeroQuantity('0.000000001')).toBe(false);
    expect(isZeroQuantity('-0.5')).toBe(false);
  });

  it('normalises to the shortest form', () => {
    expect(normalizeQuantity('001.500')).toBe('1.5');
    expect(normalizeQuantity('-0.000')).toBe('0');
    expect(normalizeQuantity('+2')).toBe('2');
    expect(normalizeQuantity('100')).toBe('100');
  });

  it('throws QuantityFormatError on malformed operands', () => {
    expect(() => addQuantity('1e3', '1')).toThrow(QuantityFormatError);
    expect(() => compareQuantity('1', '0.1234567891')).toThrow(QuantityFormatError);
    expect(() => isZeroQuantity(0 as unknown as string)).toThrow(QuantityFormatError);
  });
});
