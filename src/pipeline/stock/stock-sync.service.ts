import { Inject, Injectable, Logger } from '@nestjs/common';
import { POSHUB_CONFIG } from '../../app/tokens';
import { contentHash, type StockLevel } from '../../canonical';
import type { PoshubConfig } from '../../config';
import type { Ledger } from '../../ledger';
import { evaluatePredicate } from '../../mapping/mapping-engine';
import { QueueService } from '../../queue/queue.service';
import { STOCK_SYNC_STREAM } from '../../registry/derived-streams';
import { deliveryPolicyOf } from '../delivery-policy';
import { RouteTable, type ResolvedRoute, type ResolvedStream } from '../route-table';
import { StockMap } from './stock-map';
import { undeliveredSales, type UndeliveredSale } from './undelivered-sales';
import {
  erpOwnedQuantity,
  netSold,
  posOwnedQuantity,
  stockKey,
  syncLevel,
  type StockSale,
} from './stock-math';

/** A delivery row the caller creates in the same transaction (the pull page's). */
export interface StockDeliveryRow {
  readonly recordId: string;
  readonly recordVersion: number;
  readonly routeId: string;
  readonly destinationConnectionId: string;
  readonly entity: string;
  /** True when this version is new, so its delivery must be enqueued after the commit. */
  readonly fresh: boolean;
}

/** A delivery row stock sync created itself, to enqueue after the commit ({@link StockSyncService.enqueue}). */
export interface CreatedStockDelivery {
  readonly id: string;
  readonly destinationConnectionId: string;
}

/** Ledger kind of the levels poshub computes for the other side (apart from each side's own figures). */
export const STOCK_SYNC_KIND = 'stock-sync';

/**
 * Keeps the other side's stock in step with the owner's (docs/stock-sync.md). Runs inside the
 * transaction that stores the owner's changed figures, so a computed level and the figures and
 * sales it was computed from commit together; its delivery rides the normal ledger → deliveries →
 * queue path (versioned, idempotent, newest version only).
 */
@Injectable()
export class StockSyncService {
  private readonly logger = new Logger('stock');
  readonly map?: StockMap;

  constructor(
    @Inject(POSHUB_CONFIG) private readonly config: PoshubConfig,
    private readonly routes: RouteTable,
    private readonly queues: QueueService,
  ) {
    this.map = config.stock ? new StockMap(config.stock, config.lookups) : undefined;
  }

  /** True when `stream` is the owner side's stock and a route carries the computed levels. */
  wanted(stream: Pick<ResolvedStream, 'connectionId' | 'kind'>): boolean {
    if (!this.map || stream.kind !== 'stock') return false;
    const owner = this.ownerConnection();
    return stream.connectionId === owner && this.routes.fromSource(owner!, STOCK_SYNC_STREAM).length > 0;
  }

  /**
   * Recomputes the other side's levels touched by the owner's changed figures `levels`, stores the
   * changed ones as new versions of `stock-sync` records and returns their delivery rows.
   */
  async refresh(tx: Ledger, levels: readonly StockLevel[]): Promise<StockDeliveryRow[]> {
    const map = this.map;
    if (!map || levels.length === 0) return [];
    await this.lock(tx);
    if (map.settings.owner === 'erp') {
      const sold = await this.undeliveredSold(tx);
      const hwm = await tx.stock.newestOccurredAt('transaction', map.settings.pos);
      return this.store(tx, this.erpOwned(levels, sold, hwm));
    }
    const touched = new Set<string>();
    for (const level of levels) {
      const sku = map.posSku(level.product);
      const erpLocation = map.erpLocation(level.locationId);
      if (sku !== undefined && erpLocation !== undefined) touched.add(stockKey(sku, erpLocation));
    }
    return this.store(tx, await this.posOwned(tx, touched));
  }

