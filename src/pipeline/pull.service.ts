import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { LEDGER, MAPPING_ENGINE, POSHUB_CONFIG, QUEUE_PREFIX, REDIS } from '../app/tokens';
import { contentHash, validateCanonical, type Customer, type StockLevel } from '../canonical';
import type { PoshubConfig } from '../config';
import type { Ledger, SummaryDayKey } from '../ledger';
import type { MappingEngine } from '../mapping/mapping-engine';
import { evaluatePredicate } from '../mapping/mapping-engine';
import { recordId } from '../ledger/ids';
import { MetricsService } from '../observability/metrics.service';
import { QueueService } from '../queue/queue.service';
import type { SourcePage, SourceRecord } from '../sdk/connector';
import { ConfigError } from '../sdk/errors';
import { ConnectionRuntime } from './connection-runtime.service';
import { deliveryPolicyOf } from './delivery-policy';
import { RedisLock } from './redis-lock';
import { CustomerBehaviourService } from './behaviour/customer-behaviour.service';
import { IdentityService } from './identity/identity.service';
import { StockSyncService } from './stock/stock-sync.service';
import { DailySummaryService } from './summary/daily-summary.service';
import { ResolvedRoute, ResolvedStream, RouteTable } from './route-table';

/** What one pull run did. */
export interface PullSummary {
  readonly connectionId: string;
  readonly stream: string;
  readonly pages: number;
  readonly stored: number;
  readonly unchanged: number;
  readonly quarantined: number;
  readonly deliveriesEnqueued: number;
  /** True when another worker was already pulling this stream; nothing was done. */
  readonly skippedBusy: boolean;
}

interface MappedRecord {
  readonly source: SourceRecord;
  readonly externalId: string;
  readonly value: Record<string, unknown>;
  readonly routeIds: readonly string[];
}

interface Rejected {
  readonly source: SourceRecord;
  readonly reason: string;
}

const PULL_LOCK_TTL_MS = 60_000;

/**
 * Reads a source stream page by page. Each page is committed in ONE ledger transaction (records,
 * delivery rows for every matching route, checkpoint); deliver jobs are enqueued only after the
 * commit. A crash anywhere leaves either the whole page or none of it, and the outbox relay
 * enqueues whatever was committed but never reached Redis.
 */
@Injectable()
export class PullService {
  private readonly logger = new Logger('pull');
  private readonly locks: RedisLock;

  constructor(
    @Inject(POSHUB_CONFIG) private readonly config: PoshubConfig,
    @Inject(LEDGER) private readonly ledger: Ledger,
    @Inject(MAPPING_ENGINE) private readonly mappings: MappingEngine,
    @Inject(REDIS) redis: Redis,
    @Inject(QUEUE_PREFIX) prefix: string,
    private readonly runtime: ConnectionRuntime,
    private readonly routes: RouteTable,
    private readonly queues: QueueService,
    private readonly metrics: MetricsService,
    private readonly summaries: DailySummaryService,
    private readonly behaviour: CustomerBehaviourService,
    private readonly identity: IdentityService,
    private readonly stock: StockSyncService,
  ) {
    this.locks = new RedisLock(redis, prefix);
  }

  /** Pulls one stream from its checkpoint to the end. Two pulls of one stream never overlap. */
  async pull(connectionId: string, stream: string): Promise<PullSummary> {
    const resolved = this.routes.stream(connectionId, stream);
    if (!resolved) throw new ConfigError(`connection ${connectionId} has no stream ${stream}`);
    if (resolved.derived) throw new ConfigError(`stream ${stream} is computed by poshub, not read`);
    const empty = {
      connectionId,
      stream,
      pages: 0,
      stored: 0,
      unchanged: 0,
      quarantined: 0,
      deliveriesEnqueued: 0,
    };
    // An operator paused this connection (API or console): nothing is read from it until resumed.
    if ((await this.ledger.connections.get(connectionId))?.paused) {
      this.logger.log({ connectionId, stream, msg: 'connection paused: pull skipped' });
      return { ...empty, skippedBusy: false };
    }
    const handle = this.runtime.get(connectionId);
    if (!handle.instance.read)
      throw new ConfigError(`connector ${handle.definition.manifest.id} cannot read`);

    const read = handle.instance.read.bind(handle.instance);
    const summary = {
      connectionId,
      stream,
      pages: 0,
      stored: 0,
      unchanged: 0,
      quarantined: 0,
      deliveriesEnqueued: 0,
    };
    const locked = await this.locks.withLock(`pull.${connectionId}.${stream}`, PULL_LOCK_TTL_MS, async () => {
      const cursor = await this.ledger.checkpoints.get(connectionId, stream);
      for await (const page of read(stream, cursor)) {
        const result = await this.commitPage(resolved, page);
        summary.pages += 1;
        summary.stored += result.stored;
        summary.unchanged += result.unchanged;
        summary.quarantined += result.quarantined;
        summary.deliveriesEnqueued += result.enqueued;
      }
    });
    if (!locked.acquired) this.logger.debug({ connectionId, stream, msg: 'pull already running elsewhere' });
    else {
      // The read went to the end without error: that is the "last successful sync" operators watch.
      await this.ledger.checkpoints.touch(connectionId, stream);
      this.logger.debug({ ...summary, msg: 'pull finished' });
    }
    return { ...summary, skippedBusy: !locked.acquired };
  }

