import { iso, type SimClock } from './sim-clock';
import type { SimCatalogStore } from './sim-catalog.store';
import { currencyExponent } from './sim-money';
import type { SimRandom } from './sim-random';
import { generateReturn } from './sim-return.generator';
import { generateSale } from './sim-sale.generator';
import type { SquareCustomer, SquareLocationConfig, SquareOrder } from './sim.types';

/** Options of `SquareSimulator.generateOrders`. */
export interface GenerateOrdersOptions {
  /** Currency of the orders; picks the locations priced in it (default: every location). */
  currency?: string;
  /** Location of every order (default: spread over the matching locations). */
  locationId?: string;
  /** Extra return orders, as a share of `count` (default 0.1); about half are partial returns. */
  refundRatio?: number;
  /** Size of the customer pool some orders belong to (created when missing; default 10). */
  customers?: number;
  /** End of the period the orders are spread over (default: now). */
  at?: Date;
}

const GIVEN = [
  'Ava',
  'Liam',
  'Mai',
  'Noah',
  'Yuki',
  'Minh',
  'Sofia',
  'Lucas',
  'Hana',
  'Omar',
  'Chloe',
  'Arjun',
];
const FAMILY = ['Nguyen', 'Tanaka', 'Smith', 'Garcia', 'Kim', 'Tran', 'Müller', 'Rossi', 'Okafor', 'Patel'];
// Average gap between generated orders: a busy store's pace.
const GAP_MS = 90_000;

/** Shared state of the generator between calls. */
export interface GeneratorState {
  readonly random: SimRandom;
  readonly clock: SimClock;
  readonly catalog: SimCatalogStore;
  readonly locations: readonly SquareLocationConfig[];
  readonly orders: Map<string, SquareOrder>;
  readonly customers: Map<string, SquareCustomer>;
  /** Generated customers in creation order (the pool). */
  readonly pool: SquareCustomer[];
  /** Latest timestamp handed to a generated order. */
  lastStamp: number;
}

function makeCustomer(random: SimRandom, n: number, at: number): SquareCustomer {
  const given = GIVEN[n % GIVEN.length]!;
  const family = FAMILY[(n * 7) % FAMILY.length]!;
  return {
    id: random.id('customer'),
    created_at: iso(at),
    updated_at: iso(at),
    given_name: given,
    family_name: family,
    email_address: `${given}.${family}.${n}@example.com`
      .toLowerCase()
      .normalize('NFD')
      .replace(/[^\x20-\x7e]/g, ''),
    phone_number: `+1555${String(1000000 + n).slice(-7)}`,
    reference_id: `LOYAL-${String(n).padStart(5, '0')}`,
    preferences: { email_unsubscribed: false },
    creation_source: 'DIRECTORY',
    version: 0,
  };
}

/** Grows the customer pool to `size`; returns the new customers. */
export function ensureCustomers(state: GeneratorState, size: number, at: number): SquareCustomer[] {
  const created: SquareCustomer[] = [];
  while (state.pool.length < size) {
    const c = makeCustomer(state.random, state.pool.length + 1, at);
    state.pool.push(c);
    state.customers.set(c.id, c);
    created.push(c);
  }
  return created;
}

function locationsFor(state: GeneratorState, options: GenerateOptions): SquareLocationConfig[] {
  if (options.locationId) {
    const l = state.locations.find((x) => x.id === options.locationId);
    if (!l) throw new Error(`unknown location ${options.locationId}`);
    if (options.currency && options.currency !== l.currency)
      throw new Error(`location ${l.id} prices in ${l.currency}, not ${options.currency}`);
    return [l];
  }
  const matching = state.locations.filter((l) => !options.currency || l.currency === options.currency);
  if (matching.length === 0) {
    throw new Error(
      `no location prices in ${options.currency}; start the simulator with such a location (options.locations)`,
    );
  }
  return matching;
}

type GenerateOptions = GenerateOrdersOptions;

/**
 * Generates `count` sales plus `round(count × refundRatio)` returns of earlier sales, spread in
 * time up to `at`, never before the previous batch (so a later batch is always newer).
 */
export function generateBatch(state: GeneratorState, count: number, options: GenerateOptions = {}) {
  const locations = locationsFor(state, options);
  for (const l of locations) currencyExponent(l.currency);
  const end = options.at ? options.at.getTime() : Date.now();
  const refunds = Math.round(count * (options.refundRatio ?? 0.1));
  const slots = count + refunds;
  let start = Math.max(state.lastStamp + 1, end - slots * GAP_MS);
  // An `at` before the previous batch is a deliberate backdated batch (like late offline orders).
  if (start > end) start = end - slots * GAP_MS;
  const step = slots > 0 ? Math.max(0, (end - start) / slots) : 0;
  const newCustomers = ensureCustomers(state, options.customers ?? 10, start - 86_400_000);
  const sellables = state.catalog.forSale();
  const refundable = [...state.orders.values()].filter(
    (o) => o.line_items && !o.returns && locations.some((l) => l.id === o.location_id),
  );
  const refunded = new Set(
    [...state.orders.values()].flatMap((o) => (o.returns ?? []).map((r) => r.source_order_id)),
  );

  const created: SquareOrder[] = [];
  let salesLeft = count;
  let refundsLeft = refunds;
  for (let i = 0; i < slots; i += 1) {
    const slotStart = Math.floor(start + i * step);
    const closedAt = Math.min(end, slotStart + Math.floor(state.random.next() * step * 0.5));
    const wantRefund =
      refundsLeft > 0 && (salesLeft === 0 || state.random.chance(refundsLeft / (salesLeft + refundsLeft)));
    const candidates = wantRefund
      ? refundable.filter((o) => !refunded.has(o.id) && Date.parse(o.closed_at) <= closedAt)
      : [];
    const doRefund = candidates.length > 0;
    let order: SquareOrder;
    if (doRefund) {
      const sale = state.random.pick(candidates);
      refunded.add(sale.id);
      order = generateReturn(state.random, sale, closedAt, state.random.chance(0.5));
      refundsLeft -= 1;
    } else {
      order = generateSale({
        random: state.random,
        location: state.random.pick(locations),
        sellables,
        customers: state.pool,
        createdAt: Math.max(start, slotStart - Math.floor(state.random.next() * GAP_MS)),
        closedAt,
      });
      refundable.push(order);
      salesLeft -= 1;
    }
    state.orders.set(order.id, order);
    state.lastStamp = Math.max(state.lastStamp, closedAt);
    created.push(order);
  }
  state.clock.observe(state.lastStamp);
  return { orders: created, newCustomers };
}