  /**
   * POS-owned only: true when `stream` is the POS's sales, whose pulls change the undelivered
   * quantity U of the rule (docs/stock-sync.md, "The rule (POS owns stock)").
   */
  wantsSales(stream: Pick<ResolvedStream, 'connectionId' | 'kind'>): boolean {
    const map = this.map;
    if (!map || map.settings.owner !== 'pos' || stream.kind !== 'transaction') return false;
    return (
      stream.connectionId === map.settings.pos &&
      this.routes.fromSource(map.settings.pos, STOCK_SYNC_STREAM).length > 0 &&
      this.salesRoutes().length > 0
    );
  }

  /**
   * POS-owned: called in a pull page's transaction of the POS's sales, after the page's delivery
   * rows were created (so the changed `sales` are in U). Recomputes the ERP levels of the SKUs and
   * locations they name, stores them and creates their delivery rows; the caller enqueues the
   * returned rows after the commit.
   */
  async salesPulled(tx: Ledger, sales: readonly unknown[]): Promise<CreatedStockDelivery[]> {
    if (this.map?.settings.owner !== 'pos') return [];
    const touched = this.touchedBySales(sales as readonly StockSale[]);
    if (touched.size === 0) return [];
    await this.lock(tx);
    return this.createDeliveries(tx, await this.store(tx, await this.posOwned(tx, touched)));
  }

  /**
   * POS-owned: called FIRST in the transaction that marks the delivery of record `recordId` on
   * `routeId` done. When that route posts this POS's sales to the ERP, what the record brings into
   * the ERP's stock leaves U: a sale or refund posted on its own, or every sale counted by the
   * FINAL version of a daily-summary document (a draft moves no stock: nothing to do). The ERP
   * levels it touches are recomputed as if it were done already (the caller marks it in the same
   * transaction), stored, and their delivery rows created. Taking the stock lock before the caller
   * touches any delivery row keeps it from deadlocking with a pull page that waits for the lock
   * while holding rows. The caller enqueues the returned rows after the commit ({@link enqueue}).
   */
  async saleDelivered(
    tx: Ledger,
    delivered: { readonly recordId: string; readonly routeId: string },
    sale: unknown,
  ): Promise<CreatedStockDelivery[]> {
    const map = this.map;
    if (!map || map.settings.owner !== 'pos') return [];
    const route = this.salesRoutes().find((r) => r.id === delivered.routeId);
    if (!route) return [];
    if (this.routes.fromSource(map.settings.pos, STOCK_SYNC_STREAM).length === 0) return [];
    const summary = summaryOf(sale);
    if (summary && !summary.final) return [];
    const touched = this.touchedBySales([sale as StockSale]);
    if (touched.size === 0) return [];
    const document = summary && route.dailySummary ? summary.externalId : undefined;
    const leaving = (r: UndeliveredSale) =>
      r.recordId === delivered.recordId || (document !== undefined && r.summaryExternalId === document);
    await this.lock(tx);
    return this.createDeliveries(tx, await this.store(tx, await this.posOwned(tx, touched, leaving)));
  }

  private async createDeliveries(
    tx: Ledger,
    rows: readonly StockDeliveryRow[],
  ): Promise<CreatedStockDelivery[]> {
    if (rows.length === 0) return [];
    const ids = await tx.deliveries.createMany(rows.map(({ fresh: _fresh, ...row }) => row));
    return ids.map((id, i) => ({ id, destinationConnectionId: rows[i]!.destinationConnectionId }));
  }

  /** Enqueues the deliveries {@link saleDelivered} created, once its transaction committed. */
  async enqueue(created: readonly CreatedStockDelivery[]): Promise<void> {
    const byDestination = new Map<string, string[]>();
    for (const c of created)
      byDestination.set(c.destinationConnectionId, [
        ...(byDestination.get(c.destinationConnectionId) ?? []),
        c.id,
      ]);
    const policy = deliveryPolicyOf(this.config);
    for (const [destination, ids] of byDestination)
      await this.queues.enqueueDeliveries(destination, ids, policy);
  }

  /** One recompute per owner at a time: two transactions must not each compute from the other's half. */
  private async lock(tx: Ledger): Promise<void> {
    await tx.lockKey(`stock\u0000${this.ownerConnection()!}`);
  }

