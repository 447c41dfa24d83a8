import { randomBytes } from 'node:crypto';
import { SimCatalogStore, type SquareCatalogObject } from './sim-catalog.store';
import { registerCatalogRoutes } from './sim-catalog.routes';
import { SimClock, iso } from './sim-clock';
import type { SimContext } from './sim-context';
import { registerCustomerRoutes } from './sim-customers.routes';
import { SimFaults, type SquareFaults } from './sim-faults';
import { generateBatch, type GenerateOrdersOptions, type GeneratorState } from './sim-generator';
import { SimRouter, startSimServer, type RunningSimServer } from './sim-http.server';
import { IdempotencyStore } from './sim-idempotency.store';
import {
  SimInventoryStore,
  type SquareInventoryChange,
  type SquareInventoryCount,
} from './sim-inventory.store';
import { registerInventoryRoutes } from './sim-inventory.routes';
import { registerLocationRoutes } from './sim-locations.routes';
import { registerOrderRoutes } from './sim-orders.routes';
import { SimRandom } from './sim-random';
import { WebhookSender, type WebhookAttempt } from './sim-webhooks.sender';
import type { SquareCustomer, SquareLocationConfig, SquareOrder, SquareRequestLogEntry } from './sim.types';

export { signSquareWebhook, RETRY_UNITS, type WebhookAttempt } from './sim-webhooks.sender';
export type { SquareFaults } from './sim-faults';
export type { GenerateOrdersOptions } from './sim-generator';
export type { SquareCatalogObject } from './sim-catalog.store';
export type { SquareInventoryChange, SquareInventoryCount } from './sim-inventory.store';
export type * from './sim.types';

/** Options of `SquareSimulator.start`. */
export interface SquareSimulatorOptions {
  /** Bearer token the simulator accepts (default: random). */
  accessToken?: string;
  /** Port on 127.0.0.1 (default 0: a free one). */
  port?: number;
  /** Seed of the generated data (catalog, stock, orders, customers); default 1. */
  seed?: number;
  /** Locations (default: two USD locations in the US). */
  locations?: SquareLocationConfig[];
  /** Where to deliver signed webhook events, if anywhere. */
  webhook?: { notificationUrl: string; signatureKey: string };
  /** Unit of the webhook retry schedule in ms (Square's unit is a minute); default 10. */
  webhookRetryScaleMs?: number;
  /** Emit order/customer/inventory events for changes when a webhook is configured; default true. */
  emitOnChange?: boolean;
  /**
   * Generated sales take their items out of IN_STOCK (to SOLD) and returns put them back, at the
   * order's `created_at`, as Square does for catalog items with tracked inventory. Default false:
   * inventory is then left alone by the generator.
   */
  salesMoveStock?: boolean;
}

const DAY_MS = 86_400_000;

/**
 * A loopback HTTP server that behaves like the parts of the Square API poshub uses: orders search
 * and retrieval, customers, catalog search, inventory counts and changes, locations; bearer auth,
 * Square's limits and 400s, keyset cursors, idempotency keys, version conflicts, injected 429/500,
 * signed webhooks with Square's retry schedule, and a generator of internally consistent sales.
 */
export class SquareSimulator {
  private readonly log: SquareRequestLogEntry[] = [];
  private readonly faults: SimFaults;
  private readonly ctx: SimContext;
  private readonly generator: GeneratorState;
  private readonly sender: WebhookSender | undefined;
  private readonly salesMoveStock: boolean;
  private server!: RunningSimServer;
  readonly accessToken: string;
  readonly locationIds: string[];
  readonly merchantId: string;

