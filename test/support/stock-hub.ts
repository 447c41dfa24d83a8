import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OdooSimulator } from '../../connectors/odoo/simulator/odoo-simulator';
import { SquareSimulator, type SquareOrder } from '../../connectors/square/simulator/square-simulator';
import { squareCall } from '../../connectors/square/simulator/sim-test.client';
import { lookupsYaml } from '../../scripts/demo/config-yaml';
import { prepareOdooForSquare, type Lookups } from '../../scripts/demo/odoo-setup';
import { createHub, type Hub } from '../../src/app/create-hub';
import { addQuantity, subtractQuantity } from '../../src/canonical/quantity';
import { loadEnv, loadPoshubConfig } from '../../src/config';
import { PullService } from '../../src/pipeline/pull.service';
import { QueueService } from '../../src/queue/queue.service';
import { deliverQueueName } from '../../src/queue/queue-names';
import {
  createTestDatabase,
  deleteRedisPrefix,
  hubProcessEnv,
  type TestDatabase,
  type TestDialect,
  uniqueSuffix,
  waitUntil,
} from './test-env';

/** Options of {@link StockHub.start}. */
export interface StockHubOptions {
  readonly owner: 'erp' | 'pos';
  readonly dialect?: TestDialect;
  /** What every Square variation starts with in each Odoo warehouse. */
  readonly initialErpQuantity?: number;
  /** `lowStock:` YAML flow mapping of the stock section, if any. */
  readonly lowStock?: string;
  /**
   * Both Square locations map to warehouse WH1 (its stock location and its sale orders): the
   * POS-owned case of several shops summed into one ERP location. Default: one to one.
   */
  readonly sharedLocation?: boolean;
  /**
   * `posting:` YAML flow mapping of the Square → Odoo sales route (default: per-sale), e.g.
   * `{ policy: daily-summary, timezone: UTC, closeAfter: 1h, settleAfter: 1s }`.
   */
  readonly salesPosting?: string;
  /** POSHUB_RELAY_INTERVAL_MS (default the hub's); daily summaries close on the relay's tick. */
  readonly relayIntervalMs?: number;
}

/** `<sku>@<square location>` → quantity. */
export type Figures = Map<string, string>;

/**
 * Square POS + Odoo ERP + a hub (real Redis under its own prefix, SQLite file or PostgreSQL
 * schema) with Square sales posted to Odoo (one by one unless `salesPosting` says otherwise) and a
 * `stock:` sync in either direction.
 * Nothing is scheduled: tests pull each stream when the scenario says so.
 */
export class StockHub {
  private constructor(
    readonly square: SquareSimulator,
    readonly odoo: OdooSimulator,
    readonly hub: Hub,
    /** Square variation id → SKU (also the Odoo product's default_code). */
    readonly skus: ReadonlyMap<string, string>,
    /** Square location id → Odoo stock.location id. */
    readonly stockLocations: ReadonlyMap<string, number>,
    private readonly database: TestDatabase,
    private readonly prefix: string,
    private readonly dir: string,
  ) {}

  static async start(options: StockHubOptions): Promise<StockHub> {
    // Sales rung up at Square take their items out of its counts, as in a real shop.
    const square = await SquareSimulator.start({ seed: 11, salesMoveStock: true });
    const odoo = await OdooSimulator.start({ version: '17.0', seed: 4 });
    const database = await createTestDatabase(options.dialect ?? 'sqlite');
    const dir = mkdtempSync(join(tmpdir(), 'poshub-stock-'));
    const prefix = `t${uniqueSuffix()}`;
    try {
      const { lookups, skus, stockLocations } = prepareOdooForSquare(odoo, square, {
        initialQuantity: options.initialErpQuantity ?? 500,
        warehouses: options.sharedLocation ? ['WH1', 'WH1'] : ['WH1', 'WH2'],
      });
      const configPath = join(dir, 'poshub.yaml');
      writeFileSync(configPath, configYaml(square, odoo, options, lookups));
      const processEnv = {
        ...hubProcessEnv(database.url, prefix),
        POSHUB_LOCK_DURATION_MS: '5000',
        SQUARE_TOKEN: square.accessToken,
        ODOO_API_KEY: odoo.apiKey,
        ...(options.relayIntervalMs ? { POSHUB_RELAY_INTERVAL_MS: String(options.relayIntervalMs) } : {}),
      };
      const hub = await createHub({
        env: loadEnv(processEnv),
        config: loadPoshubConfig(configPath, { env: processEnv }),
        role: 'all',
        listen: false,
      });
      return new StockHub(square, odoo, hub, skus, stockLocations, database, prefix, dir);
    } catch (err) {
      await Promise.allSettled([square.close(), odoo.close()]);
      await deleteRedisPrefix(prefix).catch(() => undefined);
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
      throw err;
    }
  }

