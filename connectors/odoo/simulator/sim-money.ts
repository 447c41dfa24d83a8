import Decimal from 'decimal.js';

/*
 * Odoo stores money as floats and rounds with the currency's `rounding` (float_round HALF-UP, i.e.
 * half away from zero). The simulator does the same arithmetic exactly in decimal, then hands back
 * the shortest JS number of the rounded decimal, which is what Odoo serialises.
 */

const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });

/** Exact decimal of a JS number through its shortest string form (0.1 stays 0.1). */
export const dec = (value: number): Decimal => new D(String(value));

/** Exact decimal of a decimal string. */
export const parseDec = (text: string): Decimal => new D(text);

export function roundTo(value: Decimal, decimals: number): Decimal {
  return value.toDecimalPlaces(decimals, Decimal.ROUND_HALF_UP);
}

/** Rounds a float to `decimals` places half away from zero, exactly. */
export function roundNumber(value: number, decimals: number): number {
  return roundTo(dec(value), decimals).toNumber();
}

/** Decimal places of a currency `rounding` such as 0.01, 1 or 0.001. */
export function decimalPlacesOf(rounding: number): number {
  return Math.max(0, dec(rounding).decimalPlaces());
}

/** A tax as the line computation needs it (account.tax with amount_type 'percent'). */
export interface LineTax {
  readonly amount: number;
  readonly priceInclude: boolean;
}

/** price_subtotal / price_tax / price_total of one line. */
export interface LineAmounts {
  readonly subtotal: Decimal;
  readonly tax: Decimal;
  readonly total: Decimal;
}

/**
 * One order or invoice line computed like Odoo's "round per line" `compute_all`: the price after
 * discount times the quantity is rounded to the currency first; price-included taxes are taken out
 * of that base (each rounded), then excluded taxes are added on the untaxed base (each rounded).
 */
export function computeLine(
  priceUnit: number,
  quantity: number,
  discountPercent: number,
  taxes: readonly LineTax[],
  decimals: number,
): LineAmounts {
  const price = dec(priceUnit)
    .times(new D(100).minus(dec(discountPercent)))
    .dividedBy(100);
  const base = roundTo(price.times(dec(quantity)), decimals);
  const included = taxes.filter((t) => t.priceInclude);
  const includedRate = included.reduce((sum, t) => sum.plus(dec(t.amount)), new D(0));
  let includedTax = new D(0);
  if (included.length > 0) {
    const untaxed = base.times(100).dividedBy(includedRate.plus(100));
    for (const t of included)
      includedTax = includedTax.plus(roundTo(untaxed.times(dec(t.amount)).dividedBy(100), decimals));
  }
  const subtotal = base.minus(includedTax);
  let excludedTax = new D(0);
  for (const t of taxes.filter((x) => !x.priceInclude)) {
    excludedTax = excludedTax.plus(roundTo(subtotal.times(dec(t.amount)).dividedBy(100), decimals));
  }
  const tax = includedTax.plus(excludedTax);
  return { subtotal, tax, total: subtotal.plus(tax) };
}

/** Sums line amounts (already rounded per line) into document totals. */
export function sumLines(lines: readonly LineAmounts[]): { untaxed: number; tax: number; total: number } {
  const zero = new D(0);
  const untaxed = lines.reduce((s, l) => s.plus(l.subtotal), zero);
  const tax = lines.reduce((s, l) => s.plus(l.tax), zero);
  return { untaxed: untaxed.toNumber(), tax: tax.toNumber(), total: untaxed.plus(tax).toNumber() };
}
