import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  OdooSimulator,
  type OdooFaults,
  type OdooVersion,
} from '../../connectors/odoo/simulator/odoo-simulator';
import { createHub, type Hub } from '../../src/app/create-hub';
import { loadEnv, loadPoshubConfig } from '../../src/config';
import { FakePosServer } from '../fakes/fake-pos/fake-pos.server';
import {
  ADMIN_TOKEN,
  createTestDatabase,
  deleteRedisPrefix,
  REDIS_URL,
  SECRET_KEY,
  uniqueSuffix,
  type TestDatabase,
} from './test-env';

/** Tax the fake POS charges on USD sales (see fake-pos.generator.ts TAX_RULES). */
export const FAKE_POS_USD_TAX = { name: 'NY sales tax', rate: 8.875 } as const;

/** Options of {@link OdooHub.start}. */
export interface OdooHubOptions {
  /** What the simulator reports as its version; the connector picks JSON-RPC below 19, JSON-2 from 19. */
  readonly version: OdooVersion;
  /** Delivery retry policy. */
  readonly attempts: number;
  readonly backoffMs: number;
  readonly maxBackoffMs: number;
  /** What a POS sale becomes in Odoo (default sale.order); refunds are always credit notes. */
  readonly documentType?: 'sale.order' | 'account.move';
  /** Faults the simulator injects from the hub's first call on. */
  readonly faults?: OdooFaults;
  /** Deliveries one worker runs at once (POSHUB_WORKER_CONCURRENCY, default 8). */
  readonly concurrency?: number;
  /** Seed of the fake POS data (default 7). */
  readonly posSeed?: number;
  /** Posting policy of the sales route (YAML flow mapping of its `posting`; default per sale). */
  readonly posting?: string;
  /** POSHUB_RELAY_INTERVAL_MS (default the hub's); daily summaries close on the relay's tick. */
  readonly relayIntervalMs?: number;
}

const idOf = (sim: OdooSimulator, model: string, field: string, value: unknown): string => {
  const row = sim.records(model).find((r) => r[field] === value);
  if (!row || typeof row.id !== 'number')
    throw new Error(`simulator has no ${model} ${field}=${String(value)}`);
  return String(row.id);
};

const m2oId = (value: unknown): string => String(Array.isArray(value) ? value[0] : value);

/**
 * Adds what a real Odoo database of a New York coffee shop would hold and the simulator's seed does
 * not (the 8.875 % sales tax, service products for order-level charges), and returns the `lookups:`
 * YAML lines pointing the fake POS's stores, tax, tenders and charges at them.
 */
function prepareOdoo(sim: OdooSimulator): string[] {
  const tax = sim.insert('account.tax', {
    name: FAKE_POS_USD_TAX.name,
    amount: FAKE_POS_USD_TAX.rate,
    type_tax_use: 'sale',
    price_include: false,
  });
  const service = (name: string, code: string) =>
    sim.insert('product.product', { name, default_code: code, list_price: 0, type: 'service' });
  const products = {
    'service-charge': service('POS service charge', 'POS-SERVICE'),
    tip: service('POS tip', 'POS-TIP'),
    discount: service('POS order discount', 'POS-DISCOUNT'),
    tax: service('POS order tax', 'POS-TAX'),
  };
  const warehouse = (code: string) => idOf(sim, 'stock.warehouse', 'code', code);
  const lotStock = (code: string) =>
    m2oId(sim.records('stock.warehouse').find((w) => w.code === code)!.lot_stock_id);
  const table = (name: string, entries: Record<string, string | number>) => [
    `  ${name}:`,
    ...Object.entries(entries).map(([key, value]) => `    "${key}": "${String(value)}"`),
  ];
  return [
    'lookups:',
    ...table('odoo-taxes', { [FAKE_POS_USD_TAX.name]: tax }),
    ...table('odoo-warehouses', { S1: warehouse('WH1'), S2: warehouse('WH2') }),
    ...table('odoo-locations', { S1: lotStock('WH1'), S2: lotStock('WH2') }),
    ...table('odoo-journals', {
      cash: idOf(sim, 'account.journal', 'code', 'CSH'),
      card: idOf(sim, 'account.journal', 'code', 'BNK'),
      wallet: idOf(sim, 'account.journal', 'code', 'BNK'),
    }),
    ...table('odoo-products', products),
  ];
}

