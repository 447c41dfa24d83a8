import { createPrng } from '../../../src/sdk/simulator-kit';
import type { HubSpotFaults } from './sim.types';

export type FaultDecision = 'pass' | 'rate-limit' | 'error';

/** Draws faults per request from their own seeded PRNG, so faults never perturb data or ids. */
export class SimFaults {
  private settings: HubSpotFaults = {};
  private random: () => number;

  constructor(private readonly defaultSeed: number) {
    this.random = createPrng(defaultSeed);
  }

  set(settings: HubSpotFaults): void {
    this.settings = { ...settings };
    this.random = createPrng(settings.seed ?? this.defaultSeed);
  }

  get latencyMs(): number {
    return this.settings.latencyMs ?? 0;
  }

  /** One decision per request; `commitThenError` applies only if the request turns out to write. */
  decide(): { fault: FaultDecision; commitThenError: boolean } {
    // Always draw all three so the sequence does not depend on which faults are on.
    const rate = this.random();
    const error = this.random();
    const commit = this.random();
    const commitThenError = commit < (this.settings.commitThenErrorRate ?? 0);
    if (rate < (this.settings.rateLimitRate ?? 0)) return { fault: 'rate-limit', commitThenError };
    if (error < (this.settings.errorRate ?? 0)) return { fault: 'error', commitThenError };
    return { fault: 'pass', commitThenError };
  }
}
