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
    this.metrics.quarantined.set(await this.ledger.quarantine.count());
    // Sets poshub_low_stock_items as a side effect.
    if (this.stock.configured) await this.stock.lowStock();
    const names = [PULL_QUEUE, ...this.routes.destinations().map(deliverQueueName)];
    for (const name of names) {
      const counts = await this.queues.queue(name).getJobCounts(...JOB_STATES);
      for (const state of JOB_STATES) this.metrics.queueDepth.set({ queue: name, state }, counts[state] ?? 0);
    }
  }
}
