import {
  addDecimals,
  apportion,
  inclusivePart,
  money,
  percentOf,
  timesQuantity,
  type SquareMoney,
} from './sim-money';
import type {
  SquareAppliedDiscount,
  SquareAppliedTax,
  SquareOrderDiscount,
  SquareOrderLineItem,
  SquareOrderServiceCharge,
  SquareOrderTax,
} from './sim.types';

/*
 * Prices an order the way Square's Orders API does: per line, gross = base price × quantity; fixed
 * amount discounts first (order-scoped ones apportioned over the lines by value), then percentage
 * discounts on what remains; taxes on the discounted amount, ADDITIVE ones added on top, INCLUSIVE
 * ones carved out of it; service charges in the subtotal phase. Every figure is an integer in minor
 * units, rounded half to even as Square documents.
 */

export interface LineDraft {
  readonly name: string;
  readonly variationName: string;
  readonly catalogObjectId: string;
  readonly catalogVersion: number;
  readonly quantity: string;
  readonly basePrice: number;
  readonly weighed: boolean;
  /** uids of LINE_ITEM-scoped discounts and taxes that apply to this line. */
  discountUids: string[];
  taxUids: string[];
}

export interface DiscountDraft {
  readonly uid: string;
  readonly name: string;
  readonly scope: 'ORDER' | 'LINE_ITEM';
  readonly type: 'FIXED_PERCENTAGE' | 'FIXED_AMOUNT';
  readonly percentage?: string;
  readonly amount?: number;
}

export interface TaxDraft {
  readonly uid: string;
  readonly name: string;
  readonly scope: 'ORDER' | 'LINE_ITEM';
  readonly type: 'ADDITIVE' | 'INCLUSIVE';
  readonly percentage: string;
}

export interface ServiceChargeDraft {
  readonly uid: string;
  readonly name: string;
  readonly percentage?: string;
  readonly amount?: number;
}

export interface OrderDraft {
  readonly currency: string;
  readonly lines: readonly LineDraft[];
  readonly discounts: readonly DiscountDraft[];
  readonly taxes: readonly TaxDraft[];
  readonly serviceCharges: readonly ServiceChargeDraft[];
  readonly tip: number;
}

export interface PricedOrder {
  line_items: SquareOrderLineItem[];
  discounts: SquareOrderDiscount[];
  taxes: SquareOrderTax[];
  service_charges: SquareOrderServiceCharge[];
  total_money: SquareMoney;
  total_tax_money: SquareMoney;
  total_discount_money: SquareMoney;
  total_tip_money: SquareMoney;
  total_service_charge_money: SquareMoney;
}

const sumOf = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);

