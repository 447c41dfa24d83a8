import { isKnownCurrency, currencyExponent } from '../../src/canonical';

/*
 * Exact decimal arithmetic for deal amounts (sale − refunds). HubSpot keeps amounts as decimal
 * strings; doing the sums in floats would turn 19.99 − 4.68 into 15.309999999999999.
 */

const DECIMAL = /^([+-]?)(\d+)(?:\.(\d+))?$/;

interface Scaled {
  readonly units: bigint;
  readonly scale: number;
}

function parse(text: string): Scaled | undefined {
  const m = DECIMAL.exec(text.trim());
  if (!m) return undefined;
  const [, sign, whole, fraction = ''] = m;
  const magnitude = BigInt(whole! + fraction);
  return { units: sign === '-' ? -magnitude : magnitude, scale: fraction.length };
}

function at(value: Scaled, scale: number): bigint {
  return value.units * 10n ** BigInt(scale - value.scale);
}

function format(units: bigint, scale: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const body = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return negative ? `-${body}` : body;
}

/** True when `text` is a plain decimal string ("12", "-4.50"). */
export function isDecimalString(text: string): boolean {
  return DECIMAL.test(text.trim());
}

/**
 * `first − Σ rest`, exactly, as a decimal string with the currency's decimals (more when an input
 * has more). Inputs that are not decimal strings throw a RangeError.
 */
export function subtractAll(first: string, rest: readonly string[], currency?: string): string {
  const values = [first, ...rest].map((text) => {
    const value = parse(text);
    if (!value) throw new RangeError(`"${text}" is not a decimal amount`);
    return value;
  });
  const exponent = currency && isKnownCurrency(currency) ? currencyExponent(currency) : 0;
  const scale = Math.max(exponent, ...values.map((v) => v.scale));
  const [head, ...tail] = values;
  const total = tail.reduce((acc, v) => acc - at(v, scale), at(head!, scale));
  return format(total, scale);
}

/** True when both are decimal strings of the same value ("6.8" and "6.80"); false if either is not. */
export function sameDecimal(a: string | null | undefined, b: string | null | undefined): boolean {
  const x = a == null ? undefined : parse(a);
  const y = b == null ? undefined : parse(b);
  if (!x || !y) return false;
  const scale = Math.max(x.scale, y.scale);
  return at(x, scale) === at(y, scale);
}

/** The decimal string with its sign flipped ("4.50" → "-4.50", "-1" → "1", "0" stays "0"). */
export function negateDecimal(text: string): string {
  const value = parse(text);
  if (!value) throw new RangeError(`"${text}" is not a decimal amount`);
  return format(-value.units, value.scale);
}

/**
 * The `poshub_refunds` JSON map (refund reference → decimal amount), read defensively: anything
 * unreadable counts as no refunds, entries that are not decimal strings are dropped.
 */
export function parseRefunds(text: string | null | undefined): Record<string, string> {
  if (!text) return {};
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return {};
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return {};
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(json as Record<string, unknown>)) {
    if (typeof value === 'string' && isDecimalString(value)) out[key] = value;
  }
  return out;
}