  private constructor(options: SquareSimulatorOptions) {
    const seed = options.seed ?? 1;
    const data = new SimRandom(seed);
    const api = new SimRandom((seed ^ 0x5eed5eed) >>> 0);
    const clock = new SimClock();
    this.accessToken = options.accessToken ?? `EAAA${randomBytes(24).toString('base64url')}`;
    this.merchantId = data.id('merchant');
    const locations = options.locations ?? [
      {
        id: data.id('location'),
        name: 'Downtown',
        currency: 'USD',
        timezone: 'America/Los_Angeles',
        country: 'US',
      },
      {
        id: data.id('location'),
        name: 'Airport',
        currency: 'USD',
        timezone: 'America/Los_Angeles',
        country: 'US',
      },
    ];
    if (locations.length === 0) throw new Error('the Square simulator needs at least one location');
    this.locationIds = locations.map((l) => l.id);
    const createdAt = Math.floor((Date.now() - 30 * DAY_MS) / 1000) * 1000;
    const catalog = new SimCatalogStore(clock, data, locations, createdAt);
    const inventory = new SimInventoryStore(clock);
    inventory.seed(
      data,
      catalog.variations().map((v) => v.id),
      this.locationIds,
      createdAt,
    );
    clock.observe(createdAt);
    this.faults = new SimFaults(seed);
    const emitOnChange = options.emitOnChange ?? true;
    this.salesMoveStock = options.salesMoveStock ?? false;
    if (options.webhook) {
      this.sender = new WebhookSender({
        ...options.webhook,
        merchantId: this.merchantId,
        retryScaleMs: options.webhookRetryScaleMs ?? 10,
        environment: 'Sandbox',
      });
    }
    this.ctx = {
      clock,
      idempotency: new IdempotencyStore(),
      merchantId: this.merchantId,
      locations,
      orders: new Map(),
      customers: new Map(),
      catalog,
      inventory,
      counters: { customerCreates: 0 },
      newId: (kind) => api.id(kind),
      notify: (type, payload) => {
        if (this.sender && emitOnChange) void this.sender.emit(type, payload);
      },
      ordersPageHook: undefined,
    };
    this.generator = {
      random: data,
      clock,
      catalog,
      locations,
      orders: this.ctx.orders,
      customers: this.ctx.customers,
      pool: [],
      lastStamp: 0,
    };
  }

  /** Starts a simulator on 127.0.0.1. */
  static async start(options: SquareSimulatorOptions = {}): Promise<SquareSimulator> {
    const sim = new SquareSimulator(options);
    const router = new SimRouter();
    registerOrderRoutes(router, sim.ctx);
    registerCustomerRoutes(router, sim.ctx);
    registerCatalogRoutes(router, sim.ctx);
    registerInventoryRoutes(router, sim.ctx);
    registerLocationRoutes(router, sim.ctx);
    sim.server = await startSimServer({
      port: options.port,
      accessToken: sim.accessToken,
      faults: sim.faults,
      router,
      log: (entry) => sim.log.push(entry),
    });
    return sim;
  }

  /** Base URL, e.g. `http://127.0.0.1:40123` (the connector appends `/v2/...`). */
  get url(): string {
    return this.server.url;
  }

  /** Replaces the injected faults (and restarts their PRNG from `faults.seed`). */
  setFaults(faults: SquareFaults): void {
    this.faults.set(faults);
  }

  /** How many 429s and 500s were injected so far. */
  faultCounters(): { rateLimited: number; errors: number } {
    return { ...this.faults.counters };
  }

  /**
   * Generates `count` COMPLETED sales (lines incl. weighed quantities, ADDITIVE and INCLUSIVE taxes,
   * discounts, service charges, tips, CARD/CASH tenders, some with a customer) plus return orders
   * for `refundRatio × count` earlier sales (about half partial). Returns the created orders.
   */
  generateOrders(count: number, options: GenerateOrdersOptions = {}): SquareOrder[] {
    const { orders, newCustomers } = generateBatch(this.generator, count, options);
    if (this.salesMoveStock) this.moveStockFor(orders);
    for (const customer of newCustomers) {
      this.ctx.notify('customer.created', { type: 'customer', id: customer.id, object: { customer } });
    }
    for (const o of orders) {
      this.ctx.notify('order.created', {
        type: 'order_created',
        id: o.id,
        object: {
          order_created: {
            order_id: o.id,
            state: o.state,
            version: o.version,
            location_id: o.location_id,
            created_at: o.created_at,
          },
        },
      });
    }
    return orders;
  }

