import { Inject, Injectable, Logger } from '@nestjs/common';
import { DelayedError, Job, UnrecoverableError } from 'bullmq';
import { LEDGER, POSHUB_CONFIG } from '../app/tokens';
import type { PoshubConfig } from '../config';
import { LinkConflictError, type Ledger } from '../ledger';
import { withCorrelation } from '../observability/correlation';
import { MetricsService } from '../observability/metrics.service';
import type { DeliverJobData } from '../queue/job-payloads';
import { QueueService } from '../queue/queue.service';
import { deliverQueueName } from '../queue/queue-names';
import { AuthError, ConfigError, ConnectorError, RateLimitedError, RejectedError } from '../sdk/errors';
import { DeliverService, DependencyBusyError } from './deliver.service';
import { deliveryPolicyOf } from './delivery-policy';

/** How long a paused (auth-failed) destination's jobs wait before they are looked at again. */
const AUTH_PARK_MS = 60_000;

/**
 * Turns a deliver job into a DeliverService call and connector errors into queue behaviour:
 *   RateLimitedError → wait Retry-After, no attempt spent;   TransientError / unknown → backoff retry,
 *   dead after the last attempt;   RejectedError → dead now;   AuthError / ConfigError → pause the
 *   destination queue and flag the connection.
 * The ledger row is updated before the queue is told, so the ledger never lags the queue.
 */
@Injectable()
export class DeliverProcessor {
  private readonly logger = new Logger('deliver');

  constructor(
    @Inject(LEDGER) private readonly ledger: Ledger,
    @Inject(POSHUB_CONFIG) private readonly config: PoshubConfig,
    private readonly deliverer: DeliverService,
    private readonly queues: QueueService,
    private readonly metrics: MetricsService,
  ) {}

  process(destination: string, job: Job<DeliverJobData>, token: string | undefined): Promise<string> {
    // Every log line of this job, HTTP calls included, names the delivery and (once loaded) its record.
    return withCorrelation({ deliveryId: job.data.deliveryId }, () => this.run(destination, job, token));
  }

  private async run(
    destination: string,
    job: Job<DeliverJobData>,
    token: string | undefined,
  ): Promise<string> {
    const { deliveryId } = job.data;
    const queueName = deliverQueueName(destination);
    try {
      const outcome = await this.deliverer.deliver(deliveryId);
      if (outcome.status === 'busy') return await this.park(job, token, 200 + Math.random() * 300, queueName);
      this.metrics.jobs.inc({
        queue: queueName,
        outcome: outcome.status === 'done' ? 'completed' : outcome.status,
      });
      this.metrics.deliveryOutcomes.inc({ destination, outcome: outcome.status });
      if (outcome.status === 'dead') {
        this.logger.warn({ destination, msg: `delivery dead: ${outcome.reason}` });
        throw new UnrecoverableError(outcome.reason);
      }
      this.logger.debug({ destination, outcome: outcome.status, msg: `delivery ${outcome.status}` });
      return outcome.status;
    } catch (error) {
      if (error instanceof DelayedError || error instanceof UnrecoverableError) throw error;
      if (error instanceof DependencyBusyError) return await this.park(job, token, 500, queueName);
      if (error instanceof RateLimitedError) {
        // The HTTP client already blocked the whole connection in the shared governor.
        this.metrics.deliveryOutcomes.inc({ destination, outcome: 'rate_limited' });
        return await this.park(job, token, error.retryAfterMs, queueName);
      }
      if (error instanceof AuthError || error instanceof ConfigError) {
        await this.ledger.connections.setStatus(destination, 'auth_failed', error.message);
        await this.queues.queue(queueName).pause();
        this.logger.error({ destination, msg: `destination paused: ${error.message}` });
        this.metrics.deliveryOutcomes.inc({ destination, outcome: 'auth_failed' });
        return await this.park(job, token, AUTH_PARK_MS, queueName);
      }
      const message = error instanceof Error ? error.message : String(error);
      const ownCode = (error as { code?: unknown }).code;
      const code =
        error instanceof ConnectorError ? error.code : typeof ownCode === 'string' ? ownCode : 'ERROR';
      if (error instanceof RejectedError || error instanceof LinkConflictError) {
        await this.ledger.deliveries.markDead(deliveryId, { error: message, code });
        this.metrics.deliveryOutcomes.inc({ destination, outcome: 'dead' });
        this.metrics.jobs.inc({ queue: queueName, outcome: 'dead' });
        this.logger.warn({ destination, code, msg: `delivery dead: ${message}` });
        throw new UnrecoverableError(message);
      }
      await this.ledger.deliveries.recordFailure(deliveryId, { error: message, code });
      const attempts = job.opts.attempts ?? deliveryPolicyOf(this.config).attempts;
      if (job.attemptsMade + 1 >= attempts) {
        const reason = `gave up after ${attempts} attempts: ${message}`;
        await this.ledger.deliveries.markDead(deliveryId, { error: reason, code });
        this.metrics.deliveryOutcomes.inc({ destination, outcome: 'dead' });
        this.metrics.jobs.inc({ queue: queueName, outcome: 'dead' });
        this.logger.warn({ destination, code, msg: `delivery dead: ${reason}` });
        throw new UnrecoverableError(reason);
      }
      this.metrics.deliveryOutcomes.inc({ destination, outcome: 'retry' });
      this.metrics.jobs.inc({ queue: queueName, outcome: 'retry' });
      throw error;
    }
  }

  /** Puts the job back in the delayed set without spending an attempt. */
  private async park(
    job: Job,
    token: string | undefined,
    delayMs: number,
    queueName: string,
  ): Promise<never> {
    this.metrics.jobs.inc({ queue: queueName, outcome: 'delayed' });
    await job.moveToDelayed(Date.now() + Math.max(0, Math.round(delayMs)), token);
    throw new DelayedError();
  }
}
