import { createPrng as prng } from '../../../src/sdk/simulator-kit';

/** Faults the simulator injects into ORM calls; see `OdooSimulator.setFaults`. */
export interface OdooFaults {
  /** Share of calls answered with a server error before anything is done (0..1). */
  errorRate?: number;
  /** Delay before every answer, in ms. */
  latencyMs?: number;
  /** Share of calls that commit their work and then answer a server error, so the answer is lost (0..1). */
  failAfterCommitRate?: number;
  /** PRNG seed of the draws; the sequence restarts on every `setFaults`. */
  seed?: number;
}

/** Draws one fault per ORM call from its own seeded PRNG. */
export class SimFaults {
  private settings: OdooFaults = {};
  private random: () => number;

  constructor(private readonly defaultSeed: number) {
    this.random = prng(defaultSeed);
  }

  set(settings: OdooFaults): void {
    this.settings = { ...settings };
    this.random = prng(settings.seed ?? this.defaultSeed);
  }

  get latencyMs(): number {
    return this.settings.latencyMs ?? 0;
  }

  decide(): 'pass' | 'error' | 'fail-after-commit' {
    // Both draws always happen so the sequence does not depend on which faults are on.
    const error = this.random();
    const afterCommit = this.random();
    if (error < (this.settings.errorRate ?? 0)) return 'error';
    if (afterCommit < (this.settings.failAfterCommitRate ?? 0)) return 'fail-after-commit';
    return 'pass';
  }
}
