import { divideRounded, parseDecimal, pow10 } from './decimal-string';
import type { Money } from './money';
import type { SalesTransaction } from './transaction';

/*
 * Arithmetic rules a consistent transaction obeys. Sums run on BigInt so that a record full of
 * near-limit amounts is judged correctly instead of overflowing.
 */

interface Located {
  readonly path: string;
  readonly money: Money;
}

/** Every Money in the record, with its dotted path. */
function moneyFields(tx: SalesTransaction): Located[] {
  const found: Located[] = [];
  const add = (path: string, money: Money): void => void found.push({ path, money });
  tx.lines.forEach((line, i) => {
    add(`lines.${i}.unitPrice`, line.unitPrice);
    add(`lines.${i}.gross`, line.gross);
    line.discounts.forEach((d, j) => add(`lines.${i}.discounts.${j}.amount`, d.amount));
    line.taxes.forEach((t, j) => add(`lines.${i}.taxes.${j}.amount`, t.amount));
    add(`lines.${i}.total`, line.total);
  });
  tx.discounts.forEach((d, i) => add(`discounts.${i}.amount`, d.amount));
  tx.taxes.forEach((t, i) => add(`taxes.${i}.amount`, t.amount));
  tx.serviceCharges.forEach((s, i) => add(`serviceCharges.${i}.amount`, s.amount));
  add('tip', tx.tip);
  tx.tenders.forEach((t, i) => add(`tenders.${i}.amount`, t.amount));
  for (const key of ['lines', 'discount', 'tax', 'serviceCharge', 'tip', 'total'] as const) {
    add(`totals.${key}`, tx.totals[key]);
  }
  return found;
}

function sum<T extends { amount: Money }>(
  items: readonly T[],
  filter: (item: T) => boolean = () => true,
): bigint {
  return items.filter(filter).reduce((acc, item) => acc + BigInt(item.amount.amount), 0n);
}

const notInclusive = (tax: { inclusive: boolean }): boolean => !tax.inclusive;

/**
 * Checks the arithmetic consistency of a parsed transaction. Returns one message per broken rule
 * (empty = consistent); each names the field and both figures in minor units, e.g.
 * "totals.total is 1050 USD minor units but lines and charges add up to 1040".
 *
 * Rules: every Money is in the transaction currency (when one is not, only those problems are
 * reported, since sums across currencies mean nothing); per line gross = quantity × unitPrice
 * (half-away or half-even rounding accepted) and total = gross − discounts + non-inclusive taxes;
 * totals.lines, .discount, .tax (inclusive taxes too), .serviceCharge and .tip match their parts;
 * totals.total = totals.lines − order discounts + non-inclusive order taxes + service charges + tip;
 * tenders, when present, add up to totals.total; a refund with lines gives back a non-zero total.
 */
export function checkTransactionInvariants(tx: SalesTransaction): string[] {
  const currency = tx.currency;
  const mismatched = moneyFields(tx).filter((f) => f.money.currency !== currency);
  if (mismatched.length > 0) {
    return mismatched.map(
      (f) => `${f.path}.currency is ${f.money.currency} but the transaction currency is ${currency}`,
    );
  }

  const problems: string[] = [];
  const expect = (path: string, actual: Money | bigint, expected: bigint, what: string): void => {
    const value = typeof actual === 'bigint' ? actual : BigInt(actual.amount);
    if (value !== expected)
      problems.push(`${path} is ${value} ${currency} minor units but ${what} ${expected}`);
  };

  tx.lines.forEach((line, i) => {
    const quantity = parseDecimal(line.quantity);
    if (quantity) {
      const product = BigInt(line.unitPrice.amount) * quantity.digits;
      const divisor = pow10(quantity.scale);
      const halfAway = divideRounded(product, divisor, 'half-away')!;
      const halfEven = divideRounded(product, divisor, 'half-even')!;
      const gross = BigInt(line.gross.amount);
      if (gross !== halfAway && gross !== halfEven) {
        const figure =
          halfAway === halfEven ? `${halfAway}` : `${halfAway} (half-away) or ${halfEven} (half-even)`;
        problems.push(
          `lines.${i}.gross is ${gross} ${currency} minor units but quantity × unitPrice is ${figure}`,
        );
      }
    }
    const lineTotal = BigInt(line.gross.amount) - sum(line.discounts) + sum(line.taxes, notInclusive);
    expect(`lines.${i}.total`, line.total, lineTotal, 'gross − discounts + non-inclusive taxes is');
  });

  const lineTotals = tx.lines.reduce((acc, line) => acc + BigInt(line.total.amount), 0n);
  const lineDiscounts = tx.lines.reduce((acc, line) => acc + sum(line.discounts), 0n);
  const lineTaxes = tx.lines.reduce((acc, line) => acc + sum(line.taxes), 0n);
  const orderDiscounts = sum(tx.discounts);
  const serviceCharges = sum(tx.serviceCharges);
  const { totals } = tx;

  expect('totals.lines', totals.lines, lineTotals, 'line totals add up to');
  expect(
    'totals.discount',
    totals.discount,
    lineDiscounts + orderDiscounts,
    'line and order discounts add up to',
  );
  expect('totals.tax', totals.tax, lineTaxes + sum(tx.taxes), 'line and order taxes add up to');
  expect('totals.serviceCharge', totals.serviceCharge, serviceCharges, 'serviceCharges add up to');
  expect('totals.tip', totals.tip, BigInt(tx.tip.amount), 'tip is');

  const grandTotal =
    BigInt(totals.lines.amount) -
    orderDiscounts +
    sum(tx.taxes, notInclusive) +
    BigInt(totals.serviceCharge.amount) +
    BigInt(tx.tip.amount);
  expect('totals.total', totals.total, grandTotal, 'lines and charges add up to');

  if (tx.tenders.length > 0) {
    expect('totals.total', totals.total, sum(tx.tenders), 'tenders add up to');
  }
  if (tx.kind === 'refund' && tx.lines.length > 0 && totals.total.amount === 0) {
    problems.push(
      `totals.total is 0 ${currency} minor units but a refund with ${tx.lines.length} line(s) must give back more than 0`,
    );
  }
  return problems;
}
