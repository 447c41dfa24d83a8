import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { ENV, LEDGER, MAPPING_ENGINE, POSHUB_CONFIG, QUEUE_PREFIX, REDIS } from '../app/tokens';
import type { Env, PoshubConfig } from '../config';
import type { DeliveryRow, Ledger } from '../ledger';
import type { MappingEngine } from '../mapping/mapping-engine';
import { setCorrelationId } from '../observability/correlation';
import { MetricsService } from '../observability/metrics.service';
import { ConfigError, RejectedError } from '../sdk/errors';
import { ConnectionRuntime } from './connection-runtime.service';
import { GOLDEN_ORIGIN, IdentityService } from './identity/identity.service';
import { applyOverrides } from './payload-overrides';
import { poshubReference } from './poshub-reference';
import { RedisLock } from './redis-lock';
import { StockSyncService } from './stock/stock-sync.service';
import { WriteBatcher } from './write-batcher';
import { ResolvedRoute, RouteTable } from './route-table';

/** What happened to one delivery attempt. */
export type DeliverOutcome =
  | { readonly status: 'done'; readonly targetId: string; readonly created: boolean }
  | { readonly status: 'noop'; readonly reason: string }
  | { readonly status: 'skipped'; readonly reason: string }
  | { readonly status: 'dead'; readonly reason: string }
  /** Another worker holds this record for this destination; try again shortly, no attempt spent. */
  | { readonly status: 'busy' };

export { poshubReference } from './poshub-reference';

/**
 * Delivers one ledger delivery row to its destination, idempotently:
 *   load row → lock (record, destination) → skip if superseded → map → deliver what it references
 *   → write with the deterministic idempotency key and poshub reference → store link + status in
 *   one transaction.
 * Connector errors propagate to the processor, which turns them into queue behaviour.
 */
@Injectable()
export class DeliverService {
  private readonly locks: RedisLock;
  /** Same as the job lock: a killed worker frees its records as soon as its jobs are re-run. */
  private readonly lockTtlMs: number;

  constructor(
    @Inject(POSHUB_CONFIG) private readonly config: PoshubConfig,
    @Inject(ENV) env: Env,
    @Inject(LEDGER) private readonly ledger: Ledger,
    @Inject(MAPPING_ENGINE) private readonly mappings: MappingEngine,
    @Inject(REDIS) redis: Redis,
    @Inject(QUEUE_PREFIX) prefix: string,
    private readonly runtime: ConnectionRuntime,
    private readonly routes: RouteTable,
    private readonly metrics: MetricsService,
    private readonly writer: WriteBatcher,
    private readonly identity: IdentityService,
    private readonly stock: StockSyncService,
  ) {
    this.locks = new RedisLock(redis, prefix);
    this.lockTtlMs = env.POSHUB_LOCK_DURATION_MS;
  }

  async deliver(deliveryId: string): Promise<DeliverOutcome> {
    const first = await this.ledger.deliveries.get(deliveryId);
    if (!first) return { status: 'noop', reason: 'no such delivery' };
    setCorrelationId(first.recordId);
    if (first.status !== 'pending') return { status: 'noop', reason: `already ${first.status}` };

    // Same record + same destination never run at once; other records are not held up.
    const result = await this.locks.withLock(
      this.recordLockName(first.destinationConnectionId, first.recordId),
      this.lockTtlMs,
      async () => {
        const row = await this.ledger.deliveries.get(deliveryId);
        if (!row || row.status !== 'pending')
          return { status: 'noop', reason: `already ${row?.status}` } as const;
        return this.deliverLocked(row, 0);
      },
    );
    return result.acquired ? result.value : { status: 'busy' };
  }

  private recordLockName(destinationConnectionId: string, recordId: string): string {
    return `rec.${destinationConnectionId}.${recordId}`;
  }

