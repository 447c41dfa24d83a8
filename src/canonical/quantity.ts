import { z } from 'zod';
import { QuantityFormatError } from './canonical.errors';
import { formatScaled, parseDecimal, rescale } from './decimal-string';

const QUANTITY_PATTERN = /^[+-]?\d+(?:\.\d{1,9})?$/;
// Every quantity fits in units of 10^-9, so sums and comparisons are exact BigInt integer work.
const QUANTITY_SCALE = 9;

/**
 * A quantity as a decimal string: optional sign, at most 9 decimals, no exponent ("1", "0.5", "-2.125").
 * Strings, not numbers, so that weights such as 0.1 kg never become binary fractions.
 */
export const QuantitySchema = z.string().regex(QUANTITY_PATTERN, {
  message: 'must be a decimal string with at most 9 decimals, e.g. "1" or "-0.5"',
});

/** See {@link QuantitySchema}. */
export type Quantity = z.infer<typeof QuantitySchema>;

function toUnits(quantity: string): bigint {
  const parsed =
    typeof quantity === 'string' && QUANTITY_PATTERN.test(quantity) ? parseDecimal(quantity) : undefined;
  if (!parsed) throw new QuantityFormatError(`${JSON.stringify(quantity)} is not a quantity`);
  // The pattern caps decimals at the scale, so rescaling never rounds.
  return rescale(parsed, QUANTITY_SCALE, 'reject')!;
}

/** Shortest plain form: no trailing zeros, no "-0". */
function fromUnits(units: bigint): Quantity {
  const text = formatScaled(units, QUANTITY_SCALE);
  return text.replace(/\.?0+$/, '') || '0';
}

/** True when `value` is a valid {@link Quantity}. */
export function isQuantity(value: unknown): value is Quantity {
  return typeof value === 'string' && QUANTITY_PATTERN.test(value);
}

/** Rewrites a quantity in its shortest form ("1.500" → "1.5", "-0" → "0", "+2" → "2"). */
export function normalizeQuantity(quantity: Quantity): Quantity {
  return fromUnits(toUnits(quantity));
}

/** a + b, exact, in shortest form. @throws QuantityFormatError on a malformed operand. */
export function addQuantity(a: Quantity, b: Quantity): Quantity {
  return fromUnits(toUnits(a) + toUnits(b));
}

/** a − b, exact, in shortest form. @throws QuantityFormatError on a malformed operand. */
export function subtractQuantity(a: Quantity, b: Quantity): Quantity {
  return fromUnits(toUnits(a) - toUnits(b));
}

/** −1, 0 or 1 as a is less than, equal to or greater than b ("1.50" equals "1.5"). */
export function compareQuantity(a: Quantity, b: Quantity): -1 | 0 | 1 {
  const difference = toUnits(a) - toUnits(b);
  return difference === 0n ? 0 : difference < 0n ? -1 : 1;
}

/** True for "0", "0.000", "-0" and the like. */
export function isZeroQuantity(quantity: Quantity): boolean {
  return toUnits(quantity) === 0n;
}
