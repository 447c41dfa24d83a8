import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HubSpotSimulator } from '../../connectors/hubspot/simulator/hubspot-simulator';
import { OdooSimulator } from '../../connectors/odoo/simulator/odoo-simulator';
import { SquareSimulator } from '../../connectors/square/simulator/square-simulator';
import { createHub, type Hub } from '../../src/app/create-hub';
import { loadEnv, loadPoshubConfig } from '../../src/config';
import {
  createTestDatabase,
  deleteRedisPrefix,
  hubProcessEnv,
  type TestDatabase,
  type TestDialect,
  uniqueSuffix,
} from './test-env';

/**
 * Square, Odoo and HubSpot simulators with a hub keeping one golden customer per person across
 * them: every customer stream is pulled, every system receives customers, and poshub.yaml's
 * `identity:` gives the POS the name and phone, the CRM the marketing consent, the ERP the tax id.
 */
export class ThreeSystemsHub {
  private constructor(
    readonly square: SquareSimulator,
    readonly odoo: OdooSimulator,
    readonly crm: HubSpotSimulator,
    readonly hub: Hub,
    private readonly database: TestDatabase,
    private readonly prefix: string,
    private readonly dir: string,
  ) {}

  static async start(
    dialect: TestDialect = 'sqlite',
    options: { deletes?: 'record' | 'propagate' } = {},
  ): Promise<ThreeSystemsHub> {
    const square = await SquareSimulator.start({ seed: 21 });
    const odoo = await OdooSimulator.start({ seed: 4 });
    const crm = await HubSpotSimulator.start({ seed: 9 });
    const database = await createTestDatabase(dialect);
    const dir = mkdtempSync(join(tmpdir(), 'poshub-identity-'));
    const prefix = `t${uniqueSuffix()}`;
    const configPath = join(dir, 'poshub.yaml');
    const fast = '    rateLimit: { requestsPerSecond: 2000, burst: 2000 }';
    writeFileSync(
      configPath,
      [
        'connections:',
        '  square:',
        '    connector: square',
        `    config: { baseUrl: "${square.url}", accessToken: "\${SQUARE_TOKEN}", locationIds: ["${square.locationIds[0]}"] }`,
        fast,
        '  odoo:',
        '    connector: odoo',
        `    config: { baseUrl: "${odoo.url}", database: "${odoo.db}", login: "${odoo.login}", apiKey: "\${ODOO_KEY}" }`,
        fast,
        '  crm:',
        '    connector: hubspot',
        `    config: { baseUrl: "${crm.url}", accessToken: "\${HUBSPOT_TOKEN}" }`,
        'routes:',
        '  - { id: customers-to-odoo, source: { connection: square, stream: customers }, destination: { connection: odoo, entity: customer } }',
        '  - { id: customers-to-crm, source: { connection: square, stream: customers }, destination: { connection: crm, entity: contact } }',
        '  - { id: customers-to-square, source: { connection: crm, stream: customers }, destination: { connection: square, entity: customer } }',
        'schedules:',
        '  - { connection: square, stream: customers, every: 300ms }',
        '  - { connection: odoo, stream: customers, every: 300ms }',
        '  - { connection: crm, stream: customers, every: 300ms }',
        'delivery: { attempts: 8, backoffMs: 100, maxBackoffMs: 1000 }',
        'identity:',
        '  defaultCountry: US',
        '  owners: { givenName: square, familyName: square, phone: square, marketingConsent: crm, taxId: odoo }',
        `  deletes: ${options.deletes ?? 'record'}`,
        '',
      ].join('\n'),
    );
    const processEnv = {
      ...hubProcessEnv(database.url, prefix),
      POSHUB_LOCK_DURATION_MS: '5000',
      SQUARE_TOKEN: square.accessToken,
      ODOO_KEY: odoo.apiKey,
      HUBSPOT_TOKEN: crm.accessToken,
    };
    try {
      const hub = await createHub({
        env: loadEnv(processEnv),
        config: loadPoshubConfig(configPath, { env: processEnv }),
        role: 'all',
        listen: false,
      });
      return new ThreeSystemsHub(square, odoo, crm, hub, database, prefix, dir);
    } catch (err) {
      await Promise.allSettled([square.close(), odoo.close(), crm.close()]);
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
      throw err;
    }
  }

  /** Calls the Square API as another app would (a cashier's edit at the register). */
  async squareApi(method: 'POST' | 'PUT', path: string, body: unknown): Promise<Record<string, unknown>> {
    const response = await fetch(`${this.square.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.square.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const json = (await response.json()) as Record<string, unknown>;
    if (!response.ok) throw new Error(`Square ${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
    return json;
  }

  /**
   * Writes seen at each simulator (creates and updates of customers, partners and contacts), to
   * tell whether the systems have settled.
   */
  writeCounters(): { square: number; odoo: number; crm: number } {
    const squareWrites = this.square
      .requestLog()
      .filter(
        (e) =>
          (e.method === 'POST' && e.path === '/v2/customers') ||
          (e.method === 'PUT' &&
            /^\/v2\/customers\/[^/]+$/.test(e.path) &&
            e.path !== '/v2/customers/search'),
      ).length;
    const odooWrites = this.odoo
      .callLog()
      .filter((e) => e.model === 'res.partner' && (e.method === 'create' || e.method === 'write')).length;
    return { square: squareWrites, odoo: odooWrites, crm: this.crm.counters.writes };
  }

  async close(): Promise<void> {
    await this.hub.close().catch(() => undefined);
    await Promise.allSettled([this.square.close(), this.odoo.close(), this.crm.close()]);
    await deleteRedisPrefix(this.prefix).catch(() => undefined);
    await this.database.drop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