  /**
   * Fetches records by id (a webhook announced them) and commits them like a pull page, without
   * moving the checkpoint: the next scheduled pull still reads the whole window.
   */
  async fetchAndCommit(connectionId: string, stream: string, ids: readonly string[]) {
    const resolved = this.routes.stream(connectionId, stream);
    if (!resolved) throw new ConfigError(`connection ${connectionId} has no stream ${stream}`);
    const handle = this.runtime.get(connectionId);
    if (!handle.instance.fetch)
      throw new ConfigError(`connector ${handle.definition.manifest.id} cannot fetch`);
    const records = await handle.instance.fetch(stream, ids);
    return this.commitPage(resolved, { records, cursor: null });
  }

  /**
   * Maps, validates and commits one page. Exposed for webhooks, which hand in fetched records
   * without moving the checkpoint (cursor null).
   */
  async commitPage(
    stream: ResolvedStream,
    page: SourcePage,
  ): Promise<{ stored: number; unchanged: number; quarantined: number; enqueued: number }> {
    const { accepted, rejected } = await this.mapPage(stream, page.records);
    const enqueue = new Map<string, string[]>();
    const summaryDays = new Map<string, SummaryDayKey>();
    let stored = 0;
    await this.ledger.transaction(async (tx) => {
      for (const bad of rejected) {
        this.logger.warn({
          correlationId: recordId(stream.kind, stream.connectionId, bad.source.externalId),
          connectionId: stream.connectionId,
          stream: stream.stream,
          externalId: bad.source.externalId,
          msg: `record quarantined: ${bad.reason}`,
        });
        await tx.quarantine.add({
          connectionId: stream.connectionId,
          stream: stream.stream,
          externalId: bad.source.externalId,
          reason: bad.reason,
          payload: bad.source.data,
        });
      }
      const rows: Parameters<Ledger['deliveries']['createMany']>[0][number][] = [];
      const fresh = new Set<string>();
      const customersTouched = new Set<string>();
      const trackCustomers = stream.kind === 'transaction';
      // The owner side's changed stock figures, recomputed for the other side below (docs/stock-sync.md).
      const stockTouched: StockLevel[] = [];
      // POS-owned stock: changed POS sales change the ERP levels too (their U).
      const salesTouched: unknown[] = [];
      for (const record of accepted) {
        const customerExternalId = trackCustomers ? customerOf(record.value) : undefined;
        const upsert = await tx.records.upsert({
          kind: stream.kind,
          originConnectionId: stream.connectionId,
          externalId: record.externalId,
          sourceVersion: record.source.version ?? stringOrUndefined(record.value.sourceVersion),
          contentHash: contentHash(record.value),
          data: record.value,
          occurredAt: stringOrUndefined(record.value.occurredAt),
          updatedAt: stringOrUndefined(record.value.updatedAt),
          customerExternalId,
        });
        if (upsert.changed) stored += 1;
        // correlationId = the ledger record id: the deliver worker's lines for it carry the same one.
        this.logger.debug({
          correlationId: upsert.recordId,
          connectionId: stream.connectionId,
          stream: stream.stream,
          externalId: record.externalId,
          version: upsert.version,
          changed: upsert.changed,
          msg: 'record stored',
        });
        if (upsert.changed && customerExternalId !== undefined) customersTouched.add(customerExternalId);
        if (upsert.changed && stream.kind === 'stock')
          stockTouched.push(record.value as unknown as StockLevel);
        if (upsert.changed && stream.kind === 'transaction') salesTouched.push(record.value);
        if (stream.kind === 'customer' && this.identity.enabled) {
          // Customer routes carry the golden customer, not this system's record.
          if (!upsert.changed) continue;
          const outcome = await this.identity.ingest(tx, {
            connectionId: stream.connectionId,
            recordId: upsert.recordId,
            customer: record.value as unknown as Customer,
            readAt: new Date(),
          });
          if (outcome.status !== 'linked') continue;
          for (const row of outcome.rows) {
            rows.push(row);
            fresh.add(`${row.recordId}\u0000${row.recordVersion}\u0000${row.routeId}`);
          }
          continue;
        }
        for (const routeId of record.routeIds) {
          const route = this.routes.route(routeId)!;
          if (route.dailySummary && record.value.kind === 'sale') {
            // Counted in its day's summary instead of posted on its own.
            const day = this.summaries.dayOf(
              route,
              record.value as { locationId: string; occurredAt: string },
            );
            await tx.summaries.touch(day.key, day.closesAt);
            summaryDays.set(
              `${day.key.routeId}\u0000${day.key.locationId}\u0000${day.key.businessDay}`,
              day.key,
            );
            continue;
          }
          rows.push({
            recordId: upsert.recordId,
            recordVersion: upsert.version,
            routeId,
            destinationConnectionId: route.destinationConnectionId,
            entity: route.entity,
            occurredAt: stringOrUndefined(record.value.occurredAt),
          });
          if (upsert.changed) fresh.add(`${upsert.recordId}\u0000${upsert.version}\u0000${routeId}`);
        }
      }
      if (customersTouched.size > 0 && this.behaviour.wanted(stream.connectionId)) {
        for (const row of await this.behaviour.refresh(tx, stream.connectionId, customersTouched)) {
          const { fresh: isFresh, ...delivery } = row;
          rows.push(delivery);
          if (isFresh) fresh.add(`${row.recordId}\u0000${row.recordVersion}\u0000${row.routeId}`);
        }
      }
      if (stockTouched.length > 0 && this.stock.wanted(stream)) {
        for (const row of await this.stock.refresh(tx, stockTouched)) {
          const { fresh: isFresh, ...delivery } = row;
          rows.push(delivery);
          if (isFresh) fresh.add(`${row.recordId}\u0000${row.recordVersion}\u0000${row.routeId}`);
        }
      }
      const ids = await tx.deliveries.createMany(rows);
      ids.forEach((id, i) => {
        const row = rows[i];
        if (!fresh.has(`${row.recordId}\u0000${row.recordVersion}\u0000${row.routeId}`)) return;
        const list = enqueue.get(row.destinationConnectionId) ?? [];
        list.push(id);
        enqueue.set(row.destinationConnectionId, list);
      });
      if (salesTouched.length > 0 && this.stock.wantsSales(stream)) {
        for (const created of await this.stock.salesPulled(tx, salesTouched)) {
          enqueue.set(created.destinationConnectionId, [
            ...(enqueue.get(created.destinationConnectionId) ?? []),
            created.id,
          ]);
        }
      }
      if (page.cursor !== null) await tx.checkpoints.set(stream.connectionId, stream.stream, page.cursor);
    });

    // After commit only: a job must never point at a row that might still roll back.
    let enqueued = 0;
    await this.queues.enqueueSummaries([...summaryDays.values()]);
    const policy = deliveryPolicyOf(this.config);
    for (const [destination, ids] of enqueue) {
      await this.queues.enqueueDeliveries(destination, ids, policy);
      enqueued += ids.length;
    }
    const unchanged = accepted.length - stored;
    this.metrics.recordsPulled.inc(
      { connection: stream.connectionId, stream: stream.stream, result: 'stored' },
      stored,
    );
    this.metrics.recordsPulled.inc(
      { connection: stream.connectionId, stream: stream.stream, result: 'unchanged' },
      unchanged,
    );
    this.metrics.recordsPulled.inc(
      { connection: stream.connectionId, stream: stream.stream, result: 'quarantined' },
      rejected.length,
    );
    return { stored, unchanged, quarantined: rejected.length, enqueued };
  }

