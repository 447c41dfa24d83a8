/**
 * Integer minor-unit helpers for the fakes. The fakes compute every amount in integers and only
 * render decimal strings at the edge, the way a careful POS does, so their output satisfies the
 * canonical invariants exactly.
 */

/** Minor-unit exponents of the currencies the fakes generate. */
export const FAKE_CURRENCY_EXPONENTS: Readonly<Record<string, number>> = {
  VND: 0,
  JPY: 0,
  KRW: 0,
  USD: 2,
  EUR: 2,
  GBP: 2,
  AUD: 2,
  KWD: 3,
  BHD: 3,
  OMR: 3,
  JOD: 3,
};

export function exponentOf(currency: string): number {
  const e = FAKE_CURRENCY_EXPONENTS[currency];
  if (e === undefined) throw new Error(`fake servers do not know currency ${currency}`);
  return e;
}

/** Renders integer minor units as a decimal string with exactly `exponent` decimals. */
export function renderMinor(minor: number, currency: string): string {
  if (!Number.isSafeInteger(minor)) throw new Error(`not a safe integer amount: ${minor}`);
  const e = exponentOf(currency);
  const sign = minor < 0 ? '-' : '';
  const digits = String(Math.abs(minor)).padStart(e + 1, '0');
  return e === 0 ? `${sign}${digits}` : `${sign}${digits.slice(0, -e)}.${digits.slice(-e)}`;
}

/** Parses a decimal string into integer minor units, exactly; throws when it has too many decimals. */
export function parseMinor(value: string, currency: string): number {
  const e = exponentOf(currency);
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(value);
  if (!m || (m[3] ?? '').length > e) throw new Error(`bad ${currency} amount ${value}`);
  const minor = Number(m[2] + (m[3] ?? '').padEnd(e, '0'));
  return m[1] === '-' ? -minor : minor;
}

/** Integer division of non-negative integers rounded half away from zero. */
export function divRound(numerator: number, denominator: number): number {
  return Math.floor((2 * numerator + denominator) / (2 * denominator));
}
