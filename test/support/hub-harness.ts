import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHub, type Hub } from '../../src/app/create-hub';
import type { Role } from '../../src/app/role';
import { loadEnv, loadPoshubConfig, type Env } from '../../src/config';
import { Ledger, openDatabase, SecretBox } from '../../src/ledger';
import { FakeErpServer } from '../fakes/fake-erp/fake-erp.server';
import { FakePosServer } from '../fakes/fake-pos/fake-pos.server';
import {
  ADMIN_TOKEN,
  createTestDatabase,
  deleteRedisPrefix,
  REDIS_URL,
  SECRET_KEY,
  TestDatabase,
  TestDialect,
  uniqueSuffix,
  waitUntil,
} from './test-env';

export interface HarnessOptions {
  readonly dialect: TestDialect;
  /** How often the scheduler pulls the POS (default 500ms). */
  readonly pullEvery?: string;
  /** Delivery retry policy (small backoff keeps fault tests short). */
  readonly attempts?: number;
  readonly backoffMs?: number;
  readonly maxBackoffMs?: number;
  readonly lockDurationMs?: number;
  readonly relayIntervalMs?: number;
  readonly concurrency?: number;
  /** A private Redis for tests that flush or restart it; default the shared one. */
  readonly redisUrl?: string;
  /** Also route POS customers to the ERP (sales then reference the ERP customer). */
  readonly withCustomers?: boolean;
  /** The key poshub presents to the ERP; default the right one. */
  readonly erpApiKey?: string;
  /** Accept signed fake-POS webhooks with this secret. */
  readonly webhookSecret?: string;
  /** Post sales to the ERP as daily summaries (YAML flow mapping of the route's `posting`). */
  readonly posting?: string;
}

/**
 * A complete hub wired to fresh fake POS/ERP servers, its own database (SQLite temp file or a
 * PostgreSQL schema) and its own Redis prefix. The config file is real YAML on disk, so a hub in
 * a child process can be started from the same files.
 */
export class HubHarness {
  hub?: Hub;
  private ledgerView?: Ledger;
  /** The ERP key hubs started from now on present (an operator fixing the credentials). */
  erpApiKey?: string;

  private constructor(
    readonly options: HarnessOptions,
    readonly pos: FakePosServer,
    readonly erp: FakeErpServer,
    readonly database: TestDatabase,
    readonly prefix: string,
    readonly dir: string,
    readonly configPath: string,
  ) {
    this.erpApiKey = options.erpApiKey;
  }

  static async create(options: HarnessOptions): Promise<HubHarness> {
    const pos = await FakePosServer.start({ seed: 7 });
    const erp = await FakeErpServer.start();
    const database = await createTestDatabase(options.dialect);
    const dir = mkdtempSync(join(tmpdir(), 'poshub-hub-'));
    const configPath = join(dir, 'poshub.yaml');
    writeFileSync(
      configPath,
      [
        'connections:',
        '  pos:',
        '    connector: fake-pos',
        `    config: { baseUrl: "${pos.url}", apiKey: "\${FAKE_POS_KEY}", pageSize: 100${
          options.webhookSecret ? `, webhookSecret: "${options.webhookSecret}"` : ''
        } }`,
        '  erp:',
        '    connector: fake-erp',
        `    config: { baseUrl: "${erp.url}", apiKey: "\${FAKE_ERP_KEY}" }`,
        '    rateLimit: { requestsPerSecond: 2000, burst: 2000 }',
        'routes:',
        '  - id: sales-to-erp',
        '    source: { connection: pos, stream: transactions }',
        '    destination: { connection: erp, entity: invoice }',
        ...(options.posting ? [`    posting: ${options.posting}`] : []),
        ...(options.withCustomers
          ? [
              '  - id: customers-to-erp',
              '    source: { connection: pos, stream: customers }',
              '    destination: { connection: erp, entity: customer }',
            ]
          : []),
        'schedules:',
        `  - { connection: pos, stream: transactions, every: ${options.pullEvery ?? '500ms'} }`,
        ...(options.withCustomers
          ? [`  - { connection: pos, stream: customers, every: ${options.pullEvery ?? '500ms'} }`]
          : []),
        'delivery:',
        `  attempts: ${options.attempts ?? 20}`,
        `  backoffMs: ${options.backoffMs ?? 50}`,
        `  maxBackoffMs: ${options.maxBackoffMs ?? 1000}`,
        '',
      ].join('\n'),
    );
    return new HubHarness(options, pos, erp, database, `t${uniqueSuffix()}`, dir, configPath);
  }

  /** Environment variables of a hub process for this harness. */
  processEnv(role: Role, port = 0): NodeJS.ProcessEnv {
    return {
      REDIS_URL: this.options.redisUrl ?? REDIS_URL,
      DATABASE_URL: this.database.url,
      PORT: String(port),
      POSHUB_ROLE: role,
      POSHUB_ADMIN_TOKEN: ADMIN_TOKEN,
      POSHUB_SECRET_KEY: SECRET_KEY,
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      POSHUB_CONFIG: this.configPath,
      POSHUB_QUEUE_PREFIX: this.prefix,
      POSHUB_LOCK_DURATION_MS: String(this.options.lockDurationMs ?? 5000),
      POSHUB_RELAY_INTERVAL_MS: String(this.options.relayIntervalMs ?? 60_000),
      POSHUB_WORKER_CONCURRENCY: String(this.options.concurrency ?? 8),
      FAKE_POS_KEY: this.pos.apiKey,
      FAKE_ERP_KEY: this.erpApiKey ?? this.erp.apiKey,
    };
  }

  env(role: Role = 'all'): Env {
    return loadEnv(this.processEnv(role));
  }

  /** Starts the hub in this process (HTTP app initialised for supertest, not listening). */
  async start(role: Role = 'all'): Promise<Hub> {
    const processEnv = this.processEnv(role);
    const env = loadEnv(processEnv);
    const config = loadPoshubConfig(this.configPath, { env: processEnv });
    this.hub = await createHub({ env, config, role, listen: false });
    return this.hub;
  }

  async stop(): Promise<void> {
    await this.hub?.close();
    this.hub = undefined;
  }

  /** A ledger handle of its own, for assertions while hubs come and go. */
  async ledger(): Promise<Ledger> {
    if (!this.ledgerView) {
      this.ledgerView = new Ledger(await openDatabase(this.database.url), SecretBox.fromKey(SECRET_KEY));
    }
    return this.ledgerView;
  }

  /** Waits until `count` deliveries are done, failing early with the ledger's view. */
  async waitForDone(count: number, timeoutMs: number): Promise<void> {
    const ledger = await this.ledger();
    await waitUntil(async () => (await ledger.deliveries.countByStatus()).done >= count, {
      timeoutMs,
      intervalMs: 250,
      describe: async () =>
        `deliveries: ${JSON.stringify(await ledger.deliveries.countByStatus())}, erp invoices: ${this.erp.invoices().length}`,
    });
  }

  async close(): Promise<void> {
    await this.stop().catch(() => undefined);
    await this.ledgerView?.close();
    await this.pos.close();
    await this.erp.close();
    await deleteRedisPrefix(this.prefix, this.options.redisUrl ?? REDIS_URL).catch(() => undefined);
    await this.database.drop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
