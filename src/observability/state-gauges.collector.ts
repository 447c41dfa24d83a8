import { Inject, Injectable } from '@nestjs/common';
import { LEDGER } from '../app/tokens';
import type { Ledger } from '../ledger';
import { QueueService } from '../queue/queue.service';
import { deliverQueueName, PULL_QUEUE } from '../queue/queue-names';
import { RouteTable } from '../pipeline/route-table';
import { StockReportService } from '../pipeline/stock/stock-report.service';
import { MetricsService } from './metrics.service';

const JOB_STATES = ['waiting', 'active', 'delayed', 'failed', 'completed', 'paused', 'prioritized'] as const;

/** Refreshes gauges that mirror ledger and queue state; called on each scrape. */
@Injectable()
export class StateGaugesCollector {
  constructor(
    @Inject(LEDGER) private readonly ledger: Ledger,
    private readonly queues: QueueService,
    private readonly routes: RouteTable,
    private readonly metrics: MetricsService,
    private readonly stock: StockReportService,
  ) {}

  async refresh(): Promise<void> {
    this.metrics.deliveries.reset();
    for (const row of await this.ledger.deliveries.countByDestinationAndStatus()) {
      this.metrics.deliveries.set(
        { destination: row.destinationConnectionId, status: row.status },
        row.count,
      );
    }
    await this.refreshLedgerFigures(new Date());
    // Sets poshub_low_stock_items as a side effect.
    if (this.stock.configured) await this.stock.lowStock();
    const names = [PULL_QUEUE, ...this.routes.destinations().map(deliverQueueName)];
    for (const name of names) {
      const counts = await this.queues.queue(name).getJobCounts(...JOB_STATES);
      for (const state of JOB_STATES) this.metrics.queueDepth.set({ queue: name, state }, counts[state] ?? 0);
    }
  }

  /**
   * Quarantine, oldest pending age, last successful sync and connection status: from the ledger, so
   * any api process reports them right whichever worker did the work.
   */
  private async refreshLedgerFigures(now: Date): Promise<void> {
    const [quarantined, activity, checkpoints, connections] = await Promise.all([
      this.ledger.activity.quarantinedByConnection(),
      this.ledger.activity.destinations(now),
      this.ledger.checkpoints.list(),
      this.ledger.connections.list(),
    ]);
    // Every configured source and destination gets a series, zero included, so alerts and panels
    // see 0 rather than "no data".
    this.metrics.quarantined.reset();
    for (const route of this.routes.routes())
      this.metrics.quarantined.set({ connection: route.sourceConnectionId }, 0);
    for (const q of quarantined) this.metrics.quarantined.set({ connection: q.connectionId }, q.count);

    this.metrics.oldestPendingAge.reset();
    for (const destination of this.routes.destinations())
      this.metrics.oldestPendingAge.set({ destination }, 0);
    for (const d of activity) {
      const age = d.oldestPendingAt ? Math.max(0, (now.getTime() - Date.parse(d.oldestPendingAt)) / 1000) : 0;
      this.metrics.oldestPendingAge.set({ destination: d.destinationConnectionId }, age);
    }

    this.metrics.lastSync.reset();
    for (const c of checkpoints)
      this.metrics.lastSync.set(
        { connection: c.connectionId, stream: c.stream },
        Date.parse(c.updatedAt) / 1000,
      );

    this.metrics.connectionStatus.reset();
    for (const c of connections) this.metrics.connectionStatus.set({ connection: c.id, status: c.status }, 1);
  }
}
