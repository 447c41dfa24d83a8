import { Inject, Injectable, Logger } from '@nestjs/common';
import { ENV, LEDGER, POSHUB_CONFIG } from '../app/tokens';
import type { Env, PoshubConfig } from '../config';
import type { Ledger } from '../ledger';
import { QueueService } from '../queue/queue.service';
import { deliverQueueName } from '../queue/queue-names';
import { deliveryPolicyOf } from './delivery-policy';
import { DailySummaryService } from './summary/daily-summary.service';

/** What one relay pass found. */
export interface RelaySummary {
  readonly pending: number;
  readonly requeued: number;
}

/**
 * Makes the ledger, not Redis, the authority on pending work: every pending delivery that Redis no
 * longer holds as a live job (flushed, restarted without persistence, failed by a stall, lost
 * between commit and enqueue) is enqueued again. Idempotent by job id, so relays in several
 * processes at once do no harm.
 */
@Injectable()
export class OutboxRelayService {
  private readonly logger = new Logger('relay');
  private timer?: NodeJS.Timeout;
  private running?: Promise<RelaySummary>;

  constructor(
    @Inject(LEDGER) private readonly ledger: Ledger,
    @Inject(POSHUB_CONFIG) private readonly config: PoshubConfig,
    @Inject(ENV) private readonly env: Env,
    private readonly queues: QueueService,
    private readonly summaries: DailySummaryService,
  ) {}

  /** Runs once now and then on the configured interval. */
  start(): void {
    void this.runOnce().catch((e: Error) => this.logger.error({ msg: `relay failed: ${e.message}` }));
    this.timer = setInterval(() => {
      void this.runOnce().catch((e: Error) => this.logger.error({ msg: `relay failed: ${e.message}` }));
    }, this.env.POSHUB_RELAY_INTERVAL_MS);
    this.timer.unref();
  }

  /** One pass over every pending delivery. Concurrent calls share the pass in flight. */
  runOnce(): Promise<RelaySummary> {
    this.running ??= this.pass().finally(() => (this.running = undefined));
    return this.running;
  }

  private async pass(): Promise<RelaySummary> {
    const policy = deliveryPolicyOf(this.config);
    let afterId: string | undefined;
    let pending = 0;
    let requeued = 0;
    for (;;) {
      const page = await this.ledger.deliveries.listPendingIds({ limit: 500, afterId });
      if (page.length === 0) break;
      pending += page.length;
      afterId = page[page.length - 1].id;
      const byDestination = new Map<string, string[]>();
      for (const row of page) {
        const queue = this.queues.queue(deliverQueueName(row.destinationConnectionId));
        const job = await queue.getJob(row.id);
        if (job) {
          const state = await job.getState();
          if (state !== 'completed' && state !== 'failed' && state !== 'unknown') continue;
          await job.remove().catch(() => undefined);
        }
        const list = byDestination.get(row.destinationConnectionId) ?? [];
        list.push(row.id);
        byDestination.set(row.destinationConnectionId, list);
      }
      for (const [destination, ids] of byDestination) {
        await this.queues.enqueueDeliveries(destination, ids, policy);
        requeued += ids.length;
      }
    }
    if (requeued > 0)
      this.logger.warn({ msg: `re-enqueued ${requeued} pending deliveries Redis had lost`, pending });
    // Summary days with unbuilt changes (their build job lost with Redis) or due to close.
    await this.summaries.enqueueDue();
    return { pending, requeued };
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }
}
