import { Inject, Injectable } from '@nestjs/common';
import { LEDGER, POSHUB_CONFIG } from '../../app/tokens';
import type { SalesTransaction } from '../../canonical';
import { isValidTimeZone } from '../../canonical/location';
import type { PoshubConfig } from '../../config';
import type { DeliveryRow, Ledger } from '../../ledger';
import { evaluatePredicate } from '../../mapping/mapping-engine';
import { RouteTable, type ResolvedRoute } from '../route-table';
import { businessDayOf, dayRange } from '../summary/business-day';
import type {
  DestinationReconciliation,
  LocationReconciliation,
  ReconciliationItem,
  ReconciliationQuery,
  ReconciliationReport,
} from './reconciliation.types';
import { itemOf, routeVerdict, type CurrentTransaction } from './route-verdict';
import { summaryVerdict } from './summary-verdict';
import { sameTotals, tally } from './tally';

/** A bad date or zone; the API answers 400 with it, the CLI exits 2. */
export class ReconciliationInputError extends Error {}

// Every zone's business day lies within [UTC day − 14 h, UTC day + 12 h): one read covers them all.
const WIDEST_AHEAD_MS = 14 * 3_600_000;
const WIDEST_BEHIND_MS = 12 * 3_600_000;

/**
 * Reconciliation (issue 7): for a business day and each POS location, the POS totals from the
 * ledger against what each destination that receives transactions was delivered, listing every
 * transaction missing there or held at an older version. Read-only; the ledger is the authority.
 */
@Injectable()
export class ReconciliationService {
  constructor(
    @Inject(LEDGER) private readonly ledger: Ledger,
    @Inject(POSHUB_CONFIG) private readonly config: PoshubConfig,
    private readonly routes: RouteTable,
  ) {}

  async report(query: ReconciliationQuery): Promise<ReconciliationReport> {
    if (!isCalendarDay(query.date)) {
      throw new ReconciliationInputError(`date "${query.date}" is not a YYYY-MM-DD day`);
    }
    if (query.timezone !== undefined && !isValidTimeZone(query.timezone)) {
      throw new ReconciliationInputError(`timezone "${query.timezone}" is not an IANA time zone`);
    }
    const routes = this.routes
      .routes()
      .filter((r) => r.kind === 'transaction')
      .filter((r) => query.destination === undefined || r.destinationConnectionId === query.destination);
    if (query.destination !== undefined && routes.length === 0) {
      throw new ReconciliationInputError(`no route delivers transactions to "${query.destination}"`);
    }
    const groups = await this.locationGroups(routes, query);
    const locations: LocationReconciliation[] = [];
    let done = 0;
    for (const group of groups) {
      locations.push(await this.reconcileLocation(group, query.date));
      query.onProgress?.(++done, groups.length, `${group.source}/${group.location}`);
    }
    const items = locations.flatMap((l) => l.destinations.flatMap((d) => d.items));
    return {
      date: query.date,
      generatedAt: new Date().toISOString(),
      ok: locations.every((l) => l.ok),
      missing: items.filter((i) => i.problem === 'missing').length,
      differing: items.filter((i) => i.problem === 'differing').length,
      locations,
    };
  }

  /** The day's transactions of every source, grouped by location and currency. */
  private async locationGroups(routes: readonly ResolvedRoute[], query: ReconciliationQuery) {
    const utc = dayRange(query.date, 'UTC');
    const from = new Date(utc.from.getTime() - WIDEST_AHEAD_MS);
    const to = new Date(utc.to.getTime() + WIDEST_BEHIND_MS);
    const groups = new Map<string, LocationGroup>();
    for (const source of [...new Set(routes.map((r) => r.sourceConnectionId))].sort()) {
      const rows = await this.ledger.records.listCurrentInRange({
        kind: 'transaction',
        originConnectionId: source,
        from,
        to,
      });
      for (const row of rows) {
        const tx = row.data as SalesTransaction;
        if (tx.summary) continue;
        if (query.location !== undefined && tx.locationId !== query.location) continue;
        const timezone = query.timezone ?? this.zoneOf(source, tx.locationId);
        if (businessDayOf(tx.occurredAt, timezone) !== query.date) continue;
        const key = `${source}\u0000${tx.locationId}\u0000${tx.currency}`;
        let group = groups.get(key);
        if (!group) {
          group = {
            source,
            location: tx.locationId,
            currency: tx.currency,
            timezone,
            routes: routes.filter((r) => r.sourceConnectionId === source),
            transactions: [],
          };
          groups.set(key, group);
        }
        group.transactions.push({
          recordId: row.recordId,
          externalId: row.externalId,
          version: row.version,
          tx,
        });
      }
    }
    return [...groups.values()].sort(
      (a, b) =>
        a.source.localeCompare(b.source) ||
        a.location.localeCompare(b.location) ||
        a.currency.localeCompare(b.currency),
    );
  }