/** Computes every money field of an order from its draft. `uid` mints line/applied uids. */
export function priceOrder(draft: OrderDraft, uid: () => string): PricedOrder {
  const { currency } = draft;
  const gross = draft.lines.map((l) => timesQuantity(l.basePrice, l.quantity));
  const applies = (scope: string, lineUids: readonly string[], id: string): boolean =>
    scope === 'ORDER' || lineUids.includes(id);

  // discountByLine[i][discountUid] = amount
  const discountByLine = draft.lines.map(() => new Map<string, number>());
  const remaining = [...gross];
  for (const d of draft.discounts.filter((x) => x.type === 'FIXED_AMOUNT')) {
    const targets = draft.lines.map((l, i) => (applies(d.scope, l.discountUids, d.uid) ? i : -1));
    const idx = targets.filter((i) => i >= 0);
    const amount = d.amount ?? 0;
    const shares =
      d.scope === 'ORDER'
        ? apportion(
            Math.min(amount, sumOf(idx.map((i) => remaining[i]!))),
            idx.map((i) => remaining[i]!),
          )
        : idx.map((i) => Math.min(amount, remaining[i]!));
    idx.forEach((i, k) => discountByLine[i]!.set(d.uid, shares[k]!));
  }
  range(draft.lines.length).forEach((i) => {
    remaining[i] = gross[i]! - sumOf([...discountByLine[i]!.values()]);
  });
  for (const d of draft.discounts.filter((x) => x.type === 'FIXED_PERCENTAGE')) {
    draft.lines.forEach((l, i) => {
      if (!applies(d.scope, l.discountUids, d.uid)) return;
      discountByLine[i]!.set(d.uid, percentOf(remaining[i]!, d.percentage ?? '0'));
    });
  }

  const taxByLine = draft.lines.map(() => new Map<string, number>());
  const lineItems: SquareOrderLineItem[] = draft.lines.map((l, i) => {
    const lineDiscount = sumOf([...discountByLine[i]!.values()]);
    const base = gross[i]! - lineDiscount;
    const lineTaxes = draft.taxes.filter((t) => applies(t.scope, l.taxUids, t.uid));
    const inclusive = lineTaxes.filter((t) => t.type === 'INCLUSIVE');
    const inclusiveTotal = addDecimals(inclusive.map((t) => t.percentage));
    for (const t of lineTaxes) {
      const amount =
        t.type === 'INCLUSIVE'
          ? inclusivePart(base, t.percentage, inclusiveTotal)
          : percentOf(base, t.percentage);
      taxByLine[i]!.set(t.uid, amount);
    }
    const additive = sumOf(
      lineTaxes.filter((t) => t.type === 'ADDITIVE').map((t) => taxByLine[i]!.get(t.uid)!),
    );
    const appliedTaxes: SquareAppliedTax[] = lineTaxes.map((t) => ({
      uid: uid(),
      tax_uid: t.uid,
      applied_money: money(taxByLine[i]!.get(t.uid)!, currency),
    }));
    const appliedDiscounts: SquareAppliedDiscount[] = [...discountByLine[i]!.entries()].map(
      ([d, amount]) => ({
        uid: uid(),
        discount_uid: d,
        applied_money: money(amount, currency),
      }),
    );
    const item: SquareOrderLineItem = {
      uid: uid(),
      name: l.name,
      quantity: l.quantity,
      catalog_object_id: l.catalogObjectId,
      catalog_version: l.catalogVersion,
      variation_name: l.variationName,
      item_type: 'ITEM',
      base_price_money: money(l.basePrice, currency),
      variation_total_price_money: money(gross[i]!, currency),
      gross_sales_money: money(gross[i]!, currency),
      total_tax_money: money(sumOf([...taxByLine[i]!.values()]), currency),
      total_discount_money: money(lineDiscount, currency),
      total_money: money(base + additive, currency),
      total_service_charge_money: money(0, currency),
    };
    if (l.weighed) item.quantity_unit = { measurement_unit: { weight_unit: 'IMPERIAL_POUND' }, precision: 2 };
    if (appliedTaxes.length > 0) item.applied_taxes = appliedTaxes;
    if (appliedDiscounts.length > 0) item.applied_discounts = appliedDiscounts;
    return item;
  });

  const appliedTotal = (maps: Map<string, number>[], id: string): number =>
    sumOf(maps.map((m) => m.get(id) ?? 0));
  const discounts: SquareOrderDiscount[] = draft.discounts.map((d) => ({
    uid: d.uid,
    name: d.name,
    type: d.type,
    ...(d.percentage !== undefined ? { percentage: d.percentage } : {}),
    ...(d.amount !== undefined ? { amount_money: money(d.amount, currency) } : {}),
    scope: d.scope,
    applied_money: money(appliedTotal(discountByLine, d.uid), currency),
  }));
  const taxes: SquareOrderTax[] = draft.taxes.map((t) => ({
    uid: t.uid,
    name: t.name,
    type: t.type,
    percentage: t.percentage,
    scope: t.scope,
    applied_money: money(appliedTotal(taxByLine, t.uid), currency),
  }));

  const subtotal = sumOf(lineItems.map((li) => li.gross_sales_money.amount - li.total_discount_money.amount));
  const serviceCharges: SquareOrderServiceCharge[] = draft.serviceCharges.map((s) => {
    const amount = s.percentage !== undefined ? percentOf(subtotal, s.percentage) : (s.amount ?? 0);
    return {
      uid: s.uid,
      name: s.name,
      ...(s.percentage !== undefined ? { percentage: s.percentage } : {}),
      ...(s.amount !== undefined ? { amount_money: money(s.amount, currency) } : {}),
      applied_money: money(amount, currency),
      total_money: money(amount, currency),
      total_tax_money: money(0, currency),
      calculation_phase: 'SUBTOTAL_PHASE',
      taxable: false,
      type: 'CUSTOM',
      treatment_type: 'LINE_ITEM_TREATMENT',
      scope: 'ORDER',
    };
  });

  const serviceTotal = sumOf(serviceCharges.map((s) => s.total_money.amount));
  const lineTotal = sumOf(lineItems.map((li) => li.total_money.amount));
  return {
    line_items: lineItems,
    discounts,
    taxes,
    service_charges: serviceCharges,
    total_money: money(lineTotal + serviceTotal + draft.tip, currency),
    total_tax_money: money(sumOf(lineItems.map((li) => li.total_tax_money.amount)), currency),
    total_discount_money: money(sumOf(lineItems.map((li) => li.total_discount_money.amount)), currency),
    total_tip_money: money(draft.tip, currency),
    total_service_charge_money: money(serviceTotal, currency),
  };
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
