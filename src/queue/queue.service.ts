import { Inject, Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { BULL_CONNECTION, QUEUE_PREFIX } from '../app/tokens';
import { DeliverJobData, FetchJobData, PullJobData, PullReason, SummarizeJobData } from './job-payloads';
import { DeliveryRetryPolicy, deliverJobOptions, PULL_JOB_OPTIONS } from './job-options';
import { deliverQueueName, PULL_QUEUE } from './queue-names';

/**
 * Producer side of every queue. Queues are created lazily per name and share one Redis
 * connection; workers live in the pipeline.
 */
@Injectable()
export class QueueService {
  private readonly queues = new Map<string, Queue>();

  constructor(
    @Inject(BULL_CONNECTION) private readonly connection: Redis,
    @Inject(QUEUE_PREFIX) readonly prefix: string,
  ) {}

  /** The queue with this name (created on first use). */
  queue(name: string): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: this.connection, prefix: this.prefix });
      this.queues.set(name, queue);
    }
    return queue;
  }

  /** All queues this process has touched, for metrics and the admin API. */
  knownQueues(): Queue[] {
    return [...this.queues.values()];
  }

  /**
   * Enqueues deliver jobs with job id = delivery id. Safe to call again for the same ids: BullMQ
   * ignores an add whose id it still holds, and the deliver step re-checks the ledger row.
   */
  async enqueueDeliveries(
    destinationConnectionId: string,
    deliveryIds: readonly string[],
    policy: DeliveryRetryPolicy,
  ): Promise<void> {
    if (deliveryIds.length === 0) return;
    const queue = this.queue(deliverQueueName(destinationConnectionId));
    for (let i = 0; i < deliveryIds.length; i += 500) {
      const chunk = deliveryIds.slice(i, i + 500);
      await queue.addBulk(
        chunk.map((deliveryId) => ({
          name: 'deliver',
          data: { type: 'deliver', deliveryId } satisfies DeliverJobData,
          opts: deliverJobOptions(deliveryId, policy),
        })),
      );
    }
  }

  /**
   * Puts a delivery back on its queue after an operator retry: the finished job with the same id
   * is removed first, otherwise BullMQ would treat the add as a duplicate.
   */
  async requeueDelivery(
    destinationConnectionId: string,
    deliveryId: string,
    policy: DeliveryRetryPolicy,
  ): Promise<void> {
    const queue = this.queue(deliverQueueName(destinationConnectionId));
    const existing = await queue.getJob(deliveryId);
    if (existing) {
      const state = await existing.getState();
      if (state === 'active') return; // the running job re-reads the ledger row when it finishes
      await existing.remove();
    }
    await this.enqueueDeliveries(destinationConnectionId, [deliveryId], policy);
  }

  /**
   * Asks for a pull of one stream now. While one such request waits or runs, further requests
   * for the same stream are folded into it (BullMQ deduplication by id).
   */
  async enqueuePull(connectionId: string, stream: string, reason: PullReason): Promise<void> {
    const data: PullJobData = { type: 'pull', connectionId, stream, reason };
    await this.queue(PULL_QUEUE).add('pull', data, {
      ...PULL_JOB_OPTIONS,
      deduplication: { id: `pull.${connectionId}.${stream}` },
    });
  }

  /**
   * Asks a worker to fetch records a webhook announced. The job id is derived from the event, so a
   * redelivered event that is still queued is not queued twice.
   */
  async enqueueFetch(
    connectionId: string,
    stream: string,
    ids: readonly string[],
    eventId: string,
  ): Promise<void> {
    const data: FetchJobData = { type: 'fetch', connectionId, stream, ids };
    const jobId = `fetch.${connectionId}.${eventId}`.replace(/[^A-Za-z0-9._-]/g, '_');
    await this.queue(PULL_QUEUE).add('fetch', data, { ...PULL_JOB_OPTIONS, attempts: 8, jobId });
  }

  /**
   * Asks for a rebuild of daily summaries. Builds are idempotent (recomputed from the ledger), so
   * a request per committed page is fine; the short delay lets a burst of pages settle first.
   */
  async enqueueSummaries(keys: readonly Omit<SummarizeJobData, 'type'>[], delayMs = 500): Promise<void> {
    if (keys.length === 0) return;
    await this.queue(PULL_QUEUE).addBulk(
      keys.map((key) => ({
        name: 'summarize',
        data: { type: 'summarize', ...key } satisfies SummarizeJobData,
        opts: { ...PULL_JOB_OPTIONS, attempts: 8, delay: delayMs },
      })),
    );
  }

  /** Closes every queue; called last-but-one by the lifecycle (before Redis quits). */
  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    this.queues.clear();
  }
}
