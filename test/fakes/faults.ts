import { createPrng } from '../../src/sdk/simulator-kit';

/**
 * Fault injection shared by the fake servers. Every request draws from one seeded PRNG, so a test
 * with a given seed sees the same sequence of faults on every run.
 */
export interface FaultSettings {
  /** Share of requests answered 500 (0..1). */
  errorRate?: number;
  /** Share of requests answered 429 with a Retry-After header (0..1). */
  rateLimitRate?: number;
  /** Retry-After sent with 429: delta-seconds (default 1) or an HTTP-date 2 s ahead. */
  retryAfterSeconds?: number | 'http-date';
  /** Delay before every answer, in ms. */
  latencyMs?: number;
  /** Share of requests accepted and never answered (until the client gives up or the server closes). */
  timeoutRate?: number;
  /** Share of writes (POST/PUT/PATCH/DELETE) that are performed and then answered 500. */
  failAfterCommitRate?: number;
  /** PRNG seed; defaults to the server's seed. */
  seed?: number;
}

/** What to do with one request. */
export type FaultDecision =
  | { readonly kind: 'pass'; readonly failAfterCommit: boolean }
  | { readonly kind: 'rate-limit'; readonly retryAfter: string }
  | { readonly kind: 'error' }
  | { readonly kind: 'timeout' };

/** Counters a fake server exposes through `stats()`. */
export interface FaultStats {
  requests: number;
  byStatus: Record<string, number>;
  rateLimited: number;
  errors: number;
  timeouts: number;
  failedAfterCommit: number;
}

/** Draws a fault decision per request from the current settings. */
export class FaultInjector {
  private settings: FaultSettings = {};
  private random: () => number;
  readonly counters: FaultStats = {
    requests: 0,
    byStatus: {},
    rateLimited: 0,
    errors: 0,
    timeouts: 0,
    failedAfterCommit: 0,
  };

  constructor(private readonly defaultSeed: number) {
    this.random = createPrng(defaultSeed);
  }

  /** Replaces the settings and restarts the PRNG from the seed, so the fault sequence is reproducible. */
  set(settings: FaultSettings): void {
    this.settings = { ...settings };
    this.random = createPrng(settings.seed ?? this.defaultSeed);
  }

  get latencyMs(): number {
    return this.settings.latencyMs ?? 0;
  }

  decide(mutating: boolean): FaultDecision {
    const s = this.settings;
    // Always draw the same number of values so the sequence does not depend on which faults are on.
    const [timeout, rate, error, commit] = [this.random(), this.random(), this.random(), this.random()];
    if (timeout < (s.timeoutRate ?? 0)) {
      this.counters.timeouts += 1;
      return { kind: 'timeout' };
    }
    if (rate < (s.rateLimitRate ?? 0)) {
      this.counters.rateLimited += 1;
      const retryAfter =
        s.retryAfterSeconds === 'http-date'
          ? new Date(Date.now() + 2000).toUTCString()
          : String(s.retryAfterSeconds ?? 1);
      return { kind: 'rate-limit', retryAfter };
    }
    if (error < (s.errorRate ?? 0)) {
      this.counters.errors += 1;
      return { kind: 'error' };
    }
    const failAfterCommit = mutating && commit < (s.failAfterCommitRate ?? 0);
    if (failAfterCommit) this.counters.failedAfterCommit += 1;
    return { kind: 'pass', failAfterCommit };
  }

  countStatus(status: number | 'hung'): void {
    this.counters.requests += 1;
    const key = String(status);
    this.counters.byStatus[key] = (this.counters.byStatus[key] ?? 0) + 1;
  }

  snapshot(): FaultStats {
    return { ...this.counters, byStatus: { ...this.counters.byStatus } };
  }
}
