import { Inject, Injectable, Logger } from '@nestjs/common';
import { DelayedError, Job, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { BULL_CONNECTION, ENV, LEDGER, POSHUB_CONFIG, QUEUE_PREFIX } from '../app/tokens';
import type { Env, PoshubConfig } from '../config';
import type { Ledger } from '../ledger';
import { QueueService } from '../queue/queue.service';
import { MetricsService } from '../observability/metrics.service';
import { DELIVERY_BACKOFF, deliveryBackoffDelay } from '../queue/job-options';
import type { DeliverJobData, FetchJobData, PullJobData, SummarizeJobData } from '../queue/job-payloads';
import { deliverQueueName, PULL_QUEUE } from '../queue/queue-names';
import { ConnectionRuntime } from './connection-runtime.service';
import { DeliverProcessor } from './deliver.processor';
import { deliveryPolicyOf } from './delivery-policy';
import { PullService } from './pull.service';
import { DailySummaryService } from './summary/daily-summary.service';
import { RouteTable } from './route-table';

/**
 * Runs the BullMQ workers of this process: one for the pull queue and one per destination queue.
 * On shutdown it stops taking jobs and waits for the running ones (BullMQ `close()`); a job that
 * cannot finish is picked up again by another worker once its lock expires.
 */
@Injectable()
export class WorkersService {
  private readonly logger = new Logger('workers');
  private readonly workers: Worker[] = [];

  constructor(
    @Inject(BULL_CONNECTION) private readonly connection: Redis,
    @Inject(QUEUE_PREFIX) private readonly prefix: string,
    @Inject(ENV) private readonly env: Env,
    @Inject(POSHUB_CONFIG) private readonly config: PoshubConfig,
    @Inject(LEDGER) private readonly ledger: Ledger,
    private readonly queues: QueueService,
    private readonly routes: RouteTable,
    private readonly runtime: ConnectionRuntime,
    private readonly pulls: PullService,
    private readonly deliverer: DeliverProcessor,
    private readonly summaries: DailySummaryService,
    private readonly metrics: MetricsService,
  ) {}

  /** Starts every worker. Called by the app for the `worker` and `all` roles. */
  start(): void {
    const lockDuration = this.env.POSHUB_LOCK_DURATION_MS;
    const common = {
      connection: this.connection,
      prefix: this.prefix,
      lockDuration,
      stalledInterval: lockDuration,
      // The ledger, not the stalled counter, decides when a delivery is dead; a job that stalls
      // (its worker was killed) is simply run again.
      maxStalledCount: 1000,
    };
    const pull = new Worker<PullJobData | FetchJobData | SummarizeJobData>(
      PULL_QUEUE,
      async (job: Job<PullJobData | FetchJobData | SummarizeJobData>, token?: string) => {
        const result = await this.runSourceJob(job.data);
        if (typeof result === 'object' && 'status' in result && result.status === 'busy') {
          // Another worker is building that day right now: look again shortly, no attempt spent.
          await job.moveToDelayed(Date.now() + 1000, token);
          throw new DelayedError();
        }
        this.metrics.jobs.inc({ queue: PULL_QUEUE, outcome: 'completed' });
        return result;
      },
      { ...common, concurrency: 2 },
    );
    this.track(pull);

    const policy = deliveryPolicyOf(this.config);
    for (const destination of this.routes.destinations()) {
      const worker = new Worker<DeliverJobData>(
        deliverQueueName(destination),
        (job, token) => this.deliverer.process(destination, job, token),
        {
          ...common,
          concurrency: this.concurrencyFor(destination),
          settings: {
            backoffStrategy: (attemptsMade: number, type?: string) =>
              type === DELIVERY_BACKOFF ? deliveryBackoffDelay(attemptsMade, policy) : 1000,
          },
        },
      );
      this.track(worker);
    }
    this.logger.log({ msg: `workers started`, queues: this.workers.map((w) => w.name) });
  }

  private runSourceJob(data: PullJobData | FetchJobData | SummarizeJobData) {
    switch (data.type) {
      case 'fetch':
        return this.pulls.fetchAndCommit(data.connectionId, data.stream, data.ids);
      case 'summarize':
        return this.summaries.build(data);
      default:
        return this.pulls.pull(data.connectionId, data.stream);
    }
  }

  /**
   * Resumes destination queues that an auth failure paused, so a restart after fixing the
   * credentials picks the work up again; if they are still wrong, the first delivery pauses it anew.
   */
  async resumeAuthPaused(): Promise<string[]> {
    const resumed: string[] = [];
    for (const destination of this.routes.destinations()) {
      const connection = await this.ledger.connections.get(destination);
      if (connection?.status !== 'auth_failed') continue;
      const queue = this.queues.queue(deliverQueueName(destination));
      await queue.resume();
      // Jobs parked while the destination was refused go back to work now, not after their delay.
      await queue.promoteJobs();
      await this.ledger.connections.setStatus(destination, 'ok', null);
      resumed.push(destination);
    }
    if (resumed.length > 0)
      this.logger.warn({ msg: 'resumed destinations paused by an auth failure', resumed });
    return resumed;
  }

  /**
   * Enough concurrent deliveries for the largest batch a destination takes, so batches can fill;
   * otherwise the configured concurrency.
   */
  private concurrencyFor(destination: string): number {
    const entities = this.runtime.get(destination).definition.manifest.entities;
    const batchSizes = this.routes
      .routes()
      .filter((r) => r.destinationConnectionId === destination)
      .map((r) => entities.find((e) => e.name === r.entity)?.batch?.maxSize ?? 0);
    return Math.min(100, Math.max(this.env.POSHUB_WORKER_CONCURRENCY, ...batchSizes));
  }

  private track(worker: Worker): void {
    worker.on('error', (error) => this.logger.error({ queue: worker.name, msg: error.message }));
    worker.on('failed', (job, error) => {
      if (job && error.name !== 'UnrecoverableError') {
        this.logger.warn({
          queue: worker.name,
          jobId: job.id,
          attempt: job.attemptsMade,
          msg: error.message,
        });
      }
    });
    this.workers.push(worker);
  }

  /** Stops taking jobs and waits for the running ones. */
  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close()));
    this.workers.length = 0;
  }
}
