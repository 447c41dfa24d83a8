import { sql, type Kysely } from 'kysely';
import { countAll, toCount } from './dialect';
import type { LedgerSchema } from './schema';

/** How one destination is keeping up, from its delivery rows. */
export interface DestinationActivity {
  destinationConnectionId: string;
  /** createdAt of the oldest pending delivery (ISO), or null when nothing waits. */
  oldestPendingAt: string | null;
  /** deliveredAt of the newest done delivery (ISO), or null when nothing was delivered yet. */
  lastDeliveredAt: string | null;
  /** Deliveries done since the `since` of the query. */
  deliveredSince: number;
}

/** How much one source connection brought in, from its records. */
export interface SourceActivity {
  originConnectionId: string;
  /** Records stored or changed since the `since` of the query. */
  changedSince: number;
}

/**
 * Read-only figures for the console and the state gauges (throughput, lag, oldest pending age,
 * quarantine per connection). Aggregates only: one grouped query per figure, whatever the volume.
 */
export class ActivityRepository {
  constructor(private readonly db: Kysely<LedgerSchema>) {}

  /** Per destination that has any delivery row. */
  async destinations(since: Date): Promise<DestinationActivity[]> {
    const at = since.toISOString();
    const rows = await this.db
      .selectFrom('deliveries')
      .select((eb) => [
        'destination_connection_id',
        // ISO text compares in time order in both dialects (schema.ts), so min/max work on it.
        sql<string | null>`min(case when status = 'pending' then created_at end)`.as('oldest_pending'),
        eb.fn.max('delivered_at').as('last_delivered'),
        sql<string | number>`sum(case when status = 'done' and delivered_at >= ${at} then 1 else 0 end)`.as(
          'recent',
        ),
      ])
      .groupBy('destination_connection_id')
      .orderBy('destination_connection_id')
      .execute();
    return rows.map((r) => ({
      destinationConnectionId: r.destination_connection_id,
      oldestPendingAt: r.oldest_pending ?? null,
      lastDeliveredAt: r.last_delivered ?? null,
      deliveredSince: toCount(r.recent),
    }));
  }

  /** Per source connection with records changed since `since` (others are absent: zero). */
  async sources(since: Date): Promise<SourceActivity[]> {
    const rows = await this.db
      .selectFrom('records')
      .select(['origin_connection_id', countAll().as('n')])
      .where('updated_at', '>=', since.toISOString())
      .groupBy('origin_connection_id')
      .execute();
    return rows.map((r) => ({ originConnectionId: r.origin_connection_id, changedSince: toCount(r.n) }));
  }

  /** Unresolved quarantine entries per connection (only non-zero ones). */
  async quarantinedByConnection(): Promise<{ connectionId: string; count: number }[]> {
    const rows = await this.db
      .selectFrom('quarantine')
      .select(['connection_id', countAll().as('n')])
      .where('resolved_at', 'is', null)
      .groupBy('connection_id')
      .execute();
    return rows.map((r) => ({ connectionId: r.connection_id, count: toCount(r.n) }));
  }
}
