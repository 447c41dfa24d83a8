import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { LEDGER, POSHUB_CONFIG, QUEUE_PREFIX, REDIS } from '../../app/tokens';
import { contentHash, validateCanonical, type SalesTransaction } from '../../canonical';
import type { PoshubConfig } from '../../config';
import type { Ledger, SummaryDayKey } from '../../ledger';
import { evaluatePredicate } from '../../mapping/mapping-engine';
import { QueueService } from '../../queue/queue.service';
import { deliveryPolicyOf } from '../delivery-policy';
import { RedisLock } from '../redis-lock';
import { ResolvedRoute, RouteTable } from '../route-table';
import { businessDayOf, dayRange } from './business-day';
import { summarizeSales } from './summarize-sales';

/** The result of one build, for logs and tests. */
export type SummaryBuild =
  | { readonly status: 'built'; readonly externalId: string; readonly sales: number; readonly final: boolean }
  | { readonly status: 'unchanged' | 'empty' | 'busy' | 'no-route' };

const LOCK_TTL_MS = 60_000;

/** Origin of summary records in the ledger: they are derived from a route, not read from a source. */
export function summaryOrigin(routeId: string): string {
  return `summary.${routeId}`;
}

/**
 * Daily-summary posting (docs/posting-policies.md). Sales of a daily-summary route do not get
 * deliveries of their own: their (location, business day) is marked dirty, and a build recomputes
 * the day's summary from the ledger into a derived record whose versions are delivered like any
 * record's. After the day closes, sales that no summary counted go into adjustment records.
 */
@Injectable()
export class DailySummaryService {
  private readonly logger = new Logger('daily-summary');
  private readonly locks: RedisLock;

  constructor(
    @Inject(LEDGER) private readonly ledger: Ledger,
    @Inject(POSHUB_CONFIG) private readonly config: PoshubConfig,
    @Inject(REDIS) redis: Redis,
    @Inject(QUEUE_PREFIX) prefix: string,
    private readonly routes: RouteTable,
    private readonly queues: QueueService,
  ) {
    this.locks = new RedisLock(redis, prefix);
  }

  /** The (route, location, day) a sale belongs to, and when that day closes. */
  dayOf(
    route: ResolvedRoute,
    sale: { locationId: string; occurredAt: string },
  ): { key: SummaryDayKey; closesAt: Date } {
    const zone = this.zoneOf(route, sale.locationId);
    const businessDay = businessDayOf(sale.occurredAt, zone);
    const closesAt = new Date(dayRange(businessDay, zone).to.getTime() + route.dailySummary!.closeAfterMs);
    return { key: { routeId: route.id, locationId: sale.locationId, businessDay }, closesAt };
  }

  /** Rebuilds one day; safe to call any number of times (it recomputes from the ledger). */
  async build(key: SummaryDayKey): Promise<SummaryBuild> {
    const locked = await this.locks.withLock(
      `sum.${key.routeId}.${key.locationId}.${key.businessDay}`,
      LOCK_TTL_MS,
      () => this.buildLocked(key),
    );
    return locked.acquired ? locked.value : { status: 'busy' };
  }

  /** Days with unbuilt changes or due to close, queued for a build (run by the relay). */
  async enqueueDue(now = new Date()): Promise<number> {
    const due = await this.ledger.summaries.listDue(now);
    await this.queues.enqueueSummaries(
      due.map(({ routeId, locationId, businessDay }) => ({ routeId, locationId, businessDay })),
      0,
    );
    return due.length;
  }

  private async buildLocked(key: SummaryDayKey): Promise<SummaryBuild> {
    const startedAt = new Date();
    const day = await this.ledger.summaries.get(key);
    const route = this.routes.route(key.routeId);
    if (!day) return { status: 'empty' };
    if (!route?.dailySummary) {
      await this.ledger.summaries.markBuilt(key, { close: false, startedAt });
      return { status: 'no-route' };
    }
    const sales = await this.salesOf(route, key);
    if (day.status === 'open') {
      const due = startedAt.getTime() >= Date.parse(day.closesAt);
      const quiet = startedAt.getTime() - Date.parse(day.updatedAt) >= route.dailySummary.settleAfterMs;
      const final = due && quiet;
      if (sales.length === 0) {
        await this.ledger.summaries.markBuilt(key, { close: final, startedAt });
        return { status: 'empty' };
      }
      return this.write(route, key, sales, { adjustment: 0, final, close: final, startedAt });
    }
    const counted = await this.ledger.summaries.counted(
      route.id,
      sales.map((s) => s.recordId),
    );
    const late = sales.filter((s) => !counted.has(s.recordId));
    const changed = sales.filter((s) => (counted.get(s.recordId) ?? s.version) < s.version);
    if (changed.length > 0) {
      // A posted summary is never edited; the difference is left for reconciliation to show.
      this.logger.warn({
        ...key,
        msg: `${changed.length} sales changed after their day closed`,
        sales: changed.map((s) => s.recordId),
      });
    }
    if (late.length === 0) {
      await this.ledger.summaries.markBuilt(key, { close: false, startedAt });
      return { status: 'unchanged' };
    }
    const adjustment = await this.ledger.summaries.nextAdjustment(key);
    return this.write(route, key, late, { adjustment, final: true, close: false, startedAt });
  }

