import { iso } from './sim-clock';
import type { Sellable } from './sim-catalog.store';
import { localPrice, money, percentOf } from './sim-money';
import {
  priceOrder,
  type DiscountDraft,
  type LineDraft,
  type ServiceChargeDraft,
  type TaxDraft,
} from './sim-order-math';
import type { SimRandom } from './sim-random';
import type { SquareCustomer, SquareLocationConfig, SquareOrder, SquareTender } from './sim.types';

const CARD_BRANDS = [
  'VISA',
  'VISA',
  'VISA',
  'MASTERCARD',
  'MASTERCARD',
  'AMERICAN_EXPRESS',
  'DISCOVER',
  'JCB',
] as const;
const ENTRY_METHODS = ['CONTACTLESS', 'CONTACTLESS', 'EMV', 'SWIPED', 'KEYED'] as const;
const WEIGHTS = ['0.5', '0.75', '1.25', '1.5', '2.2', '3.05'] as const;

export interface SaleInput {
  readonly random: SimRandom;
  readonly location: SquareLocationConfig;
  readonly sellables: readonly Sellable[];
  readonly customers: readonly SquareCustomer[];
  readonly createdAt: number;
  readonly closedAt: number;
}

function pickLines(input: SaleInput): LineDraft[] {
  const { random, location } = input;
  const pool = [...input.sellables];
  const count = Math.min(pool.length, random.int(1, 5));
  const lines: LineDraft[] = [];
  for (let i = 0; i < count; i += 1) {
    const s = pool.splice(random.int(0, pool.length - 1), 1)[0]!;
    lines.push({
      name: s.itemName,
      variationName: s.variationName,
      catalogObjectId: s.variationId,
      catalogVersion: s.version,
      quantity: s.weighed ? random.pick(WEIGHTS) : String(random.chance(0.75) ? 1 : random.int(2, 4)),
      basePrice: localPrice(s.usdCents, location.currency),
      weighed: s.weighed,
      discountUids: [],
      taxUids: [],
    });
  }
  return lines;
}

/** Chooses discounts and taxes; LINE_ITEM-scoped ones are attached to some lines. */
function adjustments(
  input: SaleInput,
  lines: LineDraft[],
): { discounts: DiscountDraft[]; taxes: TaxDraft[] } {
  const { random, location } = input;
  const uid = (): string => random.id('uid');
  const discounts: DiscountDraft[] = [];
  const taxes: TaxDraft[] = [];
  const attach = (field: 'discountUids' | 'taxUids', id: string, share: number): void => {
    lines.forEach((l, i) => {
      if (i === 0 || random.chance(share)) l[field].push(id);
    });
  };
  if (random.chance(0.15)) {
    discounts.push({
      uid: uid(),
      name: 'Loyalty reward',
      scope: 'ORDER',
      type: 'FIXED_AMOUNT',
      amount: localPrice(random.int(1, 3) * 50, location.currency),
    });
  }
  if (random.chance(0.25)) {
    discounts.push({
      uid: uid(),
      name: 'Happy hour',
      scope: 'ORDER',
      type: 'FIXED_PERCENTAGE',
      percentage: random.pick(['10', '15', '12.5']),
    });
  }
  if (random.chance(0.2)) {
    const d: DiscountDraft = {
      uid: uid(),
      name: 'Staff discount',
      scope: 'LINE_ITEM',
      type: 'FIXED_PERCENTAGE',
      percentage: '20',
    };
    discounts.push(d);
    attach('discountUids', d.uid, 0.3);
  }
  if (random.chance(0.6)) {
    taxes.push({
      uid: uid(),
      name: 'Sales Tax',
      scope: 'ORDER',
      type: 'ADDITIVE',
      percentage: random.pick(['8.875', '7.25', '6']),
    });
    if (random.chance(0.3)) {
      const t: TaxDraft = {
        uid: uid(),
        name: 'City Tax',
        scope: 'LINE_ITEM',
        type: 'ADDITIVE',
        percentage: '0.5',
      };
      taxes.push(t);
      attach('taxUids', t.uid, 0.5);
    }
  } else {
    // Mixed regime: VAT included in some prices, an additive levy on the others.
    const vat: TaxDraft = {
      uid: uid(),
      name: 'VAT',
      scope: 'LINE_ITEM',
      type: 'INCLUSIVE',
      percentage: random.pick(['10', '8']),
    };
    const levy: TaxDraft = {
      uid: uid(),
      name: 'Service Levy',
      scope: 'LINE_ITEM',
      type: 'ADDITIVE',
      percentage: '5',
    };
    lines.forEach((l, i) => {
      const tax = i % 2 === 0 || random.chance(0.4) ? vat : levy;
      l.taxUids.push(tax.uid);
    });
    for (const t of [vat, levy]) if (lines.some((l) => l.taxUids.includes(t.uid))) taxes.push(t);
  }
  return { discounts, taxes };
}

