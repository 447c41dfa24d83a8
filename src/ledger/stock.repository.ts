import type { Kysely } from 'kysely';
import type { LedgerSchema } from './schema';

/** The current version of one record, with its data and when that version was stored. */
export interface CurrentRecord {
  recordId: string;
  externalId: string;
  version: number;
  data: unknown;
  /** When this version was stored in the ledger. */
  storedAt: string;
}

/** One stored version of a record, oldest first in {@link StockRepository.versions}. */
export interface StoredVersion {
  version: number;
  data: unknown;
  storedAt: string;
}

/** Statuses of a delivery whose record the destination does not hold yet (dead ones may be retried). */
const NOT_ARRIVED = ['pending', 'dead'] as const;

/**
 * The reads stock sync needs that the generic records repository has no query for: every current
 * record of a kind and origin (stock figures), the transactions a route has not delivered yet, and
 * the newest transaction time poshub has pulled (the POS high-water mark). Read-only: derived stock
 * records are written through the records repository like any other.
 */
export class StockRepository {
  constructor(private readonly db: Kysely<LedgerSchema>) {}

  /** Current versions of every record of `kind` from `originConnectionId`, by external id. */
  async listCurrent(kind: string, originConnectionId: string): Promise<CurrentRecord[]> {
    const rows = await this.current()
      .where('r.kind', '=', kind)
      .where('r.origin_connection_id', '=', originConnectionId)
      .orderBy('r.external_id', 'asc')
      .execute();
    return rows.map(toCurrent);
  }

  /**
   * Current versions of the transactions from `originConnectionId` that one of `routeIds` has to
   * deliver and has not delivered yet: a pending or dead delivery and no done one on those routes.
   * Driven by the deliveries' status index, so it costs the size of the backlog, not of the ledger.
   */
  async undelivered(originConnectionId: string, routeIds: readonly string[]): Promise<CurrentRecord[]> {
    if (routeIds.length === 0) return [];
    const rows = await this.current()
      .where('r.kind', '=', 'transaction')
      .where('r.origin_connection_id', '=', originConnectionId)
      .where((eb) =>
        eb.and([
          eb.exists(
            eb
              .selectFrom('deliveries as d')
              .select('d.id')
              .whereRef('d.record_id', '=', 'r.id')
              .where('d.route_id', 'in', [...routeIds])
              .where('d.status', 'in', [...NOT_ARRIVED]),
          ),
          eb.not(
            eb.exists(
              eb
                .selectFrom('deliveries as done')
                .select('done.id')
                .whereRef('done.record_id', '=', 'r.id')
                .where('done.route_id', 'in', [...routeIds])
                .where('done.status', '=', 'done'),
            ),
          ),
        ]),
      )
      .orderBy('r.external_id', 'asc')
      .execute();
    return rows.map(toCurrent);
  }

  /** The newest `occurred_at` of the records of `kind` from `originConnectionId` (ISO UTC), if any. */
  async newestOccurredAt(kind: string, originConnectionId: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('records')
      .select((eb) => eb.fn.max('occurred_at').as('newest'))
      .where('kind', '=', kind)
      .where('origin_connection_id', '=', originConnectionId)
      .executeTakeFirst();
    return row?.newest ?? undefined;
  }

  /** Every stored version of a record, oldest first (low-stock alerts date their start with it). */
  async versions(recordId: string): Promise<StoredVersion[]> {
    const rows = await this.db
      .selectFrom('record_versions')
      .select(['version', 'data', 'created_at'])
      .where('record_id', '=', recordId)
      .orderBy('version', 'asc')
      .execute();
    return rows.map((r) => ({
      version: r.version,
      data: JSON.parse(r.data) as unknown,
      storedAt: r.created_at,
    }));
  }

  private current() {
    return this.db
      .selectFrom('records as r')
      .innerJoin('record_versions as v', (join) =>
        join.onRef('v.record_id', '=', 'r.id').onRef('v.version', '=', 'r.version'),
      )
      .select(['r.id', 'r.external_id', 'r.version', 'v.data', 'v.created_at']);
  }
}

function toCurrent(row: {
  id: string;
  external_id: string;
  version: number;
  data: string;
  created_at: string;
}): CurrentRecord {
  return {
    recordId: row.id,
    externalId: row.external_id,
    version: row.version,
    data: JSON.parse(row.data) as unknown,
    storedAt: row.created_at,
  };
}