/**
 * A complete hub (real Redis under its own prefix, SQLite temp file) pulling a fake POS's
 * transactions and customers and delivering them to an Odoo simulator: customers → `customer`,
 * transactions → `transaction`, the transport left to the connector's version detection.
 */
export class OdooHub {
  private constructor(
    readonly pos: FakePosServer,
    readonly sim: OdooSimulator,
    readonly hub: Hub,
    private readonly database: TestDatabase,
    private readonly prefix: string,
    private readonly dir: string,
  ) {}

  /** Starts the fake POS and the simulator; `seedPos` fills the POS before the hub starts pulling. */
  static async start(options: OdooHubOptions, seedPos: (pos: FakePosServer) => void): Promise<OdooHub> {
    const pos = await FakePosServer.start({ seed: options.posSeed ?? 7 });
    const sim = await OdooSimulator.start({ version: options.version, seed: 3 });
    const database = await createTestDatabase('sqlite');
    const dir = mkdtempSync(join(tmpdir(), 'poshub-odoo-'));
    const prefix = `t${uniqueSuffix()}`;
    try {
      seedPos(pos);
      const configPath = join(dir, 'poshub.yaml');
      writeFileSync(
        configPath,
        [
          'connections:',
          '  pos:',
          '    connector: fake-pos',
          `    config: { baseUrl: "${pos.url}", apiKey: "\${FAKE_POS_KEY}", pageSize: 100 }`,
          '  odoo:',
          '    connector: odoo',
          '    config:',
          `      baseUrl: "${sim.url}"`,
          `      database: "${sim.db}"`,
          `      login: "${sim.login}"`,
          '      apiKey: "${ODOO_API_KEY}"',
          `      documentType: ${options.documentType ?? 'sale.order'}`,
          '      createMissingProducts: true',
          // The manifest's 20 requests/s protects a real Odoo; the simulator needs no protection.
          '    rateLimit: { requestsPerSecond: 5000, burst: 5000 }',
          'routes:',
          '  - id: customers-to-odoo',
          '    source: { connection: pos, stream: customers }',
          '    destination: { connection: odoo, entity: customer }',
          '  - id: sales-to-odoo',
          '    source: { connection: pos, stream: transactions }',
          '    destination: { connection: odoo, entity: transaction }',
          ...(options.posting ? [`    posting: ${options.posting}`] : []),
          'schedules:',
          '  - { connection: pos, stream: customers, every: 500ms }',
          '  - { connection: pos, stream: transactions, every: 500ms }',
          'delivery:',
          `  attempts: ${options.attempts}`,
          `  backoffMs: ${options.backoffMs}`,
          `  maxBackoffMs: ${options.maxBackoffMs}`,
          ...prepareOdoo(sim),
          '',
        ].join('\n'),
      );
      if (options.faults) sim.setFaults(options.faults);
      const processEnv = {
        REDIS_URL,
        DATABASE_URL: database.url,
        PORT: '0',
        POSHUB_ADMIN_TOKEN: ADMIN_TOKEN,
        POSHUB_SECRET_KEY: SECRET_KEY,
        LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
        POSHUB_QUEUE_PREFIX: prefix,
        POSHUB_LOCK_DURATION_MS: '5000',
        POSHUB_WORKER_CONCURRENCY: String(options.concurrency ?? 8),
        FAKE_POS_KEY: pos.apiKey,
        ODOO_API_KEY: sim.apiKey,
        ...(options.relayIntervalMs ? { POSHUB_RELAY_INTERVAL_MS: String(options.relayIntervalMs) } : {}),
      };
      const hub = await createHub({
        env: loadEnv(processEnv),
        config: loadPoshubConfig(configPath, { env: processEnv }),
        role: 'all',
        listen: false,
      });
      return new OdooHub(pos, sim, hub, database, prefix, dir);
    } catch (err) {
      await Promise.allSettled([pos.close(), sim.close()]);
      await deleteRedisPrefix(prefix).catch(() => undefined);
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
      throw err;
    }
  }

  get ledger(): Hub['ledger'] {
    return this.hub.ledger;
  }

  async close(): Promise<void> {
    await this.hub.close().catch(() => undefined);
    await Promise.allSettled([this.pos.close(), this.sim.close()]);
    await deleteRedisPrefix(this.prefix).catch(() => undefined);
    await this.database.drop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
