import { iso } from './sim-clock';
import { money, share, timesQuantity } from './sim-money';
import type { SimRandom } from './sim-random';
import type {
  SquareMoneyAmounts,
  SquareOrder,
  SquareOrderReturn,
  SquareRefund,
  SquareReturnLineItem,
} from './sim.types';

const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);

/** Which lines go back, and how much of each; a partial return leaves something with the buyer. */
function chooseReturns(
  random: SimRandom,
  sale: SquareOrder,
  partial: boolean,
): { index: number; quantity: string }[] {
  const lines = sale.line_items ?? [];
  if (
    !partial ||
    (lines.length === 1 && !/^\d+$/.test(lines[0]!.quantity)) ||
    (lines.length === 1 && lines[0]!.quantity === '1')
  ) {
    return lines.map((l, index) => ({ index, quantity: l.quantity }));
  }
  const chosen: { index: number; quantity: string }[] = [];
  lines.forEach((l, index) => {
    if (chosen.length === 0 || random.chance(0.5)) {
      const whole = /^\d+$/.test(l.quantity) ? Number(l.quantity) : 0;
      const quantity = whole > 1 ? String(random.int(1, whole - 1)) : l.quantity;
      chosen.push({ index, quantity });
    }
  });
  // A "partial" choice that happens to take everything back keeps one line out when it can.
  if (
    chosen.length === lines.length &&
    lines.length > 1 &&
    chosen.every((c) => c.quantity === lines[c.index]!.quantity)
  ) {
    chosen.pop();
  }
  return chosen;
}

/**
 * A return as Square records one: a separate COMPLETED order whose `returns[]` points at the sale
 * (`source_order_id`, `source_line_item_uid`), with its own money per returned line (the sale's
 * discounts and taxes in proportion to the quantity returned), `return_amounts`, negative
 * `net_amounts`, and `refunds[]` against the sale's tenders. Tips and service charges are not
 * given back.
 */
export function generateReturn(
  random: SimRandom,
  sale: SquareOrder,
  at: number,
  partial: boolean,
): SquareOrder {
  const currency = sale.total_money.currency;
  const taxUids = new Map<string, string>();
  const discountUids = new Map<string, string>();
  const mapUid = (m: Map<string, string>, source: string): string => {
    if (!m.has(source)) m.set(source, random.id('uid'));
    return m.get(source)!;
  };
  const taxTotals = new Map<string, number>();
  const discountTotals = new Map<string, number>();

  const returnLines: SquareReturnLineItem[] = chooseReturns(random, sale, partial).map(
    ({ index, quantity }) => {
      const line = sale.line_items![index]!;
      const full = quantity === line.quantity;
      const part = (amount: number): number => (full ? amount : share(amount, quantity, line.quantity));
      const gross = full
        ? line.gross_sales_money.amount
        : timesQuantity(line.base_price_money.amount, quantity);
      const appliedDiscounts = (line.applied_discounts ?? []).map((d) => {
        const amount = part(d.applied_money.amount);
        discountTotals.set(d.discount_uid, (discountTotals.get(d.discount_uid) ?? 0) + amount);
        return {
          uid: random.id('uid'),
          discount_uid: mapUid(discountUids, d.discount_uid),
          applied_money: money(amount, currency),
        };
      });
      let additive = 0;
      const appliedTaxes = (line.applied_taxes ?? []).map((t) => {
        const amount = part(t.applied_money.amount);
        taxTotals.set(t.tax_uid, (taxTotals.get(t.tax_uid) ?? 0) + amount);
        if (sale.taxes?.find((x) => x.uid === t.tax_uid)?.type === 'ADDITIVE') additive += amount;
        return {
          uid: random.id('uid'),
          tax_uid: mapUid(taxUids, t.tax_uid),
          applied_money: money(amount, currency),
        };
      });
      const discount = sum(appliedDiscounts.map((d) => d.applied_money.amount));
      const item: SquareReturnLineItem = {
        uid: random.id('uid'),
        source_line_item_uid: line.uid,
        name: line.name,
        quantity,
        catalog_object_id: line.catalog_object_id,
        catalog_version: line.catalog_version,
        variation_name: line.variation_name,
        item_type: 'ITEM',
        base_price_money: line.base_price_money,
        variation_total_price_money: money(gross, currency),
        gross_return_money: money(gross, currency),
        total_tax_money: money(sum(appliedTaxes.map((t) => t.applied_money.amount)), currency),
        total_discount_money: money(discount, currency),
        total_money: money(gross - discount + additive, currency),
      };
      if (appliedTaxes.length > 0) item.applied_taxes = appliedTaxes;
      if (appliedDiscounts.length > 0) item.applied_discounts = appliedDiscounts;
      return item;
    },
  );

  const orderReturn: SquareOrderReturn = {
    uid: random.id('uid'),
    source_order_id: sale.id,
    return_line_items: returnLines,
  };
  const returnTaxes = (sale.taxes ?? [])
    .filter((t) => taxUids.has(t.uid))
    .map((t) => ({
      ...t,
      uid: taxUids.get(t.uid)!,
      source_tax_uid: t.uid,
      applied_money: money(taxTotals.get(t.uid)!, currency),
    }));
  const returnDiscounts = (sale.discounts ?? [])
    .filter((d) => discountUids.has(d.uid))
    .map((d) => ({
      ...d,
      uid: discountUids.get(d.uid)!,
      source_discount_uid: d.uid,
      applied_money: money(discountTotals.get(d.uid)!, currency),
    }));
  if (returnTaxes.length > 0) orderReturn.return_taxes = returnTaxes;
  if (returnDiscounts.length > 0) orderReturn.return_discounts = returnDiscounts;

  const zero = money(0, currency);
  const returned: SquareMoneyAmounts = {
    total_money: money(sum(returnLines.map((l) => l.total_money.amount)), currency),
    tax_money: money(sum(returnLines.map((l) => l.total_tax_money.amount)), currency),
    discount_money: money(sum(returnLines.map((l) => l.total_discount_money.amount)), currency),
    tip_money: zero,
    service_charge_money: zero,
  };
  const negate = (m: { amount: number; currency: string }) => money(m.amount === 0 ? 0 : -m.amount, currency);

  // The refund goes back to the sale's tenders in order, each up to what it paid.
  let left = returned.total_money.amount;
  const refunds: SquareRefund[] = [];
  for (const tender of sale.tenders ?? []) {
    if (left <= 0) break;
    const amount = Math.min(left, tender.amount_money.amount);
    left -= amount;
    refunds.push({
      id: random.id('tender'),
      location_id: sale.location_id,
      transaction_id: sale.id,
      tender_id: tender.id,
      created_at: iso(at),
      reason: partial ? 'Partial return' : 'Returned goods',
      amount_money: money(amount, currency),
      status: 'APPROVED',
    });
  }

  const order: SquareOrder = {
    id: random.id('order'),
    location_id: sale.location_id,
    source: { name: 'Square Point of Sale' },
    returns: [orderReturn],
    return_amounts: returned,
    net_amounts: {
      total_money: negate(returned.total_money),
      tax_money: negate(returned.tax_money),
      discount_money: negate(returned.discount_money),
      tip_money: zero,
      service_charge_money: zero,
    },
    refunds,
    created_at: iso(at),
    updated_at: iso(at),
    closed_at: iso(at),
    state: 'COMPLETED',
    version: 1,
    total_money: zero,
    total_tax_money: zero,
    total_discount_money: zero,
    total_tip_money: zero,
    total_service_charge_money: zero,
    net_amount_due_money: zero,
  };
  if (sale.customer_id) order.customer_id = sale.customer_id;
  return order;
}
