import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepareOdooCatalogue } from '../../connectors/odoo/simulator/odoo-catalogue';
import { lookupsYaml } from '../../scripts/demo/config-yaml';
import {
  OdooSimulator,
  type OdooFaults,
  type OdooVersion,
} from '../../connectors/odoo/simulator/odoo-simulator';
import { createHub, type Hub } from '../../src/app/create-hub';
import { loadEnv, loadPoshubConfig } from '../../src/config';
import { FakePosServer } from '../fakes/fake-pos/fake-pos.server';
import {
  createTestDatabase,
  deleteRedisPrefix,
  hubProcessEnv,
  type TestDatabase,
  uniqueSuffix,
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

/**
 * Prepares the simulator like the Odoo database of a New York coffee shop (the 8.875 % sales tax,
 * service products for order-level charges; no stock) and returns the `lookups:` YAML lines
 * pointing the fake POS's stores (S1, S2), tax, tenders and charges at it.
 */
function odooLookupsYaml(sim: OdooSimulator): string[] {
  const { lookups } = prepareOdooCatalogue(sim, {
    warehouses: { S1: 'WH1', S2: 'WH2' },
    taxes: [
      {
        name: FAKE_POS_USD_TAX.name,
        rate: FAKE_POS_USD_TAX.rate,
        included: false,
        lookupKey: FAKE_POS_USD_TAX.name,
      },
    ],
    journals: { cash: 'CSH', card: 'BNK', wallet: 'BNK' },
  });
  return [...lookupsYaml(lookups)];
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
          ...odooLookupsYaml(sim),
          '',
        ].join('\n'),
      );
      if (options.faults) sim.setFaults(options.faults);
      const processEnv = {
        ...hubProcessEnv(database.url, prefix),
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