  private async deliverLocked(row: DeliveryRow, depth: number): Promise<DeliverOutcome> {
    const route = this.routes.route(row.routeId);
    if (!route) {
      await this.ledger.deliveries.markSkipped(row.id, `route ${row.routeId} is no longer configured`);
      return { status: 'skipped', reason: 'route removed' };
    }
    // Versions apply in order: a newer pending version makes this one moot, and this one makes
    // older pending ones moot. Only the newest state is ever written.
    const latest = await this.ledger.deliveries.latestPendingVersion(row.recordId, row.routeId);
    if (latest !== undefined && latest > row.recordVersion) {
      const reason = `superseded by version ${latest}`;
      await this.ledger.deliveries.markSkipped(row.id, reason, 'SUPERSEDED');
      return { status: 'skipped', reason };
    }
    await this.ledger.deliveries.supersedeOlder(
      row.recordId,
      row.destinationConnectionId,
      row.routeId,
      row.recordVersion,
    );

    const record = await this.ledger.records.getVersion(row.recordId, row.recordVersion);
    if (!record) throw new ConfigError(`delivery ${row.id} points at missing record version`);
    const link = await this.ledger.links.get(row.recordId, row.destinationConnectionId);
    if (link?.lastHash === record.contentHash) {
      // The destination already holds exactly this content (it sent it to us, as identity
      // resolution records): writing it back would only make an echo.
      const reason = 'destination already holds this content';
      await this.ledger.deliveries.markSkipped(row.id, reason);
      return { status: 'skipped', reason };
    }
    // Golden customers carry deletions by policy; other records' mappings decide what a deletion means.
    if (record.originConnectionId === GOLDEN_ORIGIN && isRemoval(record.data))
      return this.remove(row, route, link, record.contentHash, record.data);
    const references = await this.resolveReferences(route, record.data, row.createdAt, depth);

    const reference = poshubReference(row.recordId);
    const mapped = await this.mappings.apply(route.mappingId, record.data, {
      connectionId: row.destinationConnectionId,
      lookups: this.config.lookups,
      overrides: route.overrides,
      context: {
        reference,
        recordId: row.recordId,
        version: row.recordVersion,
        targetId: link?.externalId,
        references,
        // An open day's summary stays a draft at the target; everything else is confirmed/posted.
        confirm: !isOpenSummary(record.data),
      },
    });
    if (!mapped.ok) {
      const reason = `mapping ${route.mappingId}: ${mapped.errors.join('; ')}`;
      await this.ledger.deliveries.markDead(row.id, { error: reason, code: 'MAPPING' });
      return { status: 'dead', reason };
    }

    // Edit and retry: an operator's overrides patch the mapped payload of this delivery only.
    const payload = row.overrides ? applyOverrides(mapped.value, row.overrides) : mapped.value;
    const handle = this.runtime.get(row.destinationConnectionId);
    const result = await this.writer.write(handle, route.entity, payload, {
      existingId: link?.externalId,
      idempotencyKey: row.id,
      reference,
    });

    const stockRows = await this.ledger.transaction(async (tx) => {
      // POS-owned stock: the ERP holds this sale now; recompute the levels it touches (first: lock).
      const recomputed = await this.stock.saleDelivered(tx, row, record.data);
      await tx.links.upsert({
        recordId: row.recordId,
        connectionId: row.destinationConnectionId,
        kind: route.kind,
        externalId: result.externalId,
        lastHash: record.contentHash,
      });
      await tx.deliveries.markDone(row.id, { targetId: result.externalId });
      return recomputed;
    });
    await this.stock.enqueue(stockRows);
    const since = Date.parse(row.occurredAt ?? row.createdAt);
    if (Number.isFinite(since)) {
      this.metrics.deliveryLatency.observe(
        { destination: row.destinationConnectionId },
        Math.max(0, (Date.now() - since) / 1000),
      );
    }
    return { status: 'done', targetId: result.externalId, created: result.created };
  }

