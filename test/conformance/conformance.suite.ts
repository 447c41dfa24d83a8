import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { buildRegistry } from '../../src/registry';
import {
  RateGovernor,
  RateLimitedError,
  collectSecretValues,
  AuthError,
  type ConnectorDefinition,
  type ConnectorInstance,
  type WebhookRequest,
} from '../../src/sdk';
import { connect, readAll } from '../fakes/connector-harness';

/** One started system under test, with a good and a refused configuration. */
export interface ConformanceEnvironment {
  /** A config that must pass `check`. Must give a page size smaller than the seeded record count. */
  readonly goodConfig: unknown;
  /** Same system, credentials the system refuses. */
  readonly badConfig: unknown;
  /**
   * Makes every following request answer 429 (with `Retry-After: <seconds>` where the vendor sends
   * that header); `off` restores service.
   */
  rateLimit(retryAfterSeconds: number | 'off'): void;
  /** False for vendors that send no Retry-After (Square): the connector's own backoff decides. */
  readonly sendsRetryAfter?: boolean;
  teardown(): Promise<void>;
}

/** What the suite needs to exercise a connector. Source and sink parts are optional. */
export interface ConformanceHarness<C> {
  readonly definition: ConnectorDefinition<C>;
  /** A config value the schema must refuse (missing or malformed fields). */
  readonly invalidConfig: unknown;
  start(): Promise<ConformanceEnvironment>;
  readonly source?: {
    readonly stream: string;
    /** Adds `count` new records to the stream. */
    seed(env: ConformanceEnvironment, count: number): Promise<void> | void;
  };
  /** For connectors whose manifest has a webhook verifier. */
  readonly webhook?: {
    /** A request signed exactly as the vendor signs it, for `env.goodConfig`, carrying one event. */
    signed(env: ConformanceEnvironment): WebhookRequest;
    /** Requests that must be refused: another secret, another URL, a tampered body… */
    forged(env: ConformanceEnvironment): readonly WebhookRequest[];
  };
  readonly sink?: {
    readonly entity: string;
    /** A payload the target accepts, carrying `reference`. */
    payload(reference: string): unknown;
    /** How many objects the target holds for `reference`. */
    count(env: ConformanceEnvironment, reference: string): Promise<number> | number;
  };
}

/**
 * The acceptance suite every connector must pass: manifest valid, secrets marked, config schema
 * refuses garbage, check passes/fails cleanly, reads page and resume from a cursor without gaps,
 * 429 becomes RateLimitedError and blocks the governor, and a write repeated is one record.
 */
