import type { SalesTransaction } from '../../canonical';
import type { Totals } from './reconciliation.types';

interface MutableTotals {
  currency: string;
  transactions: number;
  sales: { count: number; amount: number };
  refunds: { count: number; amount: number };
  voids: number;
  net: number;
  tax: number;
  tenders: Record<string, number>;
}

/** Totals of nothing in `currency`. */
export function emptyTotals(currency: string): Totals {
  return {
    currency,
    transactions: 0,
    sales: { count: 0, amount: 0 },
    refunds: { count: 0, amount: 0 },
    voids: 0,
    net: 0,
    tax: 0,
    tenders: {},
  };
}

/**
 * Adds up transactions of one currency (the caller groups by currency; others are ignored so one
 * stray currency cannot corrupt a sum). A summary transaction (daily-summary posting) counts as
 * the number of sales it summarises.
 */
export function tally(transactions: readonly SalesTransaction[], currency: string): Totals {
  const t: MutableTotals = {
    ...emptyTotals(currency),
    sales: { count: 0, amount: 0 },
    refunds: { count: 0, amount: 0 },
    tenders: {},
  };
  for (const tx of transactions) {
    if (tx.currency !== currency) continue;
    const count = tx.summary ? tx.summary.transactions : 1;
    t.transactions += count;
    if (tx.kind === 'void') {
      t.voids += count;
      continue;
    }
    const sign = tx.kind === 'refund' ? -1 : 1;
    const bucket = tx.kind === 'refund' ? t.refunds : t.sales;
    bucket.count += count;
    bucket.amount += tx.totals.total.amount;
    t.net += sign * tx.totals.total.amount;
    t.tax += sign * tx.totals.tax.amount;
    for (const tender of tx.tenders) {
      t.tenders[tender.type] = (t.tenders[tender.type] ?? 0) + sign * tender.amount.amount;
    }
  }
  return t;
}

/** True when two totals agree on every figure (tender types with zero count as absent). */
export function sameTotals(a: Totals, b: Totals): boolean {
  const tenders = new Set([...Object.keys(a.tenders), ...Object.keys(b.tenders)]);
  return (
    a.currency === b.currency &&
    a.transactions === b.transactions &&
    a.sales.count === b.sales.count &&
    a.sales.amount === b.sales.amount &&
    a.refunds.count === b.refunds.count &&
    a.refunds.amount === b.refunds.amount &&
    a.net === b.net &&
    a.tax === b.tax &&
    [...tenders].every((k) => (a.tenders[k] ?? 0) === (b.tenders[k] ?? 0))
  );
}
