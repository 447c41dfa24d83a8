import { sql, type Kysely } from 'kysely';
import { countAll, toCount } from './dialect';
import type {
  DeliveryDestinationCount,
  DeliveryErrorGroup,
  DeliveryErrorSummary,
  DeliveryStatusCounts,
} from './deliveries.types';
import { errorReason } from './error-reason';
import { DELIVERY_STATUSES, type DeliveryStatus, type LedgerSchema } from './schema';

/** Distinct error messages read to build the error groups (each folds into one reason). */
const ERROR_GROUPS_SCANNED = 20_000;
/** Most recent failed rows read to pick each group's sample ids. */
const ERROR_SAMPLES_SCANNED = 2_000;

/** Aggregates over deliveries for the console, metrics and error pages: counts and error groups. */
export class DeliveryReportsRepository {
  constructor(private readonly db: Kysely<LedgerSchema>) {}

  /**
   * Deliveries in `status` (default dead) grouped by destination, error code and reason (the
   * message without per-record ids, see {@link errorReason}), largest group first, each with its
   * time span and up to `samples` recent ids: 500 failures of one cause are one line.
   */
  async errorSummaries(
    opts: {
      status?: DeliveryStatus;
      destinationConnectionId?: string;
      limit?: number;
      samples?: number;
    } = {},
  ): Promise<DeliveryErrorSummary[]> {
    const status = opts.status ?? 'dead';
    let query = this.db.selectFrom('deliveries').where('status', '=', status);
    if (opts.destinationConnectionId) {
      query = query.where('destination_connection_id', '=', opts.destinationConnectionId);
    }
    // Exact counts per distinct message in SQL, folded into reasons here (SQL cannot strip ids).
    const exact = await query
      .select((eb) => [
        'destination_connection_id',
        'error_code',
        'last_error',
        countAll().as('n'),
        eb.fn.min('updated_at').as('oldest'),
        eb.fn.max('updated_at').as('newest'),
      ])
      .groupBy(['destination_connection_id', 'error_code', 'last_error'])
      .limit(ERROR_GROUPS_SCANNED)
      .execute();
    const groups = new Map<string, DeliveryErrorSummary>();
    const keyOf = (dest: string, code: string | null, message: string | null) =>
      JSON.stringify([dest, code, errorReason(message)]);
    for (const g of exact) {
      const key = keyOf(g.destination_connection_id, g.error_code, g.last_error);
      const group = groups.get(key) ?? {
        destinationConnectionId: g.destination_connection_id,
        errorCode: g.error_code,
        lastError: g.last_error,
        reason: errorReason(g.last_error),
        count: 0,
        oldestAt: String(g.oldest),
        newestAt: String(g.newest),
        sampleIds: [],
      };
      group.count += toCount(g.n);
      if (String(g.oldest) < group.oldestAt) group.oldestAt = String(g.oldest);
      if (String(g.newest) > group.newestAt) group.newestAt = String(g.newest);
      groups.set(key, group);
    }
    const recent = await query
      .select(['id', 'destination_connection_id', 'error_code', 'last_error'])
      .orderBy('updated_at', 'desc')
      .orderBy('id')
      .limit(ERROR_SAMPLES_SCANNED)
      .execute();
    for (const r of recent) {
      const group = groups.get(keyOf(r.destination_connection_id, r.error_code, r.last_error));
      if (group && group.sampleIds.length < (opts.samples ?? 5)) {
        if (group.sampleIds.length === 0) group.lastError = r.last_error; // the newest wording
        group.sampleIds.push(r.id);
      }
    }
    return [...groups.values()]
      .sort((a, b) => b.count - a.count || a.destinationConnectionId.localeCompare(b.destinationConnectionId))
      .slice(0, opts.limit ?? 50);
  }

  /** Deliveries in `status` (default dead) grouped by error code and message, largest group first. */
  async errorsGroupedByReason(
    opts: { status?: DeliveryStatus; destinationConnectionId?: string; limit?: number } = {},
  ): Promise<DeliveryErrorGroup[]> {
    let query = this.db
      .selectFrom('deliveries')
      .select(['error_code', 'last_error', countAll().as('n')])
      .where('status', '=', opts.status ?? 'dead');
    if (opts.destinationConnectionId) {
      query = query.where('destination_connection_id', '=', opts.destinationConnectionId);
    }
    const rows = await query
      .groupBy(['error_code', 'last_error'])
      .orderBy(sql`count(*)`, 'desc')
      .orderBy('error_code')
      .orderBy('last_error')
      .limit(opts.limit ?? 50)
      .execute();
    return rows.map((r) => ({ errorCode: r.error_code, lastError: r.last_error, count: toCount(r.n) }));
  }

  /** Number of deliveries per status (zero for statuses with none). */
  async countByStatus(): Promise<DeliveryStatusCounts> {
    const rows = await this.db
      .selectFrom('deliveries')
      .select(['status', countAll().as('n')])
      .groupBy('status')
      .execute();
    const counts = Object.fromEntries(DELIVERY_STATUSES.map((s) => [s, 0])) as DeliveryStatusCounts;
    for (const r of rows) counts[r.status] = toCount(r.n);
    return counts;
  }

  /** Number of deliveries per destination connection and status (only non-empty groups). */
  async countByDestinationAndStatus(): Promise<DeliveryDestinationCount[]> {
    const rows = await this.db
      .selectFrom('deliveries')
      .select(['destination_connection_id', 'status', countAll().as('n')])
      .groupBy(['destination_connection_id', 'status'])
      .orderBy('destination_connection_id')
      .orderBy('status')
      .execute();
    return rows.map((r) => ({
      destinationConnectionId: r.destination_connection_id,
      status: r.status,
      count: toCount(r.n),
    }));
  }
}
