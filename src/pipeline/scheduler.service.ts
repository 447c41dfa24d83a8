import { Inject, Injectable, Logger } from '@nestjs/common';
import { ENV, POSHUB_CONFIG } from '../app/tokens';
import type { Env, PoshubConfig } from '../config';
import { PULL_JOB_OPTIONS } from '../queue/job-options';
import type { PullJobData } from '../queue/job-payloads';
import { QueueService } from '../queue/queue.service';
import { PULL_QUEUE, pullSchedulerId } from '../queue/queue-names';

/**
 * Keeps BullMQ job schedulers in line with `schedules:` in poshub.yaml: one scheduler per
 * (connection, stream), created or updated at start and again every relay interval (a flushed
 * Redis loses its schedulers too), and removed when no longer configured.
 */
@Injectable()
export class SchedulerService {
  private readonly logger = new Logger('scheduler');
  private timer?: NodeJS.Timeout;

  constructor(
    @Inject(POSHUB_CONFIG) private readonly config: PoshubConfig,
    @Inject(ENV) private readonly env: Env,
    private readonly queues: QueueService,
  ) {}

  /** Syncs now and on every relay interval. */
  start(): void {
    const run = () =>
      void this.sync().catch((e: Error) => this.logger.error({ msg: `schedule sync failed: ${e.message}` }));
    run();
    this.timer = setInterval(run, this.env.POSHUB_RELAY_INTERVAL_MS);
    this.timer.unref();
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async sync(): Promise<string[]> {
    const queue = this.queues.queue(PULL_QUEUE);
    const wanted = new Set<string>();
    for (const schedule of this.config.schedules) {
      const id = pullSchedulerId(schedule.connection, schedule.stream);
      wanted.add(id);
      const repeat = schedule.cron ? { pattern: schedule.cron } : { every: schedule.everyMs };
      const data: PullJobData = {
        type: 'pull',
        connectionId: schedule.connection,
        stream: schedule.stream,
        reason: 'schedule',
      };
      await queue.upsertJobScheduler(id, repeat, { name: 'pull', data, opts: PULL_JOB_OPTIONS });
    }
    for (const existing of await queue.getJobSchedulers()) {
      if (existing.key && !wanted.has(existing.key)) await queue.removeJobScheduler(existing.key);
    }
    this.logger.debug({ msg: 'schedules synced', schedulers: [...wanted] });
    return [...wanted];
  }
}
