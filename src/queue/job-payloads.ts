/**
 * Typed job payloads. Payloads carry ids only, never record data or secrets: the ledger is the
 * system of record and a job is only a reminder that work is due.
 */

/** Why a pull runs; recorded in logs and metrics. */
export type PullReason = 'schedule' | 'manual' | 'webhook' | 'startup';

/** Pull one source stream from its checkpoint to the end. */
export interface PullJobData {
  readonly type: 'pull';
  readonly connectionId: string;
  readonly stream: string;
  readonly reason: PullReason;
}

/**
 * Fetch records a webhook announced by id and commit them like a pull page (the checkpoint does
 * not move). Carries ids only; the source is asked for the current state.
 */
export interface FetchJobData {
  readonly type: 'fetch';
  readonly connectionId: string;
  readonly stream: string;
  readonly ids: readonly string[];
}

/** Rebuild the daily summary of one route, location and business day from the ledger. */
export interface SummarizeJobData {
  readonly type: 'summarize';
  readonly routeId: string;
  readonly locationId: string;
  readonly businessDay: string;
}

/**
 * Deliver one delivery row. The BullMQ job id is the delivery id, so enqueueing the same delivery
 * twice while the first job is retained is a no-op; the ledger row decides whether work remains.
 */
export interface DeliverJobData {
  readonly type: 'deliver';
  readonly deliveryId: string;
}

export type PoshubJobData = PullJobData | FetchJobData | SummarizeJobData | DeliverJobData;
