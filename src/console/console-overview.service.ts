import { Inject, Injectable } from '@nestjs/common';
import { LEDGER, POSHUB_CONFIG } from '../app/tokens';
import type { PoshubConfig } from '../config';
import type { DeliveryErrorGroup, Ledger } from '../ledger';
import { RouteTable } from '../pipeline/route-table';
import { QueueService } from '../queue/queue.service';
import { deliverQueueName } from '../queue/queue-names';
import { connectionHealth, type ConnectionHealth } from './connection-health';

/** Throughput is measured over this window and reported per minute. */
export const THROUGHPUT_WINDOW_MS = 15 * 60_000;

/** One connection as the console shows it. Never carries config or secrets. */
export interface ConnectionOverview {
  id: string;
  connector: string;
  /** Reads from it (source), writes to it (destination), or both. */
  roles: ('source' | 'destination')[];
  health: ConnectionHealth;
  /** Why it is not ok (auth error text, paused queue …), or null. */
  healthReason: string | null;
  /** Newest checkpoint write (source) or newest delivery (destination), ISO; null when never. */
  lastSuccessfulSync: string | null;
  /** Source: seconds since the last successful read. Destination: age of the oldest pending delivery. */
  lagSeconds: number | null;
  /** Records changed (source) or deliveries done (destination) per minute, over the last 15 minutes. */
  throughputPerMinute: number;
  pending: number;
  dead: number;
  quarantined: number;
  queuePaused: boolean;
  /** Dead deliveries to this destination grouped by error, largest first. */
  errors: DeliveryErrorGroup[];
}

export interface ConsoleOverview {
  generatedAt: string;
  connections: ConnectionOverview[];
}

/**
 * Assembles the console's one-screen view from aggregate ledger queries and queue state, so the
 * page needs one request per refresh however many records the ledger holds.
 */
@Injectable()
export class ConsoleOverviewService {
  constructor(
    @Inject(LEDGER) private readonly ledger: Ledger,
    @Inject(POSHUB_CONFIG) private readonly config: PoshubConfig,
    private readonly routes: RouteTable,
    private readonly queues: QueueService,
  ) {}

  async overview(now = new Date()): Promise<ConsoleOverview> {
    const since = new Date(now.getTime() - THROUGHPUT_WINDOW_MS);
    const [stored, counts, checkpoints, destinations, sources, quarantined] = await Promise.all([
      this.ledger.connections.list(),
      this.ledger.deliveries.countByDestinationAndStatus(),
      this.ledger.checkpoints.list(),
      this.ledger.activity.destinations(since),
      this.ledger.activity.sources(since),
      this.ledger.activity.quarantinedByConnection(),
    ]);
    const destinationIds = new Set(this.routes.destinations());
    const sourceIds = new Set(this.routes.routes().map((r) => r.sourceConnectionId));
    for (const s of this.config.schedules) sourceIds.add(s.connection);

    const connections: ConnectionOverview[] = [];
    for (const [id, connection] of Object.entries(this.config.connections)) {
      const row = stored.find((c) => c.id === id);
      const isSource = sourceIds.has(id);
      const isDestination = destinationIds.has(id);
      const count = (status: string) =>
        counts.find((c) => c.destinationConnectionId === id && c.status === status)?.count ?? 0;
      const activity = destinations.find((d) => d.destinationConnectionId === id);
      const lastRead = newest(checkpoints.filter((c) => c.connectionId === id).map((c) => c.updatedAt));
      const queuePaused = isDestination ? await this.queues.queue(deliverQueueName(id)).isPaused() : false;
      const dead = count('dead');
      // A destination with nothing waiting is not behind at all: 0, not "unknown".
      const lagSeconds = isDestination
        ? (secondsSince(activity?.oldestPendingAt ?? null, now) ?? 0)
        : secondsSince(lastRead, now);
      const health = connectionHealth({
        status: row?.status ?? 'ok',
        statusMessage: row?.statusMessage ?? null,
        paused: (row?.paused ?? false) || queuePaused,
        dead,
        sourceLagSeconds: isSource ? secondsSince(lastRead, now) : null,
        expectedEveryMs: this.shortestSchedule(id),
      });
      const moved = isDestination
        ? (activity?.deliveredSince ?? 0)
        : (sources.find((s) => s.originConnectionId === id)?.changedSince ?? 0);
      connections.push({
        id,
        connector: connection.connector,
        roles: [...(isSource ? ['source' as const] : []), ...(isDestination ? ['destination' as const] : [])],
        health: health.health,
        healthReason: health.reason,
        lastSuccessfulSync: isDestination && !isSource ? (activity?.lastDeliveredAt ?? null) : lastRead,
        lagSeconds,
        throughputPerMinute: Math.round((moved / (THROUGHPUT_WINDOW_MS / 60_000)) * 100) / 100,
        pending: count('pending'),
        dead,
        quarantined: quarantined.find((q) => q.connectionId === id)?.count ?? 0,
        queuePaused,
        errors:
          dead > 0
            ? await this.ledger.deliveries.errorsGroupedByReason({ destinationConnectionId: id, limit: 20 })
            : [],
      });
    }
    return { generatedAt: now.toISOString(), connections };
  }

  /** The most frequent `every` schedule of a connection, in ms (undefined: cron or none). */
  private shortestSchedule(connectionId: string): number | undefined {
    const every = this.config.schedules
      .filter((s) => s.connection === connectionId && s.everyMs !== undefined)
      .map((s) => s.everyMs!);
    return every.length > 0 ? Math.min(...every) : undefined;
  }
}

function newest(isoTimes: readonly string[]): string | null {
  // ISO-8601 UTC strings sort in time order.
  return isoTimes.length === 0 ? null : [...isoTimes].sort().at(-1)!;
}

function secondsSince(iso: string | null, now: Date): number | null {
  if (iso === null) return null;
  return Math.max(0, Math.round((now.getTime() - Date.parse(iso)) / 1000));
}
