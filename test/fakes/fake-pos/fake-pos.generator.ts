import { divRound, exponentOf, parseMinor, renderMinor } from '../money-kit';
import type { FakePosCustomer, FakePosItem, FakePosPayment, FakePosTransaction } from './fake-pos.types';

/** Products sold by the fake stores; base prices in US cents, scaled per currency. */
const CATALOG = [
  { sku: 'CAF-LAT', name: 'Caffe latte', cents: 450 },
  { sku: 'CAF-ESP', name: 'Espresso', cents: 300 },
  { sku: 'TEA-MAT', name: 'Matcha tea', cents: 520 },
  { sku: 'BAK-CRO', name: 'Croissant', cents: 375 },
  { sku: 'BAK-BAG', name: 'Bagel with cream cheese', cents: 495 },
  { sku: 'SAN-CLB', name: 'Club sandwich', cents: 1095 },
  { sku: 'SAL-CES', name: 'Caesar salad', cents: 1250 },
  { sku: 'BEA-1KG', name: 'Coffee beans 1 kg', cents: 2890 },
  { sku: 'MUG-LOG', name: 'Logo mug', cents: 1500 },
  { sku: 'JUI-ORG', name: 'Orange juice', cents: 425 },
] as const;

/** How each currency's stores tax: rate in thousandths of a percent (8875 = 8.875 %). */
const TAX_RULES: Readonly<Record<string, { name: string; rateMilli: number; inclusive: boolean }>> = {
  USD: { name: 'NY sales tax', rateMilli: 8875, inclusive: false },
  VND: { name: 'VAT', rateMilli: 10000, inclusive: true },
  JPY: { name: 'Consumption tax', rateMilli: 10000, inclusive: true },
  EUR: { name: 'TVA', rateMilli: 20000, inclusive: true },
  KWD: { name: 'No tax', rateMilli: 0, inclusive: false },
};
const DEFAULT_TAX = { name: 'Sales tax', rateMilli: 10000, inclusive: false };

/** UTC offsets (minutes) of the fake stores per currency, so timestamps carry real offsets. */
const OFFSETS: Readonly<Record<string, number>> = { USD: -300, VND: 420, JPY: 540, EUR: 60, KWD: 180 };

const FIRST_NAMES = ['An', 'Binh', 'Chloe', 'David', 'Emma', 'Farah', 'Goro', 'Hana', 'Ivan', 'Julia'];
const LAST_NAMES = ['Nguyen', 'Tran', 'Smith', 'Garcia', 'Sato', 'Al-Sabah', 'Muller', 'Rossi'];
const BRANDS = ['VISA', 'MASTERCARD', 'AMEX'] as const;

/** Mutable state shared by the generator and the server (clock, counters, PRNG). */
export interface GeneratorState {
  readonly random: () => number;
  /** Logical clock in epoch ms; advanced per generated change so output is deterministic. */
  clock: number;
  transactionCount: number;
  receiptCount: number;
}

export function pick<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)];
}