  /** U per `<sku>\u0000<POS location>`: POS sales not delivered to the ERP yet, minus refunds. */
  private async undeliveredSold(
    tx: Ledger,
    leaving?: (sale: UndeliveredSale) => boolean,
  ): Promise<Map<string, string>> {
    const map = this.map!;
    const backlog = await this.undeliveredSales(tx);
    return netSold(
      backlog.filter((r) => !leaving?.(r)).map((r) => r.data),
      (product) => map.posSku(product),
    );
  }

  /** Every POS sale and refund the ERP's stock does not hold yet (U; see undelivered-sales.ts). */
  async undeliveredSales(tx: Ledger): Promise<UndeliveredSale[]> {
    const map = this.map;
    return map ? undeliveredSales(tx, map.settings.pos, this.salesRoutes()) : [];
  }

  /** `<sku>\u0000<ERP location>` of every line of `sales` at a mapped POS location. */
  private touchedBySales(sales: readonly StockSale[]): Set<string> {
    const map = this.map!;
    const touched = new Set<string>();
    for (const sale of sales) {
      const erpLocation = typeof sale?.locationId === 'string' ? map.erpLocation(sale.locationId) : undefined;
      if (erpLocation === undefined || !Array.isArray(sale.lines)) continue;
      for (const line of sale.lines) {
        const sku = map.posSku(line.product);
        if (sku !== undefined) touched.add(stockKey(sku, erpLocation));
      }
    }
    return touched;
  }

  /** Stores each computed level as a new `stock-sync` version when it changed; its delivery rows. */
  private async store(tx: Ledger, computed: readonly StockLevel[]): Promise<StockDeliveryRow[]> {
    if (computed.length === 0) return [];
    const owner = this.ownerConnection()!;
    const { erp, pos } = this.map!.settings;
    const routes = this.routes.fromSource(owner, STOCK_SYNC_STREAM);
    const rows: StockDeliveryRow[] = [];
    for (const level of computed) {
      const upsert = await tx.records.upsert({
        kind: STOCK_SYNC_KIND,
        originConnectionId: owner,
        externalId: level.externalId,
        contentHash: await this.hashOf(tx, owner, level),
        data: level,
      });
      if (!upsert.changed) continue;
      for (const route of routes) {
        if (route.filter && !(await evaluatePredicate(route.filter, level))) continue;
        rows.push({
          recordId: upsert.recordId,
          recordVersion: upsert.version,
          routeId: route.id,
          destinationConnectionId: route.destinationConnectionId,
          entity: route.entity,
          fresh: true,
        });
      }
    }
    if (rows.length > 0)
      this.logger.debug({ msg: 'stock levels recomputed', owner, erp, pos, rows: rows.length });
    return rows;
  }

  /**
   * The content hash a computed level is stored under. ERP-owned: the level's own, so an unchanged
   * result makes no version (a POS count stamped at the high-water mark stays right however often
   * it is written: the POS replays later changes on top of it). POS-owned: the level chained to
   * the version it follows, so EVERY recompute makes a version and a write. The ERP's figure is
   * moved by every sale posted after poshub's last absolute write, so "same figure as a version
   * written earlier" does not mean the ERP still holds it; an equal hash would make no version, or
   * let the delivery skip the write as "destination already holds this content"
   * (docs/stock-sync.md, "Why every recompute is written").
   */
  private async hashOf(tx: Ledger, owner: string, level: StockLevel): Promise<string> {
    if (this.map!.settings.owner === 'erp') return contentHash(level);
    const current = await tx.records.findByExternalId(STOCK_SYNC_KIND, owner, level.externalId);
    return contentHash({ level, after: current?.version ?? 0 });
  }

