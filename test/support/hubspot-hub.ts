import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HubSpotSimulator, type HubSpotLimits } from '../../connectors/hubspot/simulator/hubspot-simulator';
import { createHub, type Hub } from '../../src/app/create-hub';
import { loadEnv, loadPoshubConfig } from '../../src/config';
import { Ledger, openDatabase, SecretBox } from '../../src/ledger';
import { FakePosServer } from '../fakes/fake-pos/fake-pos.server';
import {
  ADMIN_TOKEN,
  createTestDatabase,
  deleteRedisPrefix,
  REDIS_URL,
  SECRET_KEY,
  uniqueSuffix,
  type TestDatabase,
  type TestDialect,
} from './test-env';

/** The public URL HubSpot is told to post webhooks to (signatures cover it). */
export const HUBSPOT_WEBHOOK_URL = 'https://hub.example.com/webhooks/crm';

/** Options of {@link HubSpotHub.start}. */
export interface HubSpotHubOptions {
  readonly dialect: TestDialect;
  /** The simulator's account limits (default HubSpot Free/Starter: 100 per 10 s). */
  readonly limits?: HubSpotLimits;
  /** How the CRM shows refunds (default negative line items on the sale's deal). */
  readonly refundPolicy?: 'negative-line-items' | 'refund-deal';
  /** Also route the POS's buying behaviour to the contacts (default true). */
  readonly behaviour?: boolean;
  readonly concurrency?: number;
}

/**
 * A hub in this process that reads the fake POS (sales and customers) and writes to a HubSpot
 * simulator: customers → contacts, sales → deals with line items, buying behaviour → contact
 * properties. Own database, Redis prefix and config file.
 */
export class HubSpotHub {
  hub?: Hub;
  private ledgerView?: Ledger;

  private constructor(
    readonly options: HubSpotHubOptions,
    readonly pos: FakePosServer,
    readonly sim: HubSpotSimulator,
    readonly database: TestDatabase,
    readonly prefix: string,
    readonly dir: string,
    readonly configPath: string,
  ) {}

  static async create(options: HubSpotHubOptions): Promise<HubSpotHub> {
    const pos = await FakePosServer.start({ seed: 11 });
    const sim = await HubSpotSimulator.start({ seed: 5, limits: options.limits });
    const database = await createTestDatabase(options.dialect);
    const dir = mkdtempSync(join(tmpdir(), 'poshub-hubspot-'));
    const configPath = join(dir, 'poshub.yaml');
    const behaviour = options.behaviour ?? true;
    writeFileSync(
      configPath,
      [
        'connections:',
        '  pos:',
        '    connector: fake-pos',
        `    config: { baseUrl: "${pos.url}", apiKey: "\${FAKE_POS_KEY}", pageSize: 100 }`,
        '  crm:',
        '    connector: hubspot',
        '    config:',
        `      baseUrl: "${sim.url}"`,
        '      accessToken: "${HUBSPOT_TOKEN}"',
        '      clientSecret: "${HUBSPOT_CLIENT_SECRET}"',
        `      webhookUrl: "${HUBSPOT_WEBHOOK_URL}"`,
        `      refundPolicy: ${options.refundPolicy ?? 'negative-line-items'}`,
        'routes:',
        '  - id: customers-to-crm',
        '    source: { connection: pos, stream: customers }',
        '    destination: { connection: crm, entity: contact }',
        '  - id: sales-to-crm',
        '    source: { connection: pos, stream: transactions }',
        '    destination: { connection: crm, entity: deal }',
        ...(behaviour
          ? [
              '  - id: behaviour-to-crm',
              '    source: { connection: pos, stream: customer-behaviour }',
              '    destination: { connection: crm, entity: contact_behaviour }',
            ]
          : []),
        'schedules:',
        '  - { connection: pos, stream: customers, every: 500ms }',
        '  - { connection: pos, stream: transactions, every: 500ms }',
        'delivery:',
        '  attempts: 10',
        '  backoffMs: 100',
        '  maxBackoffMs: 2000',
        '',
      ].join('\n'),
    );
    return new HubSpotHub(options, pos, sim, database, `t${uniqueSuffix()}`, dir, configPath);
  }

  processEnv(): NodeJS.ProcessEnv {
    return {
      REDIS_URL,
      DATABASE_URL: this.database.url,
      PORT: '0',
      POSHUB_ROLE: 'all',
      POSHUB_ADMIN_TOKEN: ADMIN_TOKEN,
      POSHUB_SECRET_KEY: SECRET_KEY,
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      POSHUB_CONFIG: this.configPath,
      POSHUB_QUEUE_PREFIX: this.prefix,
      POSHUB_LOCK_DURATION_MS: '10000',
      POSHUB_WORKER_CONCURRENCY: String(this.options.concurrency ?? 8),
      FAKE_POS_KEY: this.pos.apiKey,
      HUBSPOT_TOKEN: this.sim.accessToken,
      HUBSPOT_CLIENT_SECRET: this.sim.clientSecret,
    };
  }

  async start(): Promise<Hub> {
    const processEnv = this.processEnv();
    const env = loadEnv(processEnv);
    const config = loadPoshubConfig(this.configPath, { env: processEnv });
    this.hub = await createHub({ env, config, role: 'all', listen: false });
    return this.hub;
  }

  async ledger(): Promise<Ledger> {
    if (!this.ledgerView) {
      this.ledgerView = new Ledger(await openDatabase(this.database.url), SecretBox.fromKey(SECRET_KEY));
    }
    return this.ledgerView;
  }

  async close(): Promise<void> {
    await this.hub?.close().catch(() => undefined);
    await this.ledgerView?.close();
    await this.pos.close();
    await this.sim.close();
    await deleteRedisPrefix(this.prefix, REDIS_URL).catch(() => undefined);
    await this.database.drop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
