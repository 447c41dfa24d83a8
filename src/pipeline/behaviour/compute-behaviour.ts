import type { CustomerBehaviour, SalesTransaction } from '../../canonical';
import { addQuantity, compareQuantity } from '../../canonical/quantity';
import { divideRounded } from '../../canonical/decimal-string';

/** The transaction fields buying behaviour reads (a stored canonical transaction has them all). */
export type BehaviourInput = Pick<
  SalesTransaction,
  'externalId' | 'kind' | 'occurredAt' | 'locationId' | 'currency' | 'lines' | 'totals'
> & { readonly summary?: unknown };

interface ProductTally {
  sku?: string;
  name: string;
  sales: number;
  quantity: string;
}

/**
 * A customer's buying behaviour from all their transactions at one POS connection. Deterministic:
 * the same transactions in any order give the same record (it is content-hashed and versioned like
 * any other record, so only a real change reaches the CRM).
 * @returns undefined when the customer has no sale or refund yet.
 */
export function computeBehaviour(
  customerExternalId: string,
  transactions: readonly BehaviourInput[],
): CustomerBehaviour | undefined {
  // Voids never took money; poshub's own daily summaries are not a customer's purchases.
  const counted = transactions.filter((t) => t.kind !== 'void' && t.summary === undefined);
  const sales = counted.filter((t) => t.kind === 'sale').sort(byTimeThenId);
  const latest = sales.at(-1) ?? [...counted].sort(byTimeThenId).at(-1);
  if (!latest) return undefined;
  const currency = latest.currency;

  let spend = 0n;
  let orderCount = 0;
  let refundCount = 0;
  let otherCurrency = 0;
  for (const t of counted) {
    if (t.currency !== currency) {
      otherCurrency += 1;
      continue;
    }
    if (t.kind === 'sale') {
      spend += BigInt(t.totals.total.amount);
      orderCount += 1;
    } else {
      spend -= BigInt(t.totals.total.amount);
      refundCount += 1;
    }
  }
  const average = orderCount > 0 ? divideRounded(spend, BigInt(orderCount), 'half-even')! : 0n;
  const first = sales[0];
  const last = sales.at(-1);
  const favourite = favouriteProduct(sales);
  return {
    externalId: customerExternalId,
    customer: { externalId: customerExternalId },
    currency,
    lifetimeSpend: { amount: Number(spend), currency },
    orderCount,
    refundCount,
    averageOrderValue: { amount: Number(average), currency },
    ...(first ? { firstPurchaseAt: utc(first.occurredAt) } : {}),
    ...(last ? { lastPurchaseAt: utc(last.occurredAt), lastLocationId: last.locationId } : {}),
    ...(favourite ? { favouriteProduct: favourite } : {}),
    otherCurrencyTransactions: otherCurrency,
  };
}

/** The product in the most sales; ties go to the larger quantity, then the name, so the pick is stable. */
function favouriteProduct(sales: readonly BehaviourInput[]): CustomerBehaviour['favouriteProduct'] {
  const tallies = new Map<string, ProductTally>();
  for (const sale of sales) {
    const seen = new Set<string>();
    for (const line of sale.lines) {
      const key = line.product.sku ?? line.product.externalId ?? line.product.name;
      const tally = tallies.get(key) ?? {
        sku: line.product.sku,
        name: line.product.name,
        sales: 0,
        quantity: '0',
      };
      tally.quantity = addQuantity(tally.quantity, line.quantity);
      if (!seen.has(key)) tally.sales += 1;
      seen.add(key);
      tallies.set(key, tally);
    }
  }
  const best = [...tallies.values()].sort(
    (a, b) => b.sales - a.sales || compareQuantity(b.quantity, a.quantity) || a.name.localeCompare(b.name),
  )[0];
  if (!best) return undefined;
  return { ...(best.sku ? { sku: best.sku } : {}), name: best.name, quantity: best.quantity };
}

function byTimeThenId(a: BehaviourInput, b: BehaviourInput): number {
  return Date.parse(a.occurredAt) - Date.parse(b.occurredAt) || a.externalId.localeCompare(b.externalId);
}

function utc(iso: string): string {
  return new Date(Date.parse(iso)).toISOString();
}
