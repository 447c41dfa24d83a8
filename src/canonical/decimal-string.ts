/*
 * Exact decimal parsing and rounding on BigInt, shared by money and quantity helpers. Internal to
 * src/canonical: nothing here touches binary floating point.
 */

/** How a value with more decimals than the target is brought to the target scale. */
export type Rounding = 'half-away' | 'half-even' | 'reject';

/** value = digits / 10^scale (scale may be negative after an exponent, e.g. "1e+21"). */
export interface ScaledDecimal {
  readonly digits: bigint;
  readonly scale: number;
}

// Guards BigInt work against absurd inputs; no real amount or quantity comes near this many characters.
const MAX_TEXT_LENGTH = 64;
const PLAIN = /^([+-]?)(\d+)(?:\.(\d+))?$/;
const WITH_EXPONENT = /^([+-]?)(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/i;

/**
 * Parses a decimal string. Exponent notation is only accepted when `allowExponent` is set, which is
 * the case for text produced by `String(number)`.
 * @returns undefined when the text is not a decimal number.
 */
export function parseDecimal(text: string, allowExponent = false): ScaledDecimal | undefined {
  if (text.length > MAX_TEXT_LENGTH) return undefined;
  const match = (allowExponent ? WITH_EXPONENT : PLAIN).exec(text);
  if (!match) return undefined;
  const [, sign, whole, fraction = '', exponent = '0'] = match;
  const magnitude = BigInt(whole! + fraction);
  return { digits: sign === '-' ? -magnitude : magnitude, scale: fraction.length - Number(exponent) };
}

/** 10^n as a BigInt, n ≥ 0. */
export function pow10(n: number): bigint {
  return 10n ** BigInt(n);
}

/**
 * numerator / divisor rounded to an integer (divisor > 0).
 * @returns undefined when `rounding` is 'reject' and the division is inexact.
 */
export function divideRounded(numerator: bigint, divisor: bigint, rounding: Rounding): bigint | undefined {
  const quotient = numerator / divisor;
  const remainder = numerator % divisor;
  if (remainder === 0n) return quotient;
  if (rounding === 'reject') return undefined;
  const step = numerator < 0n ? -1n : 1n;
  const twiceRemainder = (remainder < 0n ? -remainder : remainder) * 2n;
  if (twiceRemainder > divisor) return quotient + step;
  if (twiceRemainder < divisor) return quotient;
  if (rounding === 'half-away') return quotient + step;
  return quotient % 2n === 0n ? quotient : quotient + step;
}

/**
 * The decimal expressed as an integer count of 10^-targetScale units.
 * @returns undefined when `rounding` is 'reject' and digits would be lost.
 */
export function rescale(value: ScaledDecimal, targetScale: number, rounding: Rounding): bigint | undefined {
  if (value.scale <= targetScale) return value.digits * pow10(targetScale - value.scale);
  return divideRounded(value.digits, pow10(value.scale - targetScale), rounding);
}

/** Renders units × 10^-scale as a plain decimal string with exactly `scale` decimals ("-0.050"). */
export function formatScaled(units: bigint, scale: number): string {
  const negative = units < 0n;
  const text = (negative ? -units : units).toString();
  if (scale === 0) return negative ? `-${text}` : text;
  const padded = text.padStart(scale + 1, '0');
  const body = `${padded.slice(0, -scale)}.${padded.slice(-scale)}`;
  return negative ? `-${body}` : body;
}

/** True when the BigInt fits in a JS safe integer. */
export function isSafeBigInt(value: bigint): boolean {
  return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER);
}