export function describeConnectorConformance<C>(name: string, harness: ConformanceHarness<C>): void {
  describe(`connector conformance: ${name}`, () => {
    let env: ConformanceEnvironment;
    let redis: Redis;
    const prefix = `test:conformance:${randomUUID()}`;
    const instance = (config: unknown, governor?: RateGovernor, connectionId?: string): ConnectorInstance =>
      connect(harness.definition, config, { governor }, connectionId);

    beforeAll(async () => {
      env = await harness.start();
      redis = new Redis({ host: '127.0.0.1', port: 6379 });
    });

    afterAll(async () => {
      await env.teardown();
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
    });

    afterEach(() => env.rateLimit('off'));

    it('has a manifest the registry accepts', () => {
      expect(() => buildRegistry([harness.definition as ConnectorDefinition<unknown>])).not.toThrow();
    });

    it('marks its credentials secret and refuses an invalid config', () => {
      const schema = harness.definition.manifest.configSchema;
      const parsed = schema.parse(env.goodConfig);
      expect(collectSecretValues(parsed, schema).length).toBeGreaterThan(0);
      expect(schema.safeParse(harness.invalidConfig).success).toBe(false);
    });

    it('check() passes with a good config and reports (not throws) refused credentials', async () => {
      expect((await instance(env.goodConfig).check()).ok).toBe(true);
      const bad = await instance(env.badConfig).check();
      expect(bad.ok).toBe(false);
      expect(bad.message.length).toBeGreaterThan(0);
    });

    const source = harness.source;
    // Only the checks that apply to what the connector is (source, sink or both) are registered.
    const ifSource = source ? it : () => undefined;
    ifSource('reads page by page and resumes from a cursor without gaps', async () => {
      const { stream } = source!;
      await source!.seed(env, 120);
      const pages = await readAll(instance(env.goodConfig), stream, null);
      expect(pages.length).toBeGreaterThan(1);
      const all = pages.flatMap((p) => p.records.map((r) => r.externalId));
      expect(new Set(all).size).toBeGreaterThanOrEqual(120);
      const firstCursor = pages[0].cursor;
      expect(firstCursor).not.toBeNull();
      const resumed = (await readAll(instance(env.goodConfig), stream, firstCursor)).flatMap((p) =>
        p.records.map((r) => r.externalId),
      );
      const seen = new Set([...pages[0].records.map((r) => r.externalId), ...resumed]);
      for (const id of all) expect(seen.has(id)).toBe(true);
      const last = pages[pages.length - 1].cursor;
      await source!.seed(env, 3);
      const fresh = (await readAll(instance(env.goodConfig), stream, last)).flatMap((p) => p.records);
      expect(fresh.length).toBeGreaterThanOrEqual(3);
    });

    it('turns 429 into RateLimitedError and blocks the connection in the governor', async () => {
      const governor = new RateGovernor(redis, prefix);
      const connectionId = `conn-${randomUUID()}`;
      const target = instance(env.goodConfig, governor, connectionId);
      env.rateLimit(2);
      const attempt = source
        ? readAll(target, source.stream, null)
        : target.write!(harness.sink!.entity, harness.sink!.payload('poshub:conformance-429'), {
            reference: 'poshub:conformance-429',
            idempotencyKey: 'conformance-429',
          });
      const err = await Promise.resolve(attempt).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RateLimitedError);
      // The wait is the vendor's Retry-After when it sends one, else the connector's own backoff.
      const waitMs = (err as RateLimitedError).retryAfterMs;
      expect(waitMs).toBeGreaterThan(0);
      if (env.sendsRetryAfter !== false) expect(waitMs).toBe(2000);
      const blocked = await governor.blockedFor(connectionId);
      expect(blocked).toBeGreaterThan(0);
      expect(blocked).toBeLessThanOrEqual(waitMs);
    });

    const sink = harness.sink;
    const ifSink = sink ? it : () => undefined;
    ifSink('writing the same record twice yields one record at the target', async () => {
      const reference = `poshub:conformance-${randomUUID()}`;
      const options = { reference, idempotencyKey: `${reference}:v1` };
      const target = instance(env.goodConfig);
      const first = await target.write!(sink!.entity, sink!.payload(reference), options);
      const second = await target.write!(sink!.entity, sink!.payload(reference), options);
      expect(first.created).toBe(true);
      expect(second).toEqual({ externalId: first.externalId, created: false });
      expect(await sink!.count(env, reference)).toBe(1);
    });

    it('fails a read or write with AuthError when the credentials are refused', async () => {
      const refused = instance(env.badConfig);
      const attempt = source
        ? readAll(refused, source.stream, null)
        : refused.write!(harness.sink!.entity, harness.sink!.payload('poshub:conformance-auth'), {
            reference: 'poshub:conformance-auth',
            idempotencyKey: 'conformance-auth',
          });
      await expect(Promise.resolve(attempt)).rejects.toBeInstanceOf(AuthError);
    });

    it('succeeds when called again after the Retry-After wait', async () => {
      const governor = new RateGovernor(redis, prefix);
      const connectionId = `conn-${randomUUID()}`;
      const target = instance(env.goodConfig, governor, connectionId);
      env.rateLimit(1);
      const call = () =>
        source
          ? readAll(target, source.stream, null)
          : target.write!(harness.sink!.entity, harness.sink!.payload('poshub:conformance-retry'), {
              reference: 'poshub:conformance-retry',
              idempotencyKey: 'conformance-retry',
            });
      const err = await Promise.resolve(call()).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RateLimitedError);
      env.rateLimit('off');
      const started = Date.now();
      await expect(Promise.resolve(call())).resolves.toBeDefined();
      // The governor held the retry back until the vendor's wait was over.
      expect(Date.now() - started).toBeGreaterThanOrEqual(500);
    });

    const webhook = harness.webhook;
    const ifWebhook = webhook ? it : () => undefined;
    ifWebhook('accepts a correctly signed webhook and refuses forged ones', () => {
      const verifier = harness.definition.manifest.webhook!;
      const config = harness.definition.manifest.configSchema.parse(env.goodConfig);
      const signed = webhook!.signed(env);
      expect(verifier.verify(signed, config)).toBe(true);
      expect(verifier.parse(signed, config).length).toBeGreaterThan(0);
      const tampered = { ...signed, rawBody: Buffer.concat([signed.rawBody, Buffer.from(' ')]) };
      const unsigned = { ...signed, headers: {} };
      for (const forged of [...webhook!.forged(env), tampered, unsigned]) {
        expect(verifier.verify(forged, config)).toBe(false);
      }
    });
  });
}