  /**
   * What Square's POS does to inventory when it rings up a sale or takes a return: an ADJUSTMENT
   * per catalog line, IN_STOCK → SOLD (a return: SOLD → IN_STOCK) at the order's `created_at`.
   */
  private moveStockFor(orders: readonly SquareOrder[]): void {
    const touched = new Map<string, SquareInventoryCount>();
    for (const order of orders) {
      const returned = order.returns?.flatMap((r) => r.return_line_items ?? []) ?? [];
      const lines = returned.length > 0 ? returned : (order.line_items ?? []);
      const [from, to] = returned.length > 0 ? ['SOLD', 'IN_STOCK'] : ['IN_STOCK', 'SOLD'];
      for (const line of lines) {
        const objectId = line.catalog_object_id;
        if (!objectId || this.ctx.catalog.get(objectId)?.type !== 'ITEM_VARIATION') continue;
        const at = Date.parse(order.created_at);
        this.ctx.inventory.applyAdjustment(objectId, order.location_id, from, to, line.quantity, at);
        this.ctx.inventory.record({
          type: 'ADJUSTMENT',
          adjustment: {
            id: this.ctx.newId('inventory'),
            from_state: from,
            to_state: to,
            location_id: order.location_id,
            catalog_object_id: objectId,
            catalog_object_type: 'ITEM_VARIATION',
            quantity: line.quantity,
            occurred_at: order.created_at,
            created_at: iso(this.ctx.clock.tick()),
            source: { product: 'SQUARE_POS' },
            transaction_id: order.id,
          },
        });
        const count = this.ctx.inventory.count(objectId, order.location_id, 'IN_STOCK');
        if (count) touched.set(`${objectId}|${order.location_id}`, count);
      }
    }
    if (touched.size > 0) {
      this.ctx.notify('inventory.count.updated', {
        type: 'inventory_counts',
        id: this.ctx.newId('inventory'),
        object: { inventory_counts: [...touched.values()] },
      });
    }
  }

  /** Bumps version and updated_at of an order (its reference_id changes), like an edit in the POS. */
  touchOrder(orderId: string): SquareOrder {
    const current = this.ctx.orders.get(orderId);
    if (!current) throw new Error(`no order ${orderId}`);
    const version = current.version + 1;
    const next: SquareOrder = {
      ...current,
      version,
      reference_id: `${(current.reference_id ?? 'R').slice(0, 30)}-v${version}`,
      updated_at: iso(this.ctx.clock.tick()),
    };
    this.ctx.orders.set(orderId, next);
    this.ctx.notify('order.updated', {
      type: 'order_updated',
      id: next.id,
      object: {
        order_updated: {
          order_id: next.id,
          state: next.state,
          version: next.version,
          location_id: next.location_id,
          created_at: next.created_at,
          updated_at: next.updated_at,
        },
      },
    });
    return next;
  }

  /** Calls `hook(page)` (1-based) after each SearchOrders page is computed and before it is sent. */
  onOrdersPage(hook: ((page: number) => void) | undefined): void {
    this.ctx.ordersPageHook = hook;
  }

  orders(): SquareOrder[] {
    return [...this.ctx.orders.values()];
  }

  customers(): SquareCustomer[] {
    return [...this.ctx.customers.values()];
  }

  catalogVariations(): SquareCatalogObject[] {
    return this.ctx.catalog.variations();
  }

  /** Deletes a catalog object (kept with `is_deleted: true`, visible with include_deleted_objects). */
  deleteCatalogObject(id: string): void {
    this.ctx.catalog.delete(id);
  }

  /** Changes a variation's price (bumps its version and updated_at). */
  setVariationPrice(variationId: string, amount: number): SquareCatalogObject {
    return this.ctx.catalog.setPrice(variationId, amount);
  }

  inventoryCounts(): SquareInventoryCount[] {
    return this.ctx.inventory.all();
  }

  /** Every inventory change ever applied through the API. */
  inventoryChanges(): SquareInventoryChange[] {
    return this.ctx.inventory.history();
  }

  /** How many customers were created through the API (idempotent replays not counted). */
  customerCreates(): number {
    return this.ctx.counters.customerCreates;
  }

  /** Every request served, in order, with the parsed body and the answer. */
  requestLog(): SquareRequestLogEntry[] {
    return [...this.log];
  }

  /** Sends a signed webhook event now; retries follow Square's schedule scaled by `webhookRetryScaleMs`. */
  async emitWebhook(type: string, data: object): Promise<{ eventId: string }> {
    if (!this.sender) throw new Error('no webhook configured (options.webhook)');
    return this.sender.emit(type, data);
  }

  /** Every webhook delivery attempt so far. */
  webhookAttempts(): WebhookAttempt[] {
    return this.sender?.log() ?? [];
  }

  /** Resolves when no webhook delivery is running or scheduled. */
  async webhooksIdle(): Promise<void> {
    await this.sender?.idle();
  }

  async close(): Promise<void> {
    await this.sender?.close();
    await this.server.close();
  }
}
