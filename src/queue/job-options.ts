import type { JobsOptions } from 'bullmq';

/** Retry policy for deliveries, from `delivery:` in poshub.yaml. */
export interface DeliveryRetryPolicy {
  /** Attempts before a transient failure turns the delivery dead. 429 waits do not count. */
  readonly attempts: number;
  /** First backoff delay; doubles each attempt, with jitter so retries of a burst spread out. */
  readonly backoffMs: number;
  /** Ceiling for one backoff delay. */
  readonly maxBackoffMs: number;
}

export const DEFAULT_DELIVERY_RETRY: DeliveryRetryPolicy = {
  attempts: 15,
  backoffMs: 1000,
  maxBackoffMs: 300_000,
};

/** Name of the custom backoff strategy registered on deliver workers. */
export const DELIVERY_BACKOFF = 'poshub-exponential';

/** Job options for a deliver job. Completed jobs are trimmed; the ledger keeps the history. */
export function deliverJobOptions(deliveryId: string, policy: DeliveryRetryPolicy): JobsOptions {
  return {
    jobId: deliveryId,
    attempts: policy.attempts,
    backoff: { type: DELIVERY_BACKOFF },
    removeOnComplete: { age: 3600, count: 5000 },
    removeOnFail: { age: 7 * 24 * 3600 },
  };
}

/**
 * Exponential backoff with full jitter between half and all of the capped delay: retries of a
 * burst of failures spread out instead of hitting the target again in lockstep.
 */
export function deliveryBackoffDelay(
  attemptsMade: number,
  policy: DeliveryRetryPolicy,
  random: () => number = Math.random,
): number {
  const exponent = Math.max(0, attemptsMade - 1);
  const capped = Math.min(policy.maxBackoffMs, policy.backoffMs * 2 ** Math.min(exponent, 30));
  return Math.round(capped / 2 + (capped / 2) * random());
}

/** Pull jobs: a failed pull is retried a few times; the schedule starts it again anyway. */
export const PULL_JOB_OPTIONS: JobsOptions = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 2000 },
  removeOnComplete: { age: 3600, count: 1000 },
  removeOnFail: { age: 7 * 24 * 3600, count: 1000 },
};