  /**
   * A record deleted at its source (identity `deletes: propagate`) or erased on request: remove the
   * object poshub linked at this destination. Nothing linked there means nothing to remove.
   */
  private async remove(
    row: DeliveryRow,
    route: ResolvedRoute,
    link: { externalId: string } | undefined,
    contentHash: string,
    data: unknown,
  ): Promise<DeliverOutcome> {
    const handle = this.runtime.get(row.destinationConnectionId);
    const skip = async (reason: string): Promise<DeliverOutcome> => {
      await this.ledger.deliveries.markSkipped(row.id, reason);
      return { status: 'skipped', reason };
    };
    if (!link) return skip(`nothing to delete: never written to ${row.destinationConnectionId}`);
    if (!handle.instance.remove) {
      return skip(
        `connector ${handle.definition.manifest.id} cannot delete; delete ${link.externalId} there by hand`,
      );
    }
    await handle.instance.remove(route.entity, {
      existingId: link.externalId,
      reference: poshubReference(row.recordId),
      erase: (data as { erased?: unknown }).erased === true,
    });
    await this.ledger.transaction(async (tx) => {
      await tx.links.upsert({
        recordId: row.recordId,
        connectionId: row.destinationConnectionId,
        kind: route.kind,
        externalId: link.externalId,
        lastHash: contentHash,
      });
      await tx.deliveries.markDone(row.id, { targetId: link.externalId });
    });
    return { status: 'done', targetId: link.externalId, created: false };
  }

  /**
   * Makes sure what a record references (a sale's customer) exists at the destination first, and
   * returns the target ids for the mapping (`$context.references`). A referenced record that is
   * still pending is delivered inline, under its own lock.
   */
  private async resolveReferences(
    route: ResolvedRoute,
    data: unknown,
    createdAt: string,
    depth: number,
  ): Promise<Record<string, string>> {
    if (route.kind === 'customer-behaviour') return this.behaviourReferences(route, data, createdAt, depth);
    // Depth 1 is a sale delivered inline ahead of its refund: it still needs its customer.
    if (route.kind !== 'transaction' || depth > 1) return {};
    const references: Record<string, string> = {};
    const tx = (data ?? {}) as {
      customer?: { externalId?: unknown };
      kind?: unknown;
      originalExternalId?: unknown;
    };
    const customerId = typeof tx.customer?.externalId === 'string' ? tx.customer.externalId : undefined;
    if (customerId) {
      const target = await this.customerTarget(route, customerId, createdAt, depth);
      if (target) {
        references.customer = target.targetId;
        references.customerReference = target.reference;
      }
    }
    // A refund goes after the sale it refunds, so the target can link the credit note to it. Sales of
    // a daily-summary route are not documents of their own: nothing to wait for there.
    const originalId = typeof tx.originalExternalId === 'string' ? tx.originalExternalId : undefined;
    if (tx.kind === 'refund' && originalId && !route.dailySummary) {
      const target = await this.dependency(route, 'transaction', originalId, createdAt, depth);
      if (target) {
        references.original = target.targetId;
        references.originalReference = target.reference;
      }
    }
    return references;
  }

  /**
   * Buying behaviour goes onto the customer's record at the destination, so that customer is
   * delivered first; without it there is nothing to write the behaviour on.
   */
  private async behaviourReferences(
    route: ResolvedRoute,
    data: unknown,
    createdAt: string,
    depth: number,
  ): Promise<Record<string, string>> {
    const customerId = (data as { customer?: { externalId?: unknown } } | null)?.customer?.externalId;
    const target =
      typeof customerId === 'string'
        ? await this.customerTarget(route, customerId, createdAt, depth)
        : undefined;
    if (!target) {
      throw new RejectedError(
        `customer ${String(customerId)} of ${route.sourceConnectionId} has not been delivered to ` +
          `${route.destinationConnectionId}: its buying behaviour has no record to go on`,
      );
    }
    return { customer: target.targetId, customerReference: target.reference };
  }

