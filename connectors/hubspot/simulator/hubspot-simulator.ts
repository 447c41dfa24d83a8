import { randomBytes, randomUUID } from 'node:crypto';
import { createPrng, type LoopbackServer } from '../../../src/sdk/simulator-kit';
import { toApi, type SimContext } from './sim-context';
import { SimFaults } from './sim-faults';
import { startSimServer } from './sim-http.server';
import { resolveTypeForTests } from './sim-object-types';
import type { ObjectChange } from './sim-objects.store';
import { createRouter, createSimContext } from './sim-state';
import { RateLimiter } from './sim-rate-limits';
import { SimRequestHooks, type RequestHook } from './sim-request-hooks';
import { seedContactProperties } from './sim-seed';
import { inTx } from './sim-tx';
import { eventsFor, subscriptionId } from './sim-webhook-events';
import { HubSpotWebhookSender } from './sim-webhooks.sender';
import type {
  HubSpotCounters,
  HubSpotFaults,
  HubSpotLimits,
  HubSpotSimulatorOptions,
  SimObject,
  SimProperty,
  WebhookAttempt,
} from './sim.types';

export { signHubSpotV3 } from './sim-webhook-signature';
export { MAX_ATTEMPTS as WEBHOOK_MAX_ATTEMPTS } from './sim-webhooks.sender';
export type { HubSpotWebhookEvent } from './sim-webhook-events';
export type * from './sim.types';
export type { RequestHook } from './sim-request-hooks';

/**
 * A loopback HTTP server that behaves like the parts of the HubSpot CRM API poshub uses: contacts,
 * deals and line items (single, batch, search), property definitions, deal pipelines, v4
 * associations, account info; bearer auth, HubSpot's error bodies, 10-second/daily/search rate
 * limits, injected faults, and signed v3 webhooks with retries.
 */
export class HubSpotSimulator {
  readonly accessToken: string;
  readonly portalId: number;
  readonly appId: number;
  readonly clientSecret: string;
  readonly counters: HubSpotCounters = {
    requests: 0,
    rateLimited: { TEN_SECONDLY_ROLLING: 0, DAILY: 0, SECONDLY: 0 },
    writes: 0,
    creates: {},
    conflicts: 0,
  };
  private server!: LoopbackServer;
  private tokenExpired = false;
  private readonly ctx: SimContext;
  private readonly faults: SimFaults;
  private readonly limiter: RateLimiter;
  private readonly hooks = new SimRequestHooks();
  private readonly sender: HubSpotWebhookSender | undefined;
  private readonly dataRandom: () => number;
  private seeded = 0;
  private seeding = false;
  private nextEventId: number;

  private constructor(options: HubSpotSimulatorOptions) {
    const seed = options.seed ?? 1;
    this.dataRandom = createPrng(seed);
    const apiRandom = createPrng((seed ^ 0x5eed5eed) >>> 0);
    this.accessToken = options.accessToken ?? `pat-na1-${randomUUID()}`;
    this.portalId = options.portalId ?? 1234567;
    this.appId = options.appId ?? 7654321;
    this.clientSecret = options.clientSecret ?? randomBytes(18).toString('hex');
    this.nextEventId = 100 + Math.floor(apiRandom() * 1000) * 1000;
    const timeZone = options.timeZone ?? 'UTC';
    const account = {
      portalId: this.portalId,
      timeZone,
      companyCurrency: options.companyCurrency ?? 'USD',
      additionalCurrencies: [...(options.additionalCurrencies ?? [])],
    };
    this.ctx = createSimContext(account, apiRandom, {
      onChange: (c) => this.onChange(c),
      onConflict: (source) => {
        if (source === 'INTEGRATION') this.counters.conflicts += 1;
      },
      onAssociationWrite: () => (this.counters.writes += 1),
      baseUrl: () => this.url,
    });
    this.faults = new SimFaults(seed);
    this.limiter = new RateLimiter(options.limits, timeZone);
    if (options.webhook) {
      this.sender = new HubSpotWebhookSender({
        targetUrl: options.webhook.targetUrl,
        clientSecret: this.clientSecret,
        batchDelayMs: options.webhook.batchDelayMs ?? 20,
        maxPerRequest: options.webhook.maxPerRequest ?? 100,
        retryScaleMs: options.webhook.retryScaleMs ?? 10,
      });
    }
  }

  static async start(options: HubSpotSimulatorOptions = {}): Promise<HubSpotSimulator> {
    const sim = new HubSpotSimulator(options);
    sim.server = await startSimServer({
      port: options.port,
      router: createRouter(sim.ctx),
      faults: sim.faults,
      limiter: sim.limiter,
      counters: sim.counters,
      hooks: sim.hooks,
      authorize: (header) => {
        if (header !== `Bearer ${sim.accessToken}`) return 'invalid';
        return sim.tokenExpired ? 'expired' : 'ok';
      },
    });
    return sim;
  }