  get ledger(): Hub['ledger'] {
    return this.hub.ledger;
  }

  /** Pulls one stream to its end, in this process (the deliveries it creates go to the queues). */
  pull(connection: 'square' | 'odoo', stream: string) {
    return this.hub.app.get(PullService).pull(connection, stream);
  }

  /** Holds (or releases) every delivery to `connection`: its queue stops handing out jobs. */
  async hold(connection: 'square' | 'odoo', held: boolean): Promise<void> {
    const queue = this.hub.app.get(QueueService).queue(deliverQueueName(connection));
    await (held ? queue.pause() : queue.resume());
  }

  /** Waits until no delivery to `destination` is pending. */
  async settle(destination?: string, timeoutMs = 90_000): Promise<void> {
    await waitUntil(
      async () => {
        const pending = await this.ledger.deliveries.list({ status: 'pending', limit: 500 });
        return !pending.items.some((d) => !destination || d.destinationConnectionId === destination);
      },
      {
        timeoutMs,
        intervalMs: 200,
        describe: async () =>
          `deliveries ${JSON.stringify(await this.ledger.deliveries.countByStatus())}; ` +
          JSON.stringify(await this.ledger.deliveries.errorsGroupedByReason({ limit: 3 })),
      },
    );
  }

  /** A goods receipt at the store: Square moves `quantity` of `sku` from NONE into IN_STOCK now. */
  async receiveAtSquare(sku: string, squareLocation: string, quantity: number): Promise<void> {
    const variation = [...this.skus].find(([, s]) => s === sku)?.[0];
    if (!variation) throw new Error(`no Square variation with SKU ${sku}`);
    const res = await squareCall(this.square, 'POST', '/v2/inventory/changes/batch-create', {
      idempotency_key: `receipt-${uniqueSuffix()}`,
      changes: [
        {
          type: 'ADJUSTMENT',
          adjustment: {
            catalog_object_id: variation,
            location_id: squareLocation,
            from_state: 'NONE',
            to_state: 'IN_STOCK',
            quantity: String(quantity),
            occurred_at: new Date().toISOString(),
          },
        },
      ],
    });
    if (res.status !== 200) throw new Error(`square refused the receipt: ${JSON.stringify(res.body)}`);
  }

  /** Square's IN_STOCK counts of the variations Odoo knows, by `<sku>@<location>`. */
  squareCounts(): Figures {
    const figures: Figures = new Map();
    for (const c of this.square.inventoryCounts()) {
      const sku = this.skus.get(c.catalog_object_id);
      if (c.state === 'IN_STOCK' && sku) figures.set(`${sku}@${c.location_id}`, c.quantity);
    }
    return figures;
  }

  /** Odoo's on-hand quantity of the same SKUs in the stock location of each mapped Square location. */
  odooCounts(): Figures {
    const sku = new Map(this.odoo.records('product.product').map((p) => [p.id, p.default_code]));
    const squareOf = new Map([...this.stockLocations].map(([square, odoo]) => [odoo, square]));
    const figures: Figures = new Map();
    for (const q of this.odoo.records('stock.quant')) {
      const code = sku.get((q.product_id as [number])[0]);
      const location = squareOf.get((q.location_id as [number])[0]);
      if (typeof code !== 'string' || !location || ![...this.skus.values()].includes(code)) continue;
      const key = `${code}@${location}`;
      figures.set(key, addQuantity(figures.get(key) ?? '0', String(q.quantity)));
    }
    return figures;
  }

  /** Square's IN_STOCK counts summed per `<sku>@<odoo stock.location id>` over the mapped locations. */
  squareByOdooLocation(): Figures {
    const figures: Figures = new Map();
    for (const c of this.square.inventoryCounts()) {
      const sku = this.skus.get(c.catalog_object_id);
      const location = this.stockLocations.get(c.location_id);
      if (c.state !== 'IN_STOCK' || !sku || location === undefined) continue;
      const key = `${sku}@${location}`;
      figures.set(key, addQuantity(figures.get(key) ?? '0', c.quantity));
    }
    return figures;
  }

