import {
  addQuantity,
  multiplyMoney,
  type Discount,
  type SalesTransaction,
  type SalesTransactionInput,
  type Tax,
  type Tender,
} from '../../canonical';

/** What identifies the summary document being built. */
export interface SummaryHeader {
  readonly externalId: string;
  readonly receiptNumber: string;
  readonly locationId: string;
  readonly currency: string;
  readonly businessDay: string;
  readonly occurredAt: string;
  readonly final: boolean;
  readonly adjustment: number;
}

type Line = SalesTransaction['lines'][number];

/** Sums amounts keyed by a label, keeping first-seen order. */
class Sums<T> {
  private readonly entries = new Map<string, { item: T; amount: number }>();
  add(key: string, item: T, amount: number): void {
    const entry = this.entries.get(key);
    if (entry) entry.amount += amount;
    else this.entries.set(key, { item, amount });
  }
  values(): { item: T; amount: number }[] {
    return [...this.entries.values()];
  }
}

const taxKey = (t: Tax) => `${t.name}\u0000${t.rate ?? ''}\u0000${t.inclusive}`;

/** True when gross is exactly quantity × unit price, so lines of one price can be merged. */
function grossIsExact(line: Line): boolean {
  try {
    return multiplyMoney(line.unitPrice, line.quantity, 'reject').amount === line.gross.amount;
  } catch {
    return false;
  }
}

/**
 * Sums sales into one transaction for daily-summary posting: lines grouped by product, unit price
 * and taxes (quantities and amounts added), discounts and taxes by name and rate, tenders by type,
 * totals added. Every sum is integer minor units or exact decimal quantities, so the result
 * satisfies the same invariants as its members. A line whose gross is not exactly quantity × price
 * (rounded weighed items) is kept as its own line: merging it would break that rule.
 */
export function summarizeSales(
  members: readonly SalesTransaction[],
  header: SummaryHeader,
): SalesTransactionInput {
  const { currency } = header;
  const money = (amount: number) => ({ amount, currency });
  const lines = new Map<string, { line: Line; discounts: Sums<Discount>; taxes: Sums<Tax> }>();
  const orderDiscounts = new Sums<Discount>();
  const orderTaxes = new Sums<Tax>();
  const serviceCharges = new Sums<{ name: string }>();
  const tenders = new Sums<Tender>();
  const totals = { lines: 0, discount: 0, tax: 0, serviceCharge: 0, tip: 0, total: 0 };
  let tip = 0;

  members.forEach((sale, m) => {
    sale.lines.forEach((line, l) => {
      const taxes = [...line.taxes].sort((a, b) => taxKey(a).localeCompare(taxKey(b)));
      const key = grossIsExact(line)
        ? [
            line.product.sku ?? '',
            line.product.name,
            line.unitPrice.amount,
            taxes.map(taxKey).join('|'),
          ].join('\u0001')
        : `member-${m}-${l}`;
      let group = lines.get(key);
      if (!group) {
        group = {
          line: { ...line, lineId: String(lines.size + 1), quantity: '0', gross: money(0), total: money(0) },
          discounts: new Sums(),
          taxes: new Sums(),
        };
        lines.set(key, group);
      }
      group.line = {
        ...group.line,
        quantity: addQuantity(group.line.quantity, line.quantity),
        gross: money(group.line.gross.amount + line.gross.amount),
        total: money(group.line.total.amount + line.total.amount),
      };
      for (const d of line.discounts) group.discounts.add(d.name, d, d.amount.amount);
      for (const t of line.taxes) group.taxes.add(taxKey(t), t, t.amount.amount);
    });
    for (const d of sale.discounts) orderDiscounts.add(d.name, d, d.amount.amount);
    for (const t of sale.taxes) orderTaxes.add(taxKey(t), t, t.amount.amount);
    for (const c of sale.serviceCharges) serviceCharges.add(c.name, c, c.amount.amount);
    for (const t of sale.tenders) tenders.add(`${t.type}\u0000${t.cardBrand ?? ''}`, t, t.amount.amount);
    tip += sale.tip.amount;
    totals.lines += sale.totals.lines.amount;
    totals.discount += sale.totals.discount.amount;
    totals.tax += sale.totals.tax.amount;
    totals.serviceCharge += sale.totals.serviceCharge.amount;
    totals.tip += sale.totals.tip.amount;
    totals.total += sale.totals.total.amount;
  });

  return {
    externalId: header.externalId,
    kind: 'sale',
    receiptNumber: header.receiptNumber,
    occurredAt: header.occurredAt,
    locationId: header.locationId,
    currency,
    lines: [...lines.values()].map(({ line, discounts, taxes }) => ({
      ...line,
      discounts: discounts.values().map(({ item, amount }) => ({ name: item.name, amount: money(amount) })),
      taxes: taxes.values().map(({ item, amount }) => ({ ...item, amount: money(amount) })),
    })),
    discounts: orderDiscounts
      .values()
      .map(({ item, amount }) => ({ name: item.name, amount: money(amount) })),
    taxes: orderTaxes.values().map(({ item, amount }) => ({ ...item, amount: money(amount) })),
    serviceCharges: serviceCharges
      .values()
      .map(({ item, amount }) => ({ name: item.name, amount: money(amount) })),
    tip: money(tip),
    tenders: tenders.values().map(({ item, amount }) => ({
      type: item.type,
      ...(item.cardBrand ? { cardBrand: item.cardBrand } : {}),
      amount: money(amount),
    })),
    totals: {
      lines: money(totals.lines),
      discount: money(totals.discount),
      tax: money(totals.tax),
      serviceCharge: money(totals.serviceCharge),
      tip: money(totals.tip),
      total: money(totals.total),
    },
    summary: {
      businessDay: header.businessDay,
      transactions: members.length,
      final: header.final,
      adjustment: header.adjustment,
    },
  };
}
