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

/** A POS sale a daily-summary route has not brought into the ERP's stock yet. */
export interface SummaryBacklogRecord extends CurrentRecord {
  /** The summary document (`<location>@<day>` or `…#<n>`) that counts this sale, if one does yet. */
  summaryExternalId: string | null;
}

/** Which daily-summary route, and the ledger origin of its summary documents (`summary.<route id>`). */
export interface SummaryRouteRef {
  readonly routeId: string;
  readonly summaryOrigin: string;
}

/** Statuses of a delivery whose record the destination does not hold yet (dead ones may be retried). */
const NOT_ARRIVED = ['pending', 'dead'] as const;

const CHUNK = 200;
const DAY_MS = 86_400_000;

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

  /**
   * POS sales of a daily-summary route that the ERP's stock does not hold yet (docs/stock-sync.md,
   * "Sales posted as daily summaries"): every current transaction from `originConnectionId` of kind `sale` except
   * those counted (`summary_members`) by a document of that route whose FINAL version's delivery is
   * done — an open day's draft document moves no stock at the ERP. Refunds are left out: they are
   * posted one by one and {@link undelivered} finds them by their own delivery rows.
   *
   * Cost: proportional to the sales not settled yet, not to the ledger. A sale can only be
   * unsettled while its business day is open, dirty (a sale not built into a document yet, late
   * sales of a closed day included: storing one marks its day dirty) or has a document whose
   * delivery is pending or dead. The oldest such day (the route's summary_days rows through their
   * primary key: one per location and day, far fewer than sales; plus the pending/dead deliveries
   * through the status index) bounds a range read of the transactions' `occurred_at` index; the
   * membership (primary key) and each document's current version and its delivery (unique keys)
   * are then looked up for the sales in that range only. A day's local start is never earlier than
   * 14 h before UTC midnight, so the range starts a whole day early.
   */
  async undeliveredSummarySales(
    originConnectionId: string,
    route: SummaryRouteRef,
  ): Promise<SummaryBacklogRecord[]> {
    const oldest = await this.oldestUnsettledDay(route);
    if (oldest === undefined) return [];
    const since = new Date(Date.parse(`${oldest}T00:00:00.000Z`) - DAY_MS).toISOString();
    const rows = await this.current()
      .leftJoin('summary_members as m', (join) =>
        join.onRef('m.member_record_id', '=', 'r.id').on('m.route_id', '=', route.routeId),
      )
      .select('m.summary_external_id')
      .where('r.kind', '=', 'transaction')
      .where('r.origin_connection_id', '=', originConnectionId)
      .where('r.occurred_at', '>=', since)
      .orderBy('r.external_id', 'asc')
      .execute();
    const sales = rows
      .map((row) => ({ ...toCurrent(row), summaryExternalId: row.summary_external_id ?? null }))
      .filter((row) => isPlainSale(row.data));
    const settled = await this.finalDelivered(route, [
      ...new Set(sales.flatMap((s) => (s.summaryExternalId === null ? [] : [s.summaryExternalId]))),
    ]);
    return sales.filter((s) => s.summaryExternalId === null || !settled.has(s.summaryExternalId));
  }

  /**
   * The oldest business day (`YYYY-MM-DD`) of the route that may still hold sales the ERP has not
   * booked: open or dirty, or one of its documents (`<location>@<day>[#n]`) not delivered yet.
   */
  private async oldestUnsettledDay(route: SummaryRouteRef): Promise<string | undefined> {
    const day = await this.db
      .selectFrom('summary_days')
      .select((eb) => eb.fn.min('business_day').as('oldest'))
      .where('route_id', '=', route.routeId)
      .where((eb) => eb.or([eb('status', '=', 'open'), eb('dirty', '=', 1)]))
      .executeTakeFirst();
    const documents = await this.db
      .selectFrom('deliveries as d')
      .innerJoin('records as s', 's.id', 'd.record_id')
      .select('s.external_id')
      .where('d.status', 'in', [...NOT_ARRIVED])
      .where('d.route_id', '=', route.routeId)
      .where('s.origin_connection_id', '=', route.summaryOrigin)
      .execute();
    const days = [
      ...(day?.oldest ? [day.oldest] : []),
      ...documents.map((d) => dayOfDocument(d.external_id)).filter((d): d is string => d !== undefined),
    ];
    return days.length === 0 ? undefined : days.reduce((a, b) => (b < a ? b : a));
  }

  /**
   * Which of the route's documents `externalIds` have a FINAL version delivered (status done). A
   * final version is always its document's current one: nothing is built into a document after
   * it (a closed day's late sales go into a new adjustment document), so one version per document
   * is read, however many drafts came before it.
   */
  private async finalDelivered(route: SummaryRouteRef, externalIds: readonly string[]): Promise<Set<string>> {
    const out = new Set<string>();
    for (let i = 0; i < externalIds.length; i += CHUNK) {
      const rows = await this.db
        .selectFrom('records as s')
        .innerJoin('deliveries as d', (join) =>
          join
            .onRef('d.record_id', '=', 's.id')
            .onRef('d.record_version', '=', 's.version')
            .on('d.route_id', '=', route.routeId)
            .on('d.status', '=', 'done'),
        )
        .innerJoin('record_versions as v', (join) =>
          join.onRef('v.record_id', '=', 's.id').onRef('v.version', '=', 's.version'),
        )
        .select(['s.external_id', 'v.data'])
        .where('s.kind', '=', 'transaction')
        .where('s.origin_connection_id', '=', route.summaryOrigin)
        .where('s.external_id', 'in', externalIds.slice(i, i + CHUNK))
        .execute();
      for (const row of rows) if (isFinalSummary(JSON.parse(row.data))) out.add(row.external_id);
    }
    return out;
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

/** A POS sale of its own (not a refund, a void or one of poshub's summaries). */
function isPlainSale(data: unknown): boolean {
  const tx = data as { kind?: unknown; summary?: unknown } | null;
  return tx?.kind === 'sale' && tx.summary === undefined;
}

/** A summary document version the target confirmed/posted (`summary.final`, summarize-sales.ts). */
function isFinalSummary(data: unknown): boolean {
  return (data as { summary?: { final?: unknown } } | null)?.summary?.final === true;
}

/** `YYYY-MM-DD` of a summary document id `<location>@<YYYY-MM-DD>[#<n>]`. */
function dayOfDocument(externalId: string): string | undefined {
  const day = externalId.slice(externalId.lastIndexOf('@') + 1, externalId.lastIndexOf('@') + 11);
  return /^\d{4}-\d{2}-\d{2}$/.test(day) ? day : undefined;
}
