/**
 * Exact money arithmetic for the simulator, in integer minor units on BigInt. Square rounds its
 * order adjustments half to even ("Bankers' Rounding"):
 * https://developer.squareup.com/docs/orders-api/price-adjustments#rounding-rules
 */

/** Minor-unit exponents of the currencies the simulator can price in. */
const EXPONENTS: Readonly<Record<string, number>> = {
  USD: 2,
  CAD: 2,
  AUD: 2,
  EUR: 2,
  GBP: 2,
  JPY: 0,
  VND: 0,
  KRW: 0,
};

/** Rough price multiplier from a USD cent to one minor unit of the currency, for realistic prices. */
const PRICE_SCALE: Readonly<Record<string, number>> = {
  USD: 1,
  CAD: 1,
  AUD: 1,
  EUR: 1,
  GBP: 1,
  JPY: 1.5,
  VND: 250,
  KRW: 13,
};

export function currencyExponent(currency: string): number {
  const e = EXPONENTS[currency];
  if (e === undefined) throw new Error(`the Square simulator does not price in ${currency}`);
  return e;
}

/** Converts a price in USD cents into a plausible, rounded price in `currency` minor units. */
export function localPrice(usdCents: number, currency: string): number {
  currencyExponent(currency);
  const raw = usdCents * (PRICE_SCALE[currency] ?? 1);
  const step = currency === 'VND' ? 1000 : currency === 'JPY' || currency === 'KRW' ? 10 : 1;
  return Math.max(step, Math.round(raw / step) * step);
}

export interface Decimal {
  readonly digits: bigint;
  readonly scale: number;
}

export function parseDecimal(value: string): Decimal {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(value);
  if (!m) throw new Error(`not a decimal string: ${value}`);
  const frac = m[3] ?? '';
  const digits = BigInt(m[2]! + frac);
  return { digits: m[1] === '-' ? -digits : digits, scale: frac.length };
}

export const pow10 = (n: number): bigint => 10n ** BigInt(n);

/** numerator / denominator rounded half to even; denominator > 0. */
export function divHalfEven(numerator: bigint, denominator: bigint): bigint {
  const negative = numerator < 0n;
  const n = negative ? -numerator : numerator;
  let q = n / denominator;
  const twice = (n % denominator) * 2n;
  if (twice > denominator || (twice === denominator && q % 2n === 1n)) q += 1n;
  return negative ? -q : q;
}

function toSafe(value: bigint): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new Error(`amount out of range: ${value}`);
  return n;
}

/** amount × quantity (decimal string), rounded to the minor unit. */
export function timesQuantity(amount: number, quantity: string): number {
  const q = parseDecimal(quantity);
  return toSafe(divHalfEven(BigInt(amount) * q.digits, pow10(q.scale)));
}

/** amount × numerator / denominator, rounded; for proportional shares (partial returns). */
export function share(amount: number, numerator: string, denominator: string): number {
  const n = parseDecimal(numerator);
  const d = parseDecimal(denominator);
  const scale = Math.max(n.scale, d.scale);
  const nn = n.digits * pow10(scale - n.scale);
  const dd = d.digits * pow10(scale - d.scale);
  return toSafe(divHalfEven(BigInt(amount) * nn, dd));
}

/** `percentage` % of amount (percentage as Square sends it, e.g. "8.875"). */
export function percentOf(amount: number, percentage: string): number {
  const p = parseDecimal(percentage);
  return toSafe(divHalfEven(BigInt(amount) * p.digits, 100n * pow10(p.scale)));
}

/**
 * The part of a tax-inclusive amount that is tax `percentage`, when the inclusive taxes on the line
 * add up to `inclusiveTotal` percent: amount × p / (100 + Σp).
 */
export function inclusivePart(amount: number, percentage: string, inclusiveTotal: string): number {
  const p = parseDecimal(percentage);
  const t = parseDecimal(inclusiveTotal);
  const scale = Math.max(p.scale, t.scale);
  const pp = p.digits * pow10(scale - p.scale);
  const tt = t.digits * pow10(scale - t.scale);
  return toSafe(divHalfEven(BigInt(amount) * pp, 100n * pow10(scale) + tt));
}

/** Adds decimal strings exactly (for summing inclusive percentages). */
export function addDecimals(values: readonly string[]): string {
  let scale = 0;
  for (const v of values) scale = Math.max(scale, parseDecimal(v).scale);
  let sum = 0n;
  for (const v of values) {
    const d = parseDecimal(v);
    sum += d.digits * pow10(scale - d.scale);
  }
  const negative = sum < 0n;
  const s = (negative ? -sum : sum).toString().padStart(scale + 1, '0');
  const body = scale === 0 ? s : `${s.slice(0, -scale)}.${s.slice(-scale)}`;
  return negative ? `-${body}` : body;
}

/**
 * Splits `total` over `weights` in proportion, exactly: each share is rounded down and the
 * remainder goes to the largest weights, so the shares always add up to `total`.
 */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum <= 0) return weights.map((_, i) => (i === 0 ? total : 0));
  const shares = weights.map((w) => Number((BigInt(total) * BigInt(w)) / BigInt(sum)));
  let rest = total - shares.reduce((a, b) => a + b, 0);
  const order = weights.map((w, i) => ({ w, i })).sort((a, b) => b.w - a.w || a.i - b.i);
  for (let k = 0; rest > 0; k = (k + 1) % order.length, rest -= 1) shares[order[k]!.i]! += 1;
  return shares;
}

/** A Square Money object. */
export interface SquareMoney {
  amount: number;
  currency: string;
}

export const money = (amount: number, currency: string): SquareMoney => ({ amount, currency });