  /** Stores the summary (or adjustment) record, its members and its delivery in one transaction. */
  private async write(
    route: ResolvedRoute,
    key: SummaryDayKey,
    sales: readonly Member[],
    how: { adjustment: number; final: boolean; close: boolean; startedAt: Date },
  ): Promise<SummaryBuild> {
    const currency = sales[0].tx.currency;
    const sameCurrency = sales.filter((s) => s.tx.currency === currency);
    if (sameCurrency.length < sales.length) {
      this.logger.error({
        ...key,
        msg: 'sales in several currencies on one location-day; only the first currency is summarised',
      });
    }
    const suffix = how.adjustment > 0 ? `#${how.adjustment}` : '';
    const externalId = `${key.locationId}@${key.businessDay}${suffix}`;
    const content = summarizeSales(
      sameCurrency.map((s) => s.tx),
      {
        externalId,
        receiptNumber: `DAY-${key.locationId}-${key.businessDay}${how.adjustment > 0 ? `-ADJ${how.adjustment}` : ''}`,
        locationId: key.locationId,
        currency,
        businessDay: key.businessDay,
        occurredAt: sameCurrency[sameCurrency.length - 1].tx.occurredAt,
        final: how.final,
        adjustment: how.adjustment,
      },
    );
    const checked = validateCanonical('transaction', content);
    if (!checked.ok) throw new Error(`summary ${externalId} is inconsistent: ${checked.reasons.join('; ')}`);
    const data = checked.value as SalesTransaction;
    let deliveryIds: string[] = [];
    await this.ledger.transaction(async (tx) => {
      const stored = await tx.records.upsert({
        kind: 'transaction',
        originConnectionId: summaryOrigin(route.id),
        externalId,
        contentHash: contentHash(data),
        data,
        occurredAt: data.occurredAt,
      });
      await tx.summaries.assign(
        route.id,
        externalId,
        sameCurrency.map((s) => ({ recordId: s.recordId, version: s.version })),
      );
      if (stored.changed) {
        deliveryIds = await tx.deliveries.createMany([
          {
            recordId: stored.recordId,
            recordVersion: stored.version,
            routeId: route.id,
            destinationConnectionId: route.destinationConnectionId,
            entity: route.entity,
            occurredAt: data.occurredAt,
          },
        ]);
      }
      await tx.summaries.markBuilt(key, { close: how.close, startedAt: how.startedAt });
    });
    await this.queues.enqueueDeliveries(
      route.destinationConnectionId,
      deliveryIds,
      deliveryPolicyOf(this.config),
    );
    return { status: 'built', externalId, sales: sameCurrency.length, final: how.final };
  }

  /** The current version of every sale of the day at that location that the route takes. */
  private async salesOf(route: ResolvedRoute, key: SummaryDayKey): Promise<Member[]> {
    const zone = this.zoneOf(route, key.locationId);
    const { from, to } = dayRange(key.businessDay, zone);
    const rows = await this.ledger.records.listCurrentInRange({
      kind: 'transaction',
      originConnectionId: route.sourceConnectionId,
      from,
      to,
    });
    const out: Member[] = [];
    for (const row of rows) {
      const tx = row.data as SalesTransaction;
      if (tx.kind !== 'sale' || tx.locationId !== key.locationId || tx.summary) continue;
      if (route.filter && !(await evaluatePredicate(route.filter, tx))) continue;
      out.push({ recordId: row.recordId, version: row.version, tx });
    }
    return out;
  }

  private zoneOf(route: ResolvedRoute, locationId: string): string {
    const table = route.dailySummary?.timezones;
    return (table && this.config.lookups[table]?.[locationId]) || route.dailySummary!.timezone;
  }
}

interface Member {
  readonly recordId: string;
  readonly version: number;
  readonly tx: SalesTransaction;
}
