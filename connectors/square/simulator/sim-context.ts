import type { SimCatalogStore } from './sim-catalog.store';
import type { SimClock } from './sim-clock';
import type { IdempotencyStore } from './sim-idempotency.store';
import type { SimInventoryStore } from './sim-inventory.store';
import type { SquareCustomer, SquareLocationConfig, SquareOrder } from './sim.types';

/** The state every route module of the simulator shares. */
export interface SimContext {
  readonly clock: SimClock;
  readonly idempotency: IdempotencyStore;
  readonly merchantId: string;
  readonly locations: readonly SquareLocationConfig[];
  readonly orders: Map<string, SquareOrder>;
  readonly customers: Map<string, SquareCustomer>;
  readonly catalog: SimCatalogStore;
  readonly inventory: SimInventoryStore;
  readonly counters: { customerCreates: number };
  /** Mints a Square-shaped id from the API-side PRNG (kept apart from the generator's). */
  newId(kind: 'order' | 'uid' | 'customer' | 'catalog' | 'inventory'): string;
  /** Publishes a change as a webhook event when webhooks and `emitOnChange` are on. */
  notify(type: string, data: { type: string; id: string; object: object }): void;
  /** Called after each SearchOrders page is computed (tests mutate between pages). */
  ordersPageHook: ((page: number) => void) | undefined;
}