  private async reconcileLocation(group: LocationGroup, day: string): Promise<LocationReconciliation> {
    const deliveries = await this.deliveriesOf(group.transactions);
    const byDestination = new Map<string, ResolvedRoute[]>();
    for (const route of group.routes) {
      byDestination.set(route.destinationConnectionId, [
        ...(byDestination.get(route.destinationConnectionId) ?? []),
        route,
      ]);
    }
    const destinations: DestinationReconciliation[] = [];
    for (const [destination, routes] of [...byDestination].sort(([a], [b]) => a.localeCompare(b))) {
      destinations.push(await this.reconcileDestination(group, day, destination, routes, deliveries));
    }
    const range = dayRange(day, group.timezone);
    return {
      source: group.source,
      location: group.location,
      timezone: group.timezone,
      from: range.from.toISOString(),
      to: range.to.toISOString(),
      pos: tally(
        group.transactions.map((t) => t.tx),
        group.currency,
      ),
      destinations,
      ok: destinations.every((d) => d.ok),
    };
  }

  private async reconcileDestination(
    group: LocationGroup,
    day: string,
    destination: string,
    routes: readonly ResolvedRoute[],
    deliveries: ReadonlyMap<string, readonly DeliveryRow[]>,
  ): Promise<DestinationReconciliation> {
    const items: ReconciliationItem[] = [];
    const expected: CurrentTransaction[] = [];
    const received: SalesTransaction[] = [];
    const bySummary = new Map<ResolvedRoute, CurrentTransaction[]>();
    let delivered = 0;
    for (const current of group.transactions) {
      const rows = deliveries.get(current.recordId) ?? [];
      const taking = await this.routesTaking(routes, current, rows);
      if (taking.length === 0) continue;
      expected.push(current);
      let ok = true;
      let receivedVersion: number | undefined;
      for (const route of taking) {
        if (route.dailySummary && current.tx.kind === 'sale') {
          bySummary.set(route, [...(bySummary.get(route) ?? []), current]);
          continue;
        }
        const verdict = routeVerdict(
          current,
          rows.filter((r) => r.routeId === route.id),
        );
        receivedVersion ??= verdict.deliveredVersion ?? undefined;
        if (!verdict.ok) {
          ok = false;
          items.push(itemOf(current, route.id, verdict));
        }
      }
      // Summary sales are settled below, with their day's documents.
      if (taking.some((r) => r.dailySummary && current.tx.kind === 'sale')) continue;
      if (ok) delivered += 1;
      if (receivedVersion !== undefined) received.push(await this.versionData(current, receivedVersion));
    }
    for (const [route, sales] of bySummary) {
      const verdict = await summaryVerdict(this.ledger, route, group.location, day, sales);
      items.push(...verdict.items);
      delivered += sales.filter((s) => verdict.delivered.has(s.recordId)).length;
      received.push(...verdict.deliveredDocuments.filter((d) => d.locationId === group.location));
    }
    const expectedTotals = tally(
      expected.map((t) => t.tx),
      group.currency,
    );
    const deliveredTotals = tally(received, group.currency);
    return {
      destination,
      routes: routes.map((r) => r.id),
      posting: routes.some((r) => r.dailySummary) ? 'daily-summary' : 'per-sale',
      expected: expected.length,
      delivered,
      expectedTotals,
      deliveredTotals,
      ok: items.length === 0 && sameTotals(expectedTotals, deliveredTotals),
      items: items.sort(
        (a, b) => a.occurredAt.localeCompare(b.occurredAt) || a.externalId.localeCompare(b.externalId),
      ),
    };
  }

  /**
   * The routes that take the transaction: those that already have a delivery row for it, and those
   * whose filter accepts it (a route with no row for a record it takes is a gap too).
   */
  private async routesTaking(
    routes: readonly ResolvedRoute[],
    current: CurrentTransaction,
    rows: readonly DeliveryRow[],
  ): Promise<ResolvedRoute[]> {
    const out: ResolvedRoute[] = [];
    for (const route of routes) {
      if (route.stream !== this.streamOf(route)) continue;
      if (rows.some((r) => r.routeId === route.id)) out.push(route);
      else if (!route.filter || (await evaluatePredicate(route.filter, current.tx))) out.push(route);
    }
    return out;
  }

  private streamOf(route: ResolvedRoute): string | undefined {
    const stream = this.routes.stream(route.sourceConnectionId, route.stream);
    return stream?.kind === 'transaction' ? stream.stream : undefined;
  }

  private async versionData(current: CurrentTransaction, version: number): Promise<SalesTransaction> {
    if (version === current.version) return current.tx;
    const stored = await this.ledger.records.getVersion(current.recordId, version);
    return (stored?.data as SalesTransaction | undefined) ?? current.tx;
  }

  /** Every delivery row of each transaction, read in bulk (a few statements per location-day). */
  private deliveriesOf(
    transactions: readonly CurrentTransaction[],
  ): Promise<ReadonlyMap<string, readonly DeliveryRow[]>> {
    return this.ledger.deliveries.listByRecordIds(transactions.map((t) => t.recordId));
  }

  /** A location's zone: the posting zone its daily-summary route gives it, else UTC. */
  private zoneOf(source: string, location: string): string {
    const route = this.routes.routes().find((r) => r.sourceConnectionId === source && r.dailySummary);
    const policy = route?.dailySummary;
    if (!policy) return 'UTC';
    return (policy.timezones && this.config.lookups[policy.timezones]?.[location]) || policy.timezone;
  }
}

/** YYYY-MM-DD naming a real day (Date would roll 2025-02-30 over into March). */
function isCalendarDay(day: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return false;
  const parsed = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === day;
}

interface LocationGroup {
  readonly source: string;
  readonly location: string;
  readonly currency: string;
  readonly timezone: string;
  readonly routes: readonly ResolvedRoute[];
  readonly transactions: CurrentTransaction[];
}
