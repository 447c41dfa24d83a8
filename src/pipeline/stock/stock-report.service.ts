import { Inject, Injectable } from '@nestjs/common';
import { LEDGER } from '../../app/tokens';
import type { StockLevel } from '../../canonical';
import type { Ledger } from '../../ledger';
import { MetricsService } from '../../observability/metrics.service';
import { driftRows, type DriftRow } from './stock-drift';
import { figuresOf, type Figure } from './stock-figures';
import { isLow, lowSince, thresholdOf, type LowStockItem } from './low-stock';
import { netSold } from './stock-math';
import { StockSyncService } from './stock-sync.service';

/**
 * Read side of stock sync: the drift report and the low-stock alerts, both from the latest figures
 * the ledger holds for each side (what the stock streams last pulled), never from a vendor call.
 */
@Injectable()
export class StockReportService {
  constructor(
    @Inject(LEDGER) private readonly ledger: Ledger,
    private readonly sync: StockSyncService,
    private readonly metrics: MetricsService,
  ) {}

  /** False when poshub.yaml has no `stock:` section. */
  get configured(): boolean {
    return this.sync.map !== undefined;
  }

  /** Every (SKU, ERP location) either side has a figure for, with the drift between them. */
  async drift(now = new Date()): Promise<DriftRow[]> {
    const map = this.sync.map;
    if (!map) return [];
    const inFlight = netSold(
      (await this.sync.undeliveredSales(this.ledger)).map((r) => r.data),
      (product) => map.posSku(product),
    );
    return driftRows(map, await this.figures('pos'), await this.figures('erp'), inFlight, now);
  }

  /** Figures at or below their threshold, on both sides; refreshes the low-stock gauge. */
  async lowStock(): Promise<LowStockItem[]> {
    const map = this.sync.map;
    const items: LowStockItem[] = [];
    if (map?.settings.lowStock) {
      for (const side of ['pos', 'erp'] as const) {
        const connection = map.settings[side];
        for (const figure of await this.figures(side)) {
          const threshold = thresholdOf(map.settings.lowStock, figure.sku);
          if (threshold === undefined || !isLow(figure.quantity, threshold)) continue;
          const versions = await this.ledger.stock.versions(figure.recordId);
          const since = lowSince(
            versions.map((v) => ({
              quantity: (v.data as Partial<StockLevel>).quantity,
              storedAt: v.storedAt,
            })),
            threshold,
          );
          items.push({ ...pick(figure), connection, threshold, since: since ?? figure.countedAt });
        }
      }
    }
    this.metrics.lowStockItems.reset();
    const perLocation = new Map<string, { connection: string; location: string; n: number }>();
    for (const item of items) {
      const key = `${item.connection}\u0000${item.location}`;
      const entry = perLocation.get(key) ?? { connection: item.connection, location: item.location, n: 0 };
      entry.n += 1;
      perLocation.set(key, entry);
    }
    for (const { connection, location, n } of perLocation.values()) {
      this.metrics.lowStockItems.set({ connection, location }, n);
    }
    return items.sort(
      (a, b) =>
        a.connection.localeCompare(b.connection) ||
        a.location.localeCompare(b.location) ||
        a.sku.localeCompare(b.sku),
    );
  }

  private async figures(side: 'pos' | 'erp'): Promise<Figure[]> {
    const map = this.sync.map!;
    return figuresOf(map, side, await this.ledger.stock.listCurrent('stock', map.settings[side]));
  }
}

function pick(figure: Figure): Pick<LowStockItem, 'sku' | 'location' | 'quantity'> {
  return { sku: figure.sku, location: figure.location, quantity: figure.quantity };
}
