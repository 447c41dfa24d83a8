import { errorReason, type DeliveryListQuery, type DeliveryRow, type Ledger } from '../ledger';
import { overridePathProblem } from '../pipeline/payload-overrides';
import type { DeliveryRetryPolicy } from '../queue/job-options';
import type { QueueService } from '../queue/queue.service';

/** Most deliveries one "retry all matching" touches; a bigger backlog is retried in several calls. */
export const RETRY_ALL_MAX = 10_000;
/** Rows read to match a folded reason (which SQL cannot match). */
const RETRY_ALL_SCAN = 100_000;

/** Why an operator action cannot be done; the API maps it to 404/409/400, the CLI prints it. */
export class DeliveryActionError extends Error {
  constructor(
    readonly status: 400 | 404 | 409,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * What an operator can do to deliveries: retry one, retry every one matching a filter, edit and
 * retry, skip. Each change is one ledger transaction with its audit entry; the queue is told after
 * the commit (job id = delivery id), so a crash in between leaves a pending row the outbox relay
 * enqueues. Shared by the admin API and the `poshub deliveries` CLI.
 */
export class DeliveryActions {
  constructor(
    private readonly ledger: Ledger,
    private readonly queues: Pick<QueueService, 'requeueDelivery'>,
    private readonly policy: DeliveryRetryPolicy,
  ) {}

  /** Puts a dead or skipped delivery back to pending and on its queue (pending: just re-enqueued). */
  async retry(id: string, actor: string): Promise<{ id: string; status: 'pending' }> {
    const row = await this.require(id);
    if (row.status === 'done') throw alreadyDone(id);
    if (row.status !== 'pending') {
      await this.ledger.transaction(async (tx) => {
        if (!(await tx.deliveries.resetForRetry(id))) throw changedMeanwhile(id);
        await tx.audit.append({ actor, action: 'delivery.retry', target: id, details: { from: row.status } });
      });
    }
    await this.queues.requeueDelivery(row.destinationConnectionId, id, this.policy);
    return { id, status: 'pending' };
  }

  /**
   * Retries every dead (or skipped) delivery matching `filter`, up to {@link RETRY_ALL_MAX}: one
   * audit entry names the filter and the count. `onProgress` sees (done, total) as the queue fills.
   */
  async retryAll(
    filter: Omit<DeliveryListQuery, 'limit' | 'offset'> & { status: 'dead' | 'skipped'; reason?: string },
    actor: string,
    onProgress?: (done: number, total: number) => void,
  ): Promise<{ count: number; more: boolean }> {
    const { reason, ...query } = filter;
    // A reason (from GET /api/v1/errors) is the message with ids folded, so it is matched here.
    const refs = (
      await this.ledger.deliveries.listRefs(query, reason ? RETRY_ALL_SCAN : RETRY_ALL_MAX + 1)
    ).filter((r) => reason === undefined || errorReason(r.lastError) === reason);
    const batch = refs.slice(0, RETRY_ALL_MAX);
    const reset = await this.ledger.transaction(async (tx) => {
      const ids: typeof batch = [];
      for (const ref of batch) if (await tx.deliveries.resetForRetry(ref.id)) ids.push(ref);
      await tx.audit.append({
        actor,
        action: 'delivery.retry-all',
        target: 'deliveries',
        details: { filter: describeFilter(filter), count: ids.length },
      });
      return ids;
    });
    let done = 0;
    for (const ref of reset) {
      await this.queues.requeueDelivery(ref.destinationConnectionId, ref.id, this.policy);
      done += 1;
      if (onProgress && (done % 100 === 0 || done === reset.length)) onProgress(done, reset.length);
    }
    return { count: reset.length, more: refs.length > RETRY_ALL_MAX };
  }

  /**
   * Edit and retry: stores `overrides` (dotted paths into the mapped payload) on a dead or skipped
   * delivery and sends it again. The audit entry holds who and the overrides; the row keeps them.
   */
  async editAndRetry(
    id: string,
    overrides: Record<string, unknown>,
    actor: string,
  ): Promise<{ id: string; status: 'pending'; overrides: Record<string, unknown> }> {
    const bad = Object.keys(overrides)
      .map((path) => ({ path, problem: overridePathProblem(path) }))
      .filter((p) => p.problem);
    if (Object.keys(overrides).length === 0 || bad.length > 0) {
      const what = bad.map((b) => `${b.path}: ${b.problem}`).join('; ') || 'no overrides given';
      throw new DeliveryActionError(400, 'BAD_REQUEST', `invalid overrides: ${what}`);
    }
    const row = await this.require(id);
    if (row.status === 'done') throw alreadyDone(id);
    if (row.status === 'pending') {
      throw new DeliveryActionError(409, 'PENDING', `delivery ${id} is still pending; skip it first`);
    }
    await this.ledger.transaction(async (tx) => {
      if (!(await tx.deliveries.resetForRetry(id))) throw changedMeanwhile(id);
      await tx.deliveries.setOverrides(id, overrides);
      await tx.audit.append({
        actor,
        action: 'delivery.edit-and-retry',
        target: id,
        details: { from: row.status, overrides, previous: row.overrides },
      });
    });
    await this.queues.requeueDelivery(row.destinationConnectionId, id, this.policy);
    return { id, status: 'pending', overrides };
  }

  /** Gives up on a pending or dead delivery on purpose (`skipped`, reason kept and audited). */
  async skip(id: string, reason: string, actor: string): Promise<{ id: string; status: 'skipped' }> {
    const row = await this.require(id);
    if (row.status === 'done') throw alreadyDone(id);
    if (row.status === 'skipped') return { id, status: 'skipped' };
    await this.ledger.transaction(async (tx) => {
      if (!(await tx.deliveries.skipByOperator(id, `skipped by ${actor}: ${reason}`)))
        throw changedMeanwhile(id);
      await tx.audit.append({
        actor,
        action: 'delivery.skip',
        target: id,
        details: { from: row.status, reason },
      });
    });
    return { id, status: 'skipped' };
  }

  private async require(id: string): Promise<DeliveryRow> {
    const row = await this.ledger.deliveries.get(id);
    if (!row) throw new DeliveryActionError(404, 'NOT_FOUND', `no delivery ${id}`);
    return row;
  }
}

function alreadyDone(id: string): DeliveryActionError {
  return new DeliveryActionError(409, 'ALREADY_DONE', `delivery ${id} was already delivered`);
}

function changedMeanwhile(id: string): DeliveryActionError {
  return new DeliveryActionError(409, 'CONFLICT', `delivery ${id} changed meanwhile; look again`);
}

/** The filter as JSON for the audit log (dates as ISO text, unset fields left out). */
function describeFilter(filter: Omit<DeliveryListQuery, 'limit' | 'offset'>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(filter)) {
    if (value !== undefined) out[key] = value instanceof Date ? value.toISOString() : String(value);
  }
  return out;
}
