import { z } from 'zod';
import { CurrencyMismatchError, MoneyFormatError } from './canonical.errors';
import { CurrencyCodeSchema, currencyExponent } from './currency';
import {
  divideRounded,
  formatScaled,
  isSafeBigInt,
  parseDecimal,
  pow10,
  rescale,
  type Rounding,
  type ScaledDecimal,
} from './decimal-string';

/**
 * How a decimal with more digits than the currency allows becomes minor units:
 * `half-away` (commercial rounding, 0.005 → 0.01, -0.005 → -0.01), `half-even` (banker's rounding)
 * or `reject` (throw {@link MoneyFormatError} unless the value is exact).
 */
export type MoneyRounding = Rounding;

/**
 * An amount of money: a safe integer count of the currency's minor units (cents for USD, đồng for VND,
 * fils for KWD) and a supported ISO 4217 code. Never a float.
 */
export const MoneySchema = z.strictObject({
  // zod 4's int() already bounds to the safe integer range.
  amount: z.number().int(),
  currency: CurrencyCodeSchema,
});

/** See {@link MoneySchema}. */
export type Money = z.infer<typeof MoneySchema>;

/** {@link MoneySchema} restricted to amounts ≥ 0, used where a record's `kind` carries the sign. */
export const NonNegativeMoneySchema = MoneySchema.refine((m) => m.amount >= 0, {
  message: 'must not be negative (the record kind carries the sign)',
  path: ['amount'],
});

function toSafeNumber(value: bigint, what: string): number {
  if (!isSafeBigInt(value)) {
    throw new MoneyFormatError(`${what} is ${value} minor units, outside the safe integer range`);
  }
  return Number(value);
}

function assertSafeAmount(amount: unknown): asserts amount is number {
  if (typeof amount !== 'number' || !Number.isSafeInteger(amount)) {
    throw new MoneyFormatError(`amount ${String(amount)} is not a safe integer of minor units`);
  }
}

/**
 * Converts a decimal amount from the edge (vendor payload, mapping) to integer minor units, exactly.
 *
 * Strings must be plain decimals ("12.345", "-0.5", "7"); exponent notation is refused. JS numbers
 * are read through their shortest round-trip `String()` form, so `1.005` means "1.005" (→ 101 cents
 * with half-away), not the binary value just below it.
 * @throws MoneyFormatError on garbage, on 'reject' with digits beyond the exponent, or when the result
 *   is not a safe integer. @throws UnknownCurrencyError for an unknown currency.
 */
export function toMinorUnits(
  value: string | number,
  currency: string,
  rounding: MoneyRounding = 'half-away',
): number {
  const exponent = currencyExponent(currency);
  let parsed: ScaledDecimal | undefined;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new MoneyFormatError(`${value} is not a finite amount`);
    parsed = parseDecimal(String(value), true);
  } else if (typeof value === 'string') {
    parsed = parseDecimal(value);
  }
  if (!parsed) throw new MoneyFormatError(`${JSON.stringify(value)} is not a decimal amount`);
  const units = rescale(parsed, exponent, rounding);
  if (units === undefined) {
    throw new MoneyFormatError(`${String(value)} has more than ${exponent} decimals for ${currency}`);
  }
  return toSafeNumber(units, String(value));
}

/**
 * Renders minor units as a decimal string with exactly the currency's exponent of decimals:
 * (1230, 'USD') → "12.30", (-5, 'KWD') → "-0.005", (1500, 'VND') → "1500".
 * @throws MoneyFormatError when `amount` is not a safe integer.
 */
export function fromMinorUnits(amount: number, currency: string): string {
  const exponent = currencyExponent(currency);
  assertSafeAmount(amount);
  return formatScaled(BigInt(amount), exponent);
}

/**
 * The JS number nearest to the amount in major units, for float-based APIs (Odoo, some CRMs).
 * Guarantees `toMinorUnits(minorToNumber(x, c), c) === x`. This holds for every |x| < 10^15 (15
 * significant digits survive a double); above that, distinct amounts can share one double, and rather
 * than send a silently wrong figure the function throws.
 * @throws MoneyFormatError when the amount cannot survive the trip through a double.
 */
export function minorToNumber(amount: number, currency: string): number {
  const result = Number(fromMinorUnits(amount, currency));
  if (toMinorUnits(result, currency) !== amount) {
    throw new MoneyFormatError(
      `${amount} ${currency} minor units cannot be represented exactly as a JS number`,
    );
  }
  return result;
}

/**
 * Builds a Money value.
 * @throws MoneyFormatError when `amount` is not a safe integer; UnknownCurrencyError for the code.
 */
export function money(amount: number, currency: string): Money {
  currencyExponent(currency);
  assertSafeAmount(amount);
  // Normalise -0 so that equal amounts serialise (and hash) identically.
  return { amount: amount === 0 ? 0 : amount, currency };
}

/** Parses a decimal amount (see {@link toMinorUnits}) into Money. */
export function moneyFromDecimal(
  value: string | number,
  currency: string,
  rounding: MoneyRounding = 'half-away',
): Money {
  return money(toMinorUnits(value, currency, rounding), currency);
}

/** Zero in `currency`. */
export function zeroMoney(currency: string): Money {
  return money(0, currency);
}

function assertSameCurrency(currency: string, m: Money): void {
  if (m.currency !== currency) throw new CurrencyMismatchError(currency, m.currency);
  assertSafeAmount(m.amount);
}

/** a + b. @throws CurrencyMismatchError, MoneyFormatError when the sum is not a safe integer. */
export function addMoney(a: Money, b: Money): Money {
  return sumMoney([a, b], a.currency);
}

/** a − b. @throws CurrencyMismatchError, MoneyFormatError when the difference is not a safe integer. */
export function subtractMoney(a: Money, b: Money): Money {
  return sumMoney([a, negateMoney(b)], a.currency);
}

/**
 * Σ list in `currency` (zero for an empty list), summed exactly on BigInt.
 * @throws CurrencyMismatchError when an item has another currency; MoneyFormatError when the total is
 *   not a safe integer.
 */
export function sumMoney(list: readonly Money[], currency: string): Money {
  currencyExponent(currency);
  let total = 0n;
  for (const item of list) {
    assertSameCurrency(currency, item);
    total += BigInt(item.amount);
  }
  return money(toSafeNumber(total, 'sum'), currency);
}

/** −m. */
export function negateMoney(m: Money): Money {
  assertSafeAmount(m.amount);
  return money(-m.amount, m.currency);
}

/**
 * m × quantity (a decimal string such as "3" or "0.125"), rounded to the minor unit.
 * @throws MoneyFormatError for a malformed quantity, an unsafe result, or an inexact one with 'reject'.
 */
export function multiplyMoney(m: Money, quantity: string, rounding: MoneyRounding = 'half-away'): Money {
  assertSafeAmount(m.amount);
  const factor = typeof quantity === 'string' ? parseDecimal(quantity) : undefined;
  if (!factor) throw new MoneyFormatError(`${JSON.stringify(quantity)} is not a decimal quantity`);
  const product = BigInt(m.amount) * factor.digits;
  const units = divideRounded(product, pow10(factor.scale), rounding);
  if (units === undefined) {
    throw new MoneyFormatError(
      `${m.amount} × ${quantity} is not a whole number of ${m.currency} minor units`,
    );
  }
  return money(toSafeNumber(units, `${m.amount} × ${quantity}`), m.currency);
}
