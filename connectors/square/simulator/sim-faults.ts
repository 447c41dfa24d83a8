import { createPrng } from '../../../src/sdk/simulator-kit';

/** Faults the simulator injects; see `SquareSimulator.setFaults`. */
export interface SquareFaults {
  /** Share of requests answered 429 RATE_LIMITED (0..1). */
  rateLimitRate?: number;
  /** Share of requests answered 500 INTERNAL_SERVER_ERROR (0..1). */
  errorRate?: number;
  /** Delay before every answer, in ms. */
  latencyMs?: number;
  /** PRNG seed for the fault draws; the sequence restarts on every `setFaults`. */
  seed?: number;
}

/** Draws a fault per request from its own seeded PRNG, so faults never perturb generated data. */
export class SimFaults {
  private settings: SquareFaults = {};
  private random: () => number;
  readonly counters = { rateLimited: 0, errors: 0 };

  constructor(private readonly defaultSeed: number) {
    this.random = createPrng(defaultSeed);
  }

  set(settings: SquareFaults): void {
    this.settings = { ...settings };
    this.random = createPrng(settings.seed ?? this.defaultSeed);
  }

  get latencyMs(): number {
    return this.settings.latencyMs ?? 0;
  }

  decide(): 'pass' | 'rate-limit' | 'error' {
    // Always draw both so the sequence does not depend on which faults are on.
    const rate = this.random();
    const error = this.random();
    if (rate < (this.settings.rateLimitRate ?? 0)) {
      this.counters.rateLimited += 1;
      return 'rate-limit';
    }
    if (error < (this.settings.errorRate ?? 0)) {
      this.counters.errors += 1;
      return 'error';
    }
    return 'pass';
  }
}