  get url(): string {
    return this.server.url;
  }

  async close(): Promise<void> {
    await this.sender?.close();
    await this.server.close();
  }

  setFaults(f: HubSpotFaults): void {
    this.faults.set(f);
  }

  setLimits(l: HubSpotLimits): void {
    this.limiter.set(l);
  }

  /** Every later call answers 401 EXPIRED_AUTHENTICATION until `restoreToken()`. */
  expireToken(): void {
    this.tokenExpired = true;
  }

  restoreToken(): void {
    this.tokenExpired = false;
  }

  /** Live (non-archived) records of a type ('contacts', 'deals', 'line_items' or a type id). */
  objects(type: string): SimObject[] {
    const t = resolveTypeForTests(type);
    return this.ctx.objects.all(t.id).map((o) => this.snapshot(o.id, t.id)!);
  }

  object(type: string, id: string): SimObject | undefined {
    return this.snapshot(id, resolveTypeForTests(type).id);
  }

  associations(
    fromType: string,
    fromId: string,
    toType: string,
  ): { toObjectId: string; typeIds: number[] }[] {
    const to = resolveTypeForTests(toType).id;
    return this.ctx.assocs
      .list(resolveTypeForTests(fromType).id, fromId, to)
      .filter((a) => this.ctx.objects.get(to, a.toObjectId));
  }

  propertyDefinitions(type: string): SimProperty[] {
    return this.ctx.props.list(resolveTypeForTests(type).id).map((p) => structuredClone(p));
  }

  /** Live records sharing an email, a unique value, a `poshub_line_key` or a `poshub_transaction_id`. */
  duplicates(): number {
    return this.ctx.objects.duplicates();
  }

  /** As if a user created a record in the HubSpot UI (webhooks say changeSource 'CRM_UI'). */
  createObject(type: string, properties: Record<string, string>): SimObject {
    const t = resolveTypeForTests(type).id;
    const obj = inTx((tx) => this.ctx.objects.create(tx, t, properties, 'CRM_UI'));
    return this.snapshot(obj.id, t)!;
  }

  /** As if a user edited a record in the HubSpot UI. */
  updateObject(type: string, id: string, properties: Record<string, string>): SimObject {
    const t = resolveTypeForTests(type).id;
    const current = this.ctx.objects.get(t, id);
    if (!current) throw new Error(`no live ${type} ${id}`);
    inTx((tx) => this.ctx.objects.update(tx, current, properties, 'CRM_UI'));
    return this.snapshot(id, t)!;
  }

  /** Adds `count` contacts with distinct emails, deterministic from the seed (no webhooks). */
  seedContacts(count: number): SimObject[] {
    const out: SimObject[] = [];
    this.seeding = true;
    try {
      for (let i = 0; i < count; i++) {
        this.seeded += 1;
        const props = seedContactProperties(this.dataRandom, this.seeded);
        const obj = inTx((tx) => this.ctx.objects.create(tx, '0-1', props, 'CRM_UI'));
        out.push(this.snapshot(obj.id, '0-1')!);
      }
    } finally {
      this.seeding = false;
    }
    return out;
  }

  /** Called before the n-th (0-based) page of every search is computed. */
  onSearchPage(hook: ((page: number) => void) | undefined): void {
    this.ctx.searchHook = hook;
  }

  /**
   * Awaits `hook.before` before every `method path` request (exact path, no query) is handled and
   * `hook.after` once it has been, before its answer is sent: a test holds one client's call there
   * while another client runs. Returns a function that removes the hook.
   */
  onRequest(method: string, path: string, hook: RequestHook): () => void {
    return this.hooks.add(method, path, hook);
  }

  get webhookAttempts(): readonly WebhookAttempt[] {
    return this.sender?.attempts ?? [];
  }

  async flushWebhooks(): Promise<void> {
    await this.sender?.idle();
  }

  private snapshot(id: string, type: '0-1' | '0-3' | '0-8'): SimObject | undefined {
    const o = this.ctx.objects.get(type, id);
    if (!o) return undefined;
    const api = toApi(this.ctx, o, Object.keys(o.props));
    return {
      id: api.id,
      properties: api.properties,
      createdAt: api.createdAt,
      updatedAt: api.updatedAt,
      archived: false,
    };
  }

  private onChange(change: ObjectChange): void {
    if (change.source === 'INTEGRATION') {
      this.counters.writes += 1;
      if (change.kind === 'create') {
        const name = resolveTypeForTests(change.object.type).name;
        this.counters.creates[name] = (this.counters.creates[name] ?? 0) + 1;
      }
    }
    if (!this.sender || this.seeding) return;
    this.sender.enqueue(
      eventsFor(change, this.ctx.props, {
        portalId: this.portalId,
        appId: this.appId,
        nextEventId: () => (this.nextEventId += 1),
        subscriptionId,
      }),
    );
  }
}
