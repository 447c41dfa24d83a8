import type { OdooSimulator } from '../../connectors/odoo/simulator/odoo-simulator';
import { squareCall } from '../../connectors/square/simulator/sim-test.client';
import type { SquareOrder, SquareSimulator } from '../../connectors/square/simulator/square-simulator';

/** How many ticks generation is spread over, and their interval. */
const TICKS = 25;
const TICK_MS = 400;
/** One transaction in this many is a refund (a return of an earlier sale). */
const REFUND_EVERY = 11;
/** Units of a few SKUs an Odoo goods receipt adds, and at which ticks receipts happen. */
const RECEIPT_UNITS = 24;
const RECEIPT_TICKS = new Set([Math.floor(TICKS / 3), Math.floor((2 * TICKS) / 3), TICKS - 1]);

/** What the shop did so far. */
export interface Traffic {
  readonly orders: readonly SquareOrder[];
  readonly receipts: number;
  readonly done: boolean;
}

/**
 * A shop's day, compressed: every tick Square rings up a batch of sales (some with customers) and
 * returns of earlier ones, moves its own stock for them, and now and then Odoo receives goods.
 * Exactly `total` transactions in all.
 */
export class TrafficGenerator {
  private readonly orders: SquareOrder[] = [];
  private receipts = 0;
  private tick = 0;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  /** Size of Square's customer directory (about 40 % of the generator's sales name a buyer). */
  private readonly customers: number;

  constructor(
    private readonly square: SquareSimulator,
    private readonly odoo: OdooSimulator,
    private readonly stockLocations: Readonly<Record<string, string>>,
    private readonly skus: readonly string[],
    private readonly total: number,
  ) {
    this.customers = Math.max(10, Math.ceil(total / 10));
  }

  /**
   * What the shop has before poshub's first read: its customer directory (sales pick buyers from
   * it) and the first batch of sales. The generator spreads a first batch back in time; once
   * poshub reads, new orders must be recent, since Square's windows overlap by minutes, not hours.
   */
  async prefill(): Promise<void> {
    this.square.generateOrders(0, { customers: this.customers });
    await this.step();
  }

  start(onError: (error: Error) => void): void {
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.step()
        .catch(onError)
        .finally(() => (this.running = undefined));
    }, TICK_MS);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  state(): Traffic {
    return { orders: this.orders, receipts: this.receipts, done: this.orders.length >= this.total };
  }

  private async step(): Promise<void> {
    const left = this.total - this.orders.length;
    if (left <= 0) return void clearInterval(this.timer);
    const size = Math.min(left, Math.ceil(this.total / TICKS));
    // Refunds keep pace with sales (returns need earlier sales, so none in the first batch).
    const refundsSoFar = this.orders.filter((o) => o.returns).length;
    const refundsDue = Math.floor((this.orders.length + size) / REFUND_EVERY) - refundsSoFar;
    const refunds = this.tick === 0 ? 0 : Math.max(0, Math.min(size - 1, refundsDue));
    const sales = size - refunds;
    const batch = this.square.generateOrders(sales, {
      refundRatio: refunds / sales,
      customers: this.customers,
    });
    this.orders.push(...batch);
    await this.applyToSquareStock(batch);
    if (RECEIPT_TICKS.has(this.tick)) this.receiveGoods();
    this.tick += 1;
  }

  /** Square takes sold items out of IN_STOCK (returns put them back): its generator leaves stock alone. */
  private async applyToSquareStock(orders: readonly SquareOrder[]): Promise<void> {
    const changes = orders.flatMap((order) => {
      const returned = order.returns?.flatMap((r) => r.return_line_items) ?? [];
      const lines = returned.length > 0 ? returned : (order.line_items ?? []);
      return lines.map((line) => ({
        type: 'ADJUSTMENT',
        adjustment: {
          catalog_object_id: line.catalog_object_id,
          location_id: order.location_id,
          from_state: returned.length > 0 ? 'SOLD' : 'IN_STOCK',
          to_state: returned.length > 0 ? 'IN_STOCK' : 'SOLD',
          quantity: line.quantity,
          occurred_at: order.created_at,
        },
      }));
    });
    for (let i = 0; i < changes.length; i += 100) {
      const res = await squareCall(this.square, 'POST', '/v2/inventory/changes/batch-create', {
        idempotency_key: `demo-sales-${this.tick}-${i}`,
        changes: changes.slice(i, i + 100),
      });
      if (res.status !== 200)
        throw new Error(`Square refused the sales' stock moves: ${JSON.stringify(res.body)}`);
    }
  }

  /** A goods receipt in Odoo: a few SKUs arrive at the first location's warehouse. */
  private receiveGoods(): void {
    const location = Number(Object.values(this.stockLocations)[0]);
    const offset = (this.receipts * 3) % Math.max(1, this.skus.length);
    for (const sku of this.skus.slice(offset, offset + 3))
      this.odoo.receiveStock(sku, location, RECEIPT_UNITS);
    this.receipts += 1;
  }
}