function cashDetails(amount: number, currency: string) {
  const step = localPrice(500, currency);
  const tendered = Math.ceil(amount / step) * step;
  return {
    buyer_tendered_money: money(tendered, currency),
    change_back_money: money(tendered - amount, currency),
  };
}

/** A COMPLETED sale, priced exactly like Square, paid by card and/or cash. */
export function generateSale(input: SaleInput): SquareOrder {
  const { random, location } = input;
  const currency = location.currency;
  const lines = pickLines(input);
  const { discounts, taxes } = adjustments(input, lines);
  const serviceCharges: ServiceChargeDraft[] = [];
  if (random.chance(0.1)) {
    serviceCharges.push(
      random.chance(0.5)
        ? { uid: random.id('uid'), name: 'Large party', percentage: '18' }
        : { uid: random.id('uid'), name: 'Delivery fee', amount: localPrice(299, currency) },
    );
  }
  const payment = random.chance(0.65) ? 'card' : random.chance(0.7) ? 'cash' : 'split';
  const base = priceOrder({ currency, lines, discounts, taxes, serviceCharges, tip: 0 }, () =>
    random.id('uid'),
  );
  const tip =
    payment !== 'cash' && random.chance(0.3)
      ? percentOf(base.total_money.amount - base.total_tip_money.amount, random.pick(['15', '18', '20']))
      : 0;
  // The tip is a share of the pre-tip total, added on top and carried by the card tender.
  const priced = {
    ...base,
    total_money: money(base.total_money.amount + tip, currency),
    total_tip_money: money(tip, currency),
  };

  const orderId = random.id('order');
  const customer =
    input.customers.length > 0 && random.chance(0.4) ? random.pick(input.customers) : undefined;
  const total = priced.total_money.amount;
  const cashPart = payment === 'cash' ? total : payment === 'split' ? Math.floor((total - tip) / 2) : 0;
  const tender = (type: 'CARD' | 'CASH', amount: number, tipAmount: number): SquareTender => {
    const t: SquareTender = {
      id: random.id('tender'),
      location_id: location.id,
      transaction_id: orderId,
      created_at: iso(input.closedAt),
      amount_money: money(amount, currency),
      type,
      payment_id: random.id('tender'),
    };
    if (tipAmount > 0) t.tip_money = money(tipAmount, currency);
    if (customer) t.customer_id = customer.id;
    if (type === 'CARD') {
      t.card_details = {
        status: 'CAPTURED',
        card: {
          card_brand: random.pick(CARD_BRANDS),
          last_4: String(random.int(0, 9999)).padStart(4, '0'),
          fingerprint: `sq-1-${random.id('uid')}`,
        },
        entry_method: random.pick(ENTRY_METHODS),
      };
    } else {
      t.cash_details = cashDetails(amount, currency);
    }
    return t;
  };
  const tenders: SquareTender[] = [];
  if (total - cashPart > 0 || payment === 'card') tenders.push(tender('CARD', total - cashPart, tip));
  if (cashPart > 0) tenders.push(tender('CASH', cashPart, 0));

  const order: SquareOrder = {
    id: orderId,
    location_id: location.id,
    source: { name: 'Square Point of Sale' },
    line_items: priced.line_items,
    net_amounts: {
      total_money: priced.total_money,
      tax_money: priced.total_tax_money,
      discount_money: priced.total_discount_money,
      tip_money: priced.total_tip_money,
      service_charge_money: priced.total_service_charge_money,
    },
    tenders,
    created_at: iso(input.createdAt),
    updated_at: iso(input.closedAt),
    closed_at: iso(input.closedAt),
    state: 'COMPLETED',
    version: random.int(1, 4),
    total_money: priced.total_money,
    total_tax_money: priced.total_tax_money,
    total_discount_money: priced.total_discount_money,
    total_tip_money: priced.total_tip_money,
    total_service_charge_money: priced.total_service_charge_money,
    net_amount_due_money: money(0, currency),
  };
  if (priced.taxes.length > 0) order.taxes = priced.taxes;
  if (priced.discounts.length > 0) order.discounts = priced.discounts;
  if (priced.service_charges.length > 0) order.service_charges = priced.service_charges;
  if (customer) order.customer_id = customer.id;
  if (random.chance(0.3)) order.reference_id = `R-${random.int(100000, 999999)}`;
  return order;
}