  private async mapPage(
    stream: ResolvedStream,
    records: readonly SourceRecord[],
  ): Promise<{ accepted: MappedRecord[]; rejected: Rejected[] }> {
    const accepted: MappedRecord[] = [];
    const rejected: Rejected[] = [];
    const routes = this.routes.fromSource(stream.connectionId, stream.stream);
    for (const source of records) {
      const mapped = await this.mappings.apply(stream.mappingId, source.data, {
        connectionId: stream.connectionId,
        lookups: this.config.lookups,
        overrides: stream.overrides,
      });
      if (!mapped.ok) {
        rejected.push({ source, reason: `mapping ${stream.mappingId}: ${mapped.errors.join('; ')}` });
        continue;
      }
      const checked = validateCanonical(stream.kind, mapped.value);
      if (!checked.ok) {
        rejected.push({ source, reason: checked.reasons.join('; ') });
        continue;
      }
      const value = checked.value as Record<string, unknown>;
      const routed = await this.matchRoutes(routes, value);
      if (typeof routed === 'string') {
        rejected.push({ source, reason: routed });
        continue;
      }
      accepted.push({ source, externalId: String(value.externalId), value, routeIds: routed });
    }
    return { accepted, rejected };
  }

  /** Route ids whose filter accepts the record, or the reason a filter could not be evaluated. */
  private async matchRoutes(routes: readonly ResolvedRoute[], value: unknown): Promise<string[] | string> {
    const ids: string[] = [];
    for (const route of routes) {
      try {
        if (!route.filter || (await evaluatePredicate(route.filter, value))) ids.push(route.id);
      } catch (error) {
        return `route ${route.id}: filter failed: ${(error as Error).message}`;
      }
    }
    return ids;
  }
}

/** The POS customer id a canonical transaction names, if any. */
function customerOf(value: Record<string, unknown>): string | undefined {
  const customer = value.customer as { externalId?: unknown } | undefined;
  return typeof customer?.externalId === 'string' ? customer.externalId : undefined;
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
