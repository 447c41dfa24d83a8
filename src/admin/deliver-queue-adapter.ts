import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import type { Job, Queue } from 'bullmq';
import type { DeliverJobData, PoshubJobData } from '../queue/job-payloads';

/** Retries one delivery the way the admin API does (ledger row back to pending, audited, re-queued). */
export type RetryDelivery = (deliveryId: string) => Promise<void>;

/**
 * Bull Board's adapter for a deliver queue. A deliver job is only a reminder: the ledger row
 * decides whether work remains, and a dead row stays dead whatever happens to its job. So Bull
 * Board's "retry" (one job or all failed ones) is turned into the same ledger retry the API and
 * the console do, instead of re-running a job that would find its row dead and do nothing.
 * Completed jobs are not retried: their deliveries are done (the API refuses to redo them too).
 */
export class DeliverQueueAdapter extends BullMQAdapter {
  constructor(
    queue: Queue,
    private readonly retryDelivery: RetryDelivery,
  ) {
    // The base adapter reads allowCompletedRetries although BullMQAdapter's options type omits it.
    const options = {
      allowCompletedRetries: false,
      description: 'deliveries: retry puts the ledger row back to pending (audited)',
    } as ConstructorParameters<typeof BullMQAdapter>[1];
    super(queue, options);
  }

  override async getJob(id: string): Promise<Job | undefined> {
    const job = await super.getJob(id);
    return job ? this.withLedgerRetry(job) : job;
  }

  override async getJobs(
    statuses: Parameters<BullMQAdapter['getJobs']>[0],
    start?: number,
    end?: number,
  ): Promise<Job[]> {
    const jobs = await super.getJobs(statuses, start, end);
    return jobs.map((job) => this.withLedgerRetry(job));
  }

  private withLedgerRetry(job: Job): Job {
    const data = job.data as PoshubJobData | undefined;
    if (data?.type !== 'deliver') return job;
    const { deliveryId } = data satisfies DeliverJobData;
    const retry = async (state?: 'completed' | 'failed'): Promise<void> => {
      if (state === 'completed') {
        throw new Error(`delivery ${deliveryId} is done; completed deliveries are not sent again`);
      }
      await this.retryDelivery(deliveryId);
    };
    // The object is fetched for this request only, so shadowing its method changes nothing else.
    return Object.assign(job, { retry });
  }
}