  /**
   * Where the customer a record names is at the destination: that customer's own record, or with
   * identity resolution on, the golden customer it belongs to (delivered first when pending).
   */
  private async customerTarget(
    route: ResolvedRoute,
    customerId: string,
    createdAt: string,
    depth: number,
  ): Promise<{ targetId: string; reference: string } | undefined> {
    if (!this.identity.enabled) {
      const customerRoute = this.routes.dependencyRoute(
        route.sourceConnectionId,
        route.destinationConnectionId,
        'customer',
      );
      return customerRoute && this.dependency(customerRoute, 'customer', customerId, createdAt, depth);
    }
    const goldenRoute = this.identity
      .customerRoutes()
      .find((r) => r.destinationConnectionId === route.destinationConnectionId);
    if (!goldenRoute) return undefined;
    const source = await this.ledger.records.findByExternalId(
      'customer',
      route.sourceConnectionId,
      customerId,
    );
    const member = source && (await this.ledger.identity.memberOf(source.id));
    if (!member) {
      // Not pulled yet (or waiting in the review list): wait a while, then go on without it.
      if (Date.now() - Date.parse(createdAt) < DEPENDENCY_GRACE_MS) {
        throw new DependencyBusyError(`customer ${customerId}`);
      }
      return undefined;
    }
    return this.dependency(goldenRoute, 'customer', member.goldenId, createdAt, depth, GOLDEN_ORIGIN);
  }

  /**
   * The target id of a record this one references, delivering it first (under its own lock) when
   * it is still pending. Waits, without spending an attempt, while the referenced record is being
   * delivered elsewhere or has not been pulled yet (up to DEPENDENCY_GRACE_MS after this record was
   * stored); then goes on without it.
   */
  private async dependency(
    route: ResolvedRoute,
    kind: 'customer' | 'transaction',
    externalId: string,
    createdAt: string,
    depth: number,
    origin: string = route.sourceConnectionId,
  ): Promise<{ targetId: string; reference: string } | undefined> {
    const record = await this.ledger.records.findByExternalId(kind, origin, externalId);
    if (!record) {
      if (Date.now() - Date.parse(createdAt) < DEPENDENCY_GRACE_MS) {
        throw new DependencyBusyError(`${kind} ${externalId}`);
      }
      return undefined;
    }
    const reference = poshubReference(record.id);
    const existing = await this.ledger.links.get(record.id, route.destinationConnectionId);
    if (existing) return { targetId: existing.externalId, reference };
    const pending = await this.ledger.deliveries.list({
      recordId: record.id,
      routeId: route.id,
      status: 'pending',
      limit: 1,
    });
    const next = pending.items[0];
    if (!next) return undefined;
    const locked = await this.locks.withLock(
      this.recordLockName(route.destinationConnectionId, record.id),
      this.lockTtlMs,
      () => this.deliverLocked(next, depth + 1),
    );
    if (!locked.acquired) throw new DependencyBusyError(`${kind} ${externalId}`);
    if (locked.value.status === 'done') return { targetId: locked.value.targetId, reference };
    if (locked.value.status === 'dead') {
      throw new RejectedError(
        `referenced ${kind} ${externalId} could not be delivered: ${locked.value.reason}`,
      );
    }
    const link = await this.ledger.links.get(record.id, route.destinationConnectionId);
    return link ? { targetId: link.externalId, reference } : undefined;
  }
}

/**
 * What the record references is not ready: being delivered by another worker, or not pulled yet.
 * The job waits and comes back without spending an attempt.
 */
export class DependencyBusyError extends Error {
  constructor(what: string) {
    super(`waiting for referenced ${what}`);
  }
}

/** How long a sale waits for its customer to be pulled before it is delivered without the link. */
const DEPENDENCY_GRACE_MS = 5 * 60_000;

/** A customer record that stands for a deletion or an erasure (identity resolution sets these). */
function isRemoval(data: unknown): boolean {
  const record = data as { deleted?: unknown; erased?: unknown } | null;
  return record?.deleted === true || record?.erased === true;
}

function isOpenSummary(data: unknown): boolean {
  const summary = (data as { summary?: { final?: unknown } } | null)?.summary;
  return summary !== undefined && summary.final === false;
}