  /** Odoo's on-hand quantity per `<sku>@<odoo stock.location id>` of the mapped stock locations. */
  odooByLocation(): Figures {
    const sku = new Map(this.odoo.records('product.product').map((p) => [p.id, p.default_code]));
    const mapped = new Set(this.stockLocations.values());
    const skus = new Set(this.skus.values());
    const figures: Figures = new Map();
    for (const q of this.odoo.records('stock.quant')) {
      const code = sku.get((q.product_id as [number])[0]);
      const location = (q.location_id as [number])[0];
      if (typeof code !== 'string' || !skus.has(code) || !mapped.has(location)) continue;
      const key = `${code}@${location}`;
      figures.set(key, addQuantity(figures.get(key) ?? '0', String(q.quantity)));
    }
    return figures;
  }

  /** Net quantity `orders` took out per `<sku>@<location>` (returns put back). */
  netSold(orders: readonly SquareOrder[]): Figures {
    const sold: Figures = new Map();
    for (const order of orders) {
      const returned = order.returns?.flatMap((r) => r.return_line_items) ?? [];
      const lines = returned.length > 0 ? returned : (order.line_items ?? []);
      for (const line of lines) {
        const key = `${this.skus.get(line.catalog_object_id)}@${order.location_id}`;
        const before = sold.get(key) ?? '0';
        sold.set(
          key,
          returned.length > 0 ? subtractQuantity(before, line.quantity) : addQuantity(before, line.quantity),
        );
      }
    }
    return sold;
  }

  async close(): Promise<void> {
    await this.hub.close().catch(() => undefined);
    await Promise.allSettled([this.square.close(), this.odoo.close()]);
    await deleteRedisPrefix(this.prefix).catch(() => undefined);
    await this.database.drop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Square lines carry the variation id; Odoo finds products by SKU, which the lookup gives back. */
const LINES_WITH_SKUS =
  "[$map($output.lines, function($l) { $merge([$l, { 'product': $merge([$l.product, " +
  "$lookupKey('squareVariationsBySku', $l.product.externalId, null) " +
  "? { 'sku': $lookupKey('squareVariationsBySku', $l.product.externalId, null) } : {}]) }]) })]";

function configYaml(
  square: SquareSimulator,
  odoo: OdooSimulator,
  options: StockHubOptions,
  lookups: Lookups,
): string {
  const [from, to, entity] =
    options.owner === 'erp' ? ['odoo', 'square', 'stock'] : ['square', 'odoo', 'stock'];
  return [
    'connections:',
    '  square:',
    '    connector: square',
    '    config:',
    '      accessToken: "${SQUARE_TOKEN}"',
    `      baseUrl: "${square.url}"`,
    `      locationIds: ${JSON.stringify(square.locationIds)}`,
    '      pageSize: 200',
    '    overrides:',
    `      transactions: { lines: ${JSON.stringify(LINES_WITH_SKUS)} }`,
    '  odoo:',
    '    connector: odoo',
    '    config:',
    `      baseUrl: "${odoo.url}"`,
    `      database: "${odoo.db}"`,
    `      login: "${odoo.login}"`,
    '      apiKey: "${ODOO_API_KEY}"',
    '      documentType: sale.order',
    '    rateLimit: { requestsPerSecond: 5000, burst: 5000 }',
    'routes:',
    '  - id: sales-to-odoo',
    '    source: { connection: square, stream: transactions }',
    '    destination: { connection: odoo, entity: transaction }',
    ...(options.salesPosting ? [`    posting: ${options.salesPosting}`] : []),
    '  - id: stock-sync',
    `    source: { connection: ${from}, stream: stock-sync }`,
    `    destination: { connection: ${to}, entity: ${entity} }`,
    'stock:',
    `  owner: ${options.owner}`,
    '  erp: odoo',
    '  pos: square',
    '  locations: odoo-locations',
    '  products: squareVariationsBySku',
    ...(options.lowStock ? [`  lowStock: ${options.lowStock}`] : []),
    'delivery: { attempts: 5, backoffMs: 50, maxBackoffMs: 500 }',
    ...lookupsYaml(lookups),
    '',
  ].join('\n');
}