function randomInt(random: () => number, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

/** ISO 8601 with the store's UTC offset, second precision: `2024-03-01T09:00:00+07:00`. */
export function isoWithOffset(epochMs: number, currency: string): string {
  const offset = OFFSETS[currency] ?? 0;
  const local = new Date(epochMs + offset * 60_000).toISOString().slice(0, 19);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

export function tick(state: GeneratorState): number {
  state.clock += randomInt(state.random, 30, 300) * 1000;
  return state.clock;
}

/** A unit price in the currency's minor units, always even so half quantities stay exact. */
function unitPrice(cents: number, currency: string): number {
  const e = exponentOf(currency);
  let minor: number;
  if (e === 0) minor = Math.max(1000, Math.round((cents * 250) / 1000) * 1000);
  else minor = e === 2 ? cents : cents * 3;
  return minor % 2 === 0 ? minor : minor + 1;
}

function makeItem(state: GeneratorState, currency: string, lineNo: number, txnId: string): FakePosItem {
  const { random } = state;
  const product = pick(random, CATALOG);
  const unit = unitPrice(product.cents, currency);
  const halves = random() < 0.2 ? pick(random, [1, 3]) : 2 * randomInt(random, 1, 3);
  const gross = (unit * halves) / 2;
  const discount = random() < 0.25 ? divRound(gross * 10, 100) : 0;
  const tax = TAX_RULES[currency] ?? DEFAULT_TAX;
  const base = gross - discount;
  const taxMinor = tax.inclusive
    ? divRound(base * tax.rateMilli, 100_000 + tax.rateMilli)
    : divRound(base * tax.rateMilli, 100_000);
  const total = base + (tax.inclusive ? 0 : taxMinor);
  return {
    line_id: `${txnId}-L${lineNo}`,
    sku: product.sku,
    name: product.name,
    qty: halves % 2 === 0 ? String(halves / 2) : `${(halves - 1) / 2}.5`,
    unit_price: renderMinor(unit, currency),
    gross: renderMinor(gross, currency),
    discount: renderMinor(discount, currency),
    tax_name: tax.name,
    tax_rate: String(tax.rateMilli / 1000),
    tax: renderMinor(taxMinor, currency),
    tax_inclusive: tax.inclusive,
    total: renderMinor(total, currency),
  };
}

function payments(state: GeneratorState, total: number, currency: string, tip: number): FakePosPayment[] {
  const { random } = state;
  const roll = random();
  const card = (amount: number): FakePosPayment => ({
    method: 'CARD',
    brand: pick(random, BRANDS),
    amount: renderMinor(amount, currency),
  });
  if (tip > 0 || roll < 0.55) return [card(total)];
  if (roll < 0.8) return [{ method: 'CASH', amount: renderMinor(total, currency) }];
  if (roll < 0.9 || total < 2) return [{ method: 'WALLET', amount: renderMinor(total, currency) }];
  const cash = Math.floor(total / 2);
  return [{ method: 'CASH', amount: renderMinor(cash, currency) }, card(total - cash)];
}

const minorOf = parseMinor;

/** A new sale, consistent to the minor unit. `seq` is set by the server when the change is stored. */
export function makeSale(
  state: GeneratorState,
  currency: string,
  storeId: string,
  customer: FakePosCustomer | undefined,
): FakePosTransaction {
  const { random } = state;
  state.transactionCount += 1;
  state.receiptCount += 1;
  const id = `T${String(state.transactionCount).padStart(6, '0')}`;
  const items = Array.from({ length: randomInt(random, 1, 4) }, (_, i) =>
    makeItem(state, currency, i + 1, id),
  );
  const lines = items.reduce((sum, item) => sum + minorOf(item.total, currency), 0);
  const orderDiscount = random() < 0.2 ? divRound(lines * 5, 100) : 0;
  const serviceCharge = random() < 0.15 ? divRound(lines * 5, 100) : 0;
  const tip = random() < 0.15 ? unitPrice(randomInt(random, 1, 5) * 100, currency) : 0;
  const total = lines - orderDiscount + serviceCharge + tip;
  const at = isoWithOffset(tick(state), currency);
  return {
    id,
    seq: 0,
    version: 1,
    type: 'SALE',
    receipt_no: `${storeId}-${String(state.receiptCount).padStart(6, '0')}`,
    store_id: storeId,
    created_at: at,
    updated_at: at,
    currency,
    ...(customer ? { customer: customerSummary(customer) } : {}),
    items,
    order_discount: renderMinor(orderDiscount, currency),
    service_charge: renderMinor(serviceCharge, currency),
    tip: renderMinor(tip, currency),
    payments: payments(state, total, currency, tip),
    total: renderMinor(total, currency),
  };
}

/** A refund of the first lines of an earlier sale, paid back with the sale's first tender method. */
export function makeRefund(state: GeneratorState, sale: FakePosTransaction): FakePosTransaction {
  const { random } = state;
  state.transactionCount += 1;
  state.receiptCount += 1;
  const id = `T${String(state.transactionCount).padStart(6, '0')}`;
  const currency = sale.currency;
  const items = sale.items
    .slice(0, randomInt(random, 1, sale.items.length))
    .map((item, i) => ({ ...item, line_id: `${id}-L${i + 1}` }));
  const total = items.reduce((sum, item) => sum + minorOf(item.total, currency), 0);
  const first = sale.payments[0];
  const at = isoWithOffset(tick(state), currency);
  const zero = renderMinor(0, currency);
  return {
    id,
    seq: 0,
    version: 1,
    type: 'REFUND',
    receipt_no: `${sale.store_id}-${String(state.receiptCount).padStart(6, '0')}`,
    store_id: sale.store_id,
    created_at: at,
    updated_at: at,
    currency,
    ...(sale.customer ? { customer: { ...sale.customer } } : {}),
    original_id: sale.id,
    items,
    order_discount: zero,
    service_charge: zero,
    tip: zero,
    payments: [{ ...first, amount: renderMinor(total, currency) }],
    total: renderMinor(total, currency),
  };
}

export function customerSummary(c: FakePosCustomer): NonNullable<FakePosTransaction['customer']> {
  return {
    id: c.id,
    ...(c.email ? { email: c.email } : {}),
    ...(c.phone ? { phone: c.phone } : {}),
    name: `${c.first_name} ${c.last_name}`,
  };
}

/** Customer number `n` of the pool (1-based). Some have no phone, some no email. */
export function makeCustomer(state: GeneratorState, n: number): FakePosCustomer {
  const { random } = state;
  const first = pick(random, FIRST_NAMES);
  const last = pick(random, LAST_NAMES);
  const at = new Date(tick(state)).toISOString();
  const handle = `${first}.${last}`.toLowerCase().replace(/[^a-z.]/g, '');
  const roll = random();
  return {
    id: `C${String(n).padStart(4, '0')}`,
    seq: 0,
    version: 1,
    first_name: first,
    last_name: last,
    ...(roll < 0.85 ? { email: `${handle}${n}@example.com` } : {}),
    ...(roll > 0.15 ? { phone: `+1555${String(1000000 + n).slice(1)}` } : {}),
    marketing_opt_in: random() < 0.5,
    created_at: at,
    updated_at: at,
  };
}