  /**
   * Routes that post this POS's transactions to this ERP, one by one or as daily summaries (whose
   * refunds are still posted one by one).
   */
  private salesRoutes(): ResolvedRoute[] {
    const map = this.map;
    if (!map) return [];
    return this.routes
      .routes()
      .filter(
        (r) =>
          r.sourceConnectionId === map.settings.pos &&
          r.destinationConnectionId === map.settings.erp &&
          r.kind === 'transaction',
      );
  }

  private ownerConnection(): string | undefined {
    const s = this.map?.settings;
    return s && (s.owner === 'erp' ? s.erp : s.pos);
  }

  /**
   * ERP-owned: per ERP figure, the count of its one POS location = ERP − undelivered sold, stamped
   * with the POS high-water mark (newest sale pulled) so the POS applies later sales on top of it.
   */
  private erpOwned(
    levels: readonly StockLevel[],
    sold: ReadonlyMap<string, string>,
    highWaterMark: string | undefined,
  ): StockLevel[] {
    const map = this.map!;
    const latest = new Map<string, StockLevel>();
    for (const level of levels) {
      const sku = map.erpSku(level.product);
      const erpLocation = map.erpLocation(level.locationId);
      if (sku === undefined || erpLocation === undefined || !map.posKnows(sku)) continue;
      const [posLocation, ...others] = map.posLocations(erpLocation);
      // The config check refuses shared ERP locations for owner erp; never guess a split.
      if (posLocation === undefined || others.length > 0) continue;
      latest.set(stockKey(sku, posLocation), level);
    }
    return [...latest].map(([key, level]) => {
      const [sku, posLocation] = key.split('\u0000') as [string, string];
      return syncLevel(
        sku,
        posLocation,
        erpOwnedQuantity(level.quantity, sold.get(key)),
        highWaterMark ?? level.countedAt,
      );
    });
  }

  /**
   * POS-owned: per (SKU, ERP location) in `touched`, Σ current POS counts of the POS locations
   * mapped to it + what they sold that the ERP has not received yet (U). `leaving` picks the sales
   * whose delivery is being marked done in this transaction: they are no longer in U. A key none
   * of whose POS locations has a count yet is left alone (the ERP keeps its own figure until the
   * POS has counted).
   */
  private async posOwned(
    tx: Ledger,
    touched: ReadonlySet<string>,
    leaving?: (sale: UndeliveredSale) => boolean,
  ): Promise<StockLevel[]> {
    const map = this.map!;
    if (touched.size === 0) return [];
    const sold = await this.undeliveredSold(tx, leaving);
    const counts = new Map<string, StockLevel>();
    for (const record of await tx.stock.listCurrent('stock', map.settings.pos)) {
      const level = record.data as StockLevel;
      const sku = map.posSku(level.product);
      if (sku !== undefined) counts.set(stockKey(sku, level.locationId), level);
    }
    const computed: StockLevel[] = [];
    for (const key of touched) {
      const [sku, erpLocation] = key.split('\u0000') as [string, string];
      const group = map.posLocations(erpLocation);
      const members = group.map((l) => counts.get(stockKey(sku, l)));
      if (members.every((m) => m === undefined)) continue;
      const countedAt = members.reduce(
        (newest, m) => (m && Date.parse(m.countedAt) > Date.parse(newest) ? m.countedAt : newest),
        new Date(0).toISOString(),
      );
      const quantity = posOwnedQuantity(
        members.map((m) => m?.quantity ?? '0'),
        group.map((l) => sold.get(stockKey(sku, l))),
      );
      // Named by the group's first POS location: the ERP's stock-write mapping resolves the ERP
      // location through the same lookup.
      computed.push(syncLevel(sku, group[0]!, quantity, countedAt));
    }
    return computed;
  }
}

/** The `summary` block and id of one of poshub's daily-summary documents, if `data` is one. */
function summaryOf(data: unknown): { final: boolean; externalId: string } | undefined {
  const tx = data as { externalId?: unknown; summary?: { final?: unknown } } | null;
  if (tx?.summary === undefined || typeof tx.externalId !== 'string') return undefined;
  return { final: tx.summary.final === true, externalId: tx.externalId };
}
