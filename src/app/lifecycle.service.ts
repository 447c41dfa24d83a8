import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { Ledger } from '../ledger';
import { ConnectionRuntime } from '../pipeline/connection-runtime.service';
import { OutboxRelayService } from '../pipeline/outbox-relay.service';
import { SchedulerService } from '../pipeline/scheduler.service';
import { WorkersService } from '../pipeline/workers.service';
import { QueueService } from '../queue/queue.service';
import type { PoshubConfig } from '../config';
import { BULL_CONNECTION, LEDGER, POSHUB_CONFIG, REDIS, ROLE } from './tokens';
import type { Role } from './role';
import { runsWorkers, runsScheduler } from './role';

/**
 * Starts and stops the moving parts in a fixed order. On SIGTERM: stop taking jobs and wait for
 * running ones, stop the relay, close queues and connector sockets, then Redis, then the ledger,
 * so nothing is torn down while something still uses it.
 */
@Injectable()
export class LifecycleService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('lifecycle');

  constructor(
    @Inject(ROLE) private readonly role: Role,
    @Inject(LEDGER) private readonly ledger: Ledger,
    @Inject(POSHUB_CONFIG) private readonly config: PoshubConfig,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(BULL_CONNECTION) private readonly bullConnection: Redis,
    private readonly workers: WorkersService,
    private readonly relay: OutboxRelayService,
    private readonly scheduler: SchedulerService,
    private readonly queues: QueueService,
    private readonly runtime: ConnectionRuntime,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // Connections are mirrored into the ledger with their secrets sealed, for the admin API and audit.
    for (const [id, connection] of Object.entries(this.config.connections)) {
      await this.ledger.connections.upsert({
        id,
        connector: connection.connector,
        config: connection.config,
      });
    }
    if (runsScheduler(this.role)) this.scheduler.start();
    if (runsWorkers(this.role)) {
      await this.workers.resumeAuthPaused();
      this.workers.start();
    }
    if (runsWorkers(this.role) || runsScheduler(this.role)) this.relay.start();
    this.logger.log({ msg: `poshub started`, role: this.role });
  }

  async onApplicationShutdown(signal?: string): Promise<void> {
    this.logger.log({ msg: 'shutting down', signal });
    await this.workers.close();
    await this.relay.close();
    this.scheduler.close();
    await this.queues.close();
    await this.runtime.close();
    await Promise.all([
      this.redis.quit().catch(() => undefined),
      this.bullConnection.quit().catch(() => undefined),
    ]);
    await this.ledger.close();
  }
}
