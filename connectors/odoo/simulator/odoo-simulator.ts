import { randomBytes } from 'node:crypto';
import { BASE_MODELS } from './sim-base.models';
import { ACCOUNT_MODELS } from './sim-account.models';
import type { OdooCallLogEntry, OdooVersion, SimEngine } from './sim-engine';
import { SimFaults, type OdooFaults } from './sim-faults';
import { startSimServer, type RunningSimServer } from './sim-http.server';
import { SimOrm } from './sim-orm';
import { SALE_MODELS } from './sim-sale.models';
import { seedDatabase } from './sim-seed';
import { STOCK_MODELS } from './sim-stock.models';
import { isStorable, moveStock } from './sim-stock.moves';
import { SimStore } from './sim-store';

export type { OdooFaults } from './sim-faults';
export type { OdooCallLogEntry, OdooVersion } from './sim-engine';

/** Options of `OdooSimulator.start`. */
export interface OdooSimulatorOptions {
  /** Port on 127.0.0.1 (default 0: a free one). */
  port?: number;
  /** What GET /web/version answers; '19.0' enables JSON-2 (JSON-RPC stays); below 19 JSON-2 paths answer 404. */
  version?: OdooVersion;
  /** Database name (default 'poshub'). */
  db?: string;
  /** Login of the API user (default 'api@poshub.test'). */
  login?: string;
  /** API key accepted for JSON-RPC and JSON-2 (default: random). */
  apiKey?: string;
  /** Company currency (default 'USD'); USD, EUR, VND, JPY and KWD are always seeded. */
  companyCurrency?: string;
  /** Seed of the seeded stock quantities and of the fault draws (default 1). */
  seed?: number;
}

/**
 * A loopback HTTP server that behaves like the parts of Odoo poshub uses: JSON-RPC
 * (`/jsonrpc`, common.login + object.execute_kw), JSON-2 (`/json/2/<model>/<method>`, 19.0 only),
 * `/web/version`; the generic ORM methods with domains, x2many commands, Odoo's error shapes,
 * one transaction per call; res.partner, product.product, sale.order, account.move,
 * account.payment, stock.quant (inventory mode) and their master data; injected faults.
 */
export class OdooSimulator {
  private readonly store = new SimStore();
  private readonly orm: SimOrm;
  private readonly faults: SimFaults;
  private readonly calls: OdooCallLogEntry[] = [];
  private server!: RunningSimServer;
  private companyId = 0;
  readonly version: OdooVersion;
  readonly db: string;
  readonly login: string;
  readonly apiKey: string;
  readonly uid: number;

  private constructor(options: OdooSimulatorOptions) {
    const seed = options.seed ?? 1;
    this.version = options.version ?? '17.0';
    this.db = options.db ?? 'poshub';
    this.login = options.login ?? 'api@poshub.test';
    this.apiKey = options.apiKey ?? randomBytes(20).toString('hex');
    this.faults = new SimFaults(seed);
    this.orm = new SimOrm(
      this.store,
      () => new Date(),
      () => this.companyId,
    );
    for (const model of [...BASE_MODELS, ...ACCOUNT_MODELS, ...SALE_MODELS, ...STOCK_MODELS]) {
      this.orm.register(model);
    }
    const seeded = seedDatabase(this.orm, {
      companyCurrency: options.companyCurrency ?? 'USD',
      login: this.login,
      seed,
      setCompany: (id) => (this.companyId = id),
    });
    this.uid = seeded.uid;
  }

  /** Starts a simulator on 127.0.0.1 with freshly seeded master data. */
  static async start(options: OdooSimulatorOptions = {}): Promise<OdooSimulator> {
    const sim = new OdooSimulator(options);
    const engine: SimEngine = {
      orm: sim.orm,
      faults: sim.faults,
      version: sim.version,
      db: sim.db,
      login: sim.login,
      apiKey: sim.apiKey,
      uid: sim.uid,
      log: (entry) => sim.calls.push(entry),
    };
    sim.server = await startSimServer(engine, options.port);
    return sim;
  }

  /** Base URL, e.g. `http://127.0.0.1:40123`. */
  get url(): string {
    return this.server.url;
  }

  /** Replaces the injected faults (and restarts their PRNG from `faults.seed`). */
  setFaults(faults: OdooFaults): void {
    this.faults.set(faults);
  }

  /** Rows of a model as stored, shaped as `read` answers them (many2one as `[id, display_name]`), by id. */
  records(model: string): Record<string, unknown>[] {
    const ids = this.store
      .rows(this.orm.model(model).name)
      .map((r) => r.id)
      .sort((a, b) => a - b);
    return this.orm.read(model, ids);
  }

  /**
   * Inserts a row directly (test seeding) and returns its id. Bypasses access and state rules
   * (e.g. stock.quant `quantity`, inventory mode), accepts `create_date`/`write_date`, keeps
   * constraints (required fields, unknown fields, references, barcodes). Not counted by createCount.
   */
  insert(model: string, values: Record<string, unknown>): number {
    return this.store.transaction(() =>
      this.orm.create(model, values, { ctx: {}, bypass: true, keepDates: true }),
    );
  }

  /**
   * A goods receipt (test seeding of the ERP's own stock changes): adds `quantity` of the product
   * with internal reference `sku` to the stock location `locationId`, as a validated incoming
   * picking would, bumping the quant's write_date. Negative quantities take stock out (scrap).
   */
  receiveStock(sku: string, locationId: number, quantity: number): void {
    const product = this.store.rows('product.product').find((p) => p.default_code === sku);
    if (!product) throw new Error(`simulator has no product with default_code ${sku}`);
    if (!isStorable(this.orm, product.id)) throw new Error(`product ${sku} is not storable`);
    this.store.transaction(() => moveStock(this.orm, product.id, locationId, quantity));
  }

  /** Rows created per model by committed API calls, including those whose answer was lost to a fault. */
  createCount(model: string): number {
    return this.store.createCount(model);
  }

  /** Every login and ORM call, in order. */
  callLog(): OdooCallLogEntry[] {
    return this.calls.map((c) => ({ ...c }));
  }

  async close(): Promise<void> {
    await this.server.close();
  }
}
