import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Prometheus series for the hub. Counters and histograms are updated on the hot paths; gauges that
 * describe ledger or queue state are refreshed by `StateGaugesCollector` when /metrics is scraped.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  readonly jobs = new Counter({
    name: 'poshub_jobs_total',
    help: 'Jobs processed, by queue and outcome (completed, retry, rate_limited, dead, failed, delayed).',
    labelNames: ['queue', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly recordsPulled = new Counter({
    name: 'poshub_records_pulled_total',
    help: 'Source records read, by connection, stream and result (stored, unchanged, quarantined).',
    labelNames: ['connection', 'stream', 'result'] as const,
    registers: [this.registry],
  });

  readonly deliveryOutcomes = new Counter({
    name: 'poshub_delivery_outcomes_total',
    help: 'Delivery attempts by destination and outcome.',
    labelNames: ['destination', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly deliveryLatency = new Histogram({
    name: 'poshub_delivery_latency_seconds',
    help: 'Time from the sale (record occurredAt, else record creation) until the destination confirmed it.',
    labelNames: ['destination'] as const,
    buckets: [0.1, 0.5, 1, 2, 5, 10, 30, 60, 300, 900, 3600, 21600, 86400],
    registers: [this.registry],
  });

  readonly deliveries = new Gauge({
    name: 'poshub_deliveries',
    help: 'Delivery rows in the ledger by destination and status.',
    labelNames: ['destination', 'status'] as const,
    registers: [this.registry],
  });

  readonly quarantined = new Gauge({
    name: 'poshub_quarantined_records',
    help: 'Unresolved quarantined source records, by source connection.',
    labelNames: ['connection'] as const,
    registers: [this.registry],
  });

  readonly oldestPendingAge = new Gauge({
    name: 'poshub_oldest_pending_age_seconds',
    help: 'Age of the oldest pending delivery per destination (0 when nothing waits).',
    labelNames: ['destination'] as const,
    registers: [this.registry],
  });

  readonly lastSync = new Gauge({
    name: 'poshub_last_sync_timestamp_seconds',
    help: 'Unix time of the last read of a source stream that finished without error (lag = time() - this).',
    labelNames: ['connection', 'stream'] as const,
    registers: [this.registry],
  });

  readonly connectionStatus = new Gauge({
    name: 'poshub_connection_status',
    help: 'Health status of each connection as the ledger records it (1 for the current status).',
    labelNames: ['connection', 'status'] as const,
    registers: [this.registry],
  });

  readonly authFailures = new Counter({
    name: 'poshub_auth_failures_total',
    help: 'Connector HTTP calls refused for credentials (401/403), by connection.',
    labelNames: ['connection'] as const,
    registers: [this.registry],
  });

  readonly rateLimited = new Counter({
    name: 'poshub_rate_limited_total',
    help: 'Connector HTTP calls answered 429, by connection.',
    labelNames: ['connection'] as const,
    registers: [this.registry],
  });

  readonly queueDepth = new Gauge({
    name: 'poshub_queue_jobs',
    help: 'Jobs in each queue by state.',
    labelNames: ['queue', 'state'] as const,
    registers: [this.registry],
  });

  readonly lowStockItems = new Gauge({
    name: 'poshub_low_stock_items',
    help: 'Stock figures at or below their low-stock threshold, by connection and location (docs/stock-sync.md).',
    labelNames: ['connection', 'location'] as const,
    registers: [this.registry],
  });

  readonly httpRequests = new Histogram({
    name: 'poshub_http_request_duration_seconds',
    help: 'Connector HTTP calls by connection, method and status.',
    labelNames: ['connection', 'method', 'status'] as const,
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });

  readonly rateLimitWait = new Counter({
    name: 'poshub_rate_limit_wait_seconds_total',
    help: 'Time connector calls waited for the rate governor, by connection.',
    labelNames: ['connection'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'poshub_process_' });
  }
}
