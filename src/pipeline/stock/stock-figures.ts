import type { StockLevel } from '../../canonical';
import type { CurrentRecord } from '../../ledger';
import type { StockMap } from './stock-map';

/** One side's current figure for a SKU at a location, as the ledger holds it. */
export interface Figure {
  readonly recordId: string;
  readonly sku: string;
  /** The location as the side names it: POS location for the POS, ERP location for the ERP. */
  readonly location: string;
  readonly quantity: string;
  readonly countedAt: string;
}

/**
 * The POS's figures keyed by POS location and the ERP's keyed by ERP location, from the current
 * stock records of each side. Records of unmapped locations, and SKUs the POS does not sell (not in
 * the products lookup), are left out: they belong to no sync pair.
 */
export function figuresOf(map: StockMap, side: 'pos' | 'erp', records: readonly CurrentRecord[]): Figure[] {
  const figures: Figure[] = [];
  for (const record of records) {
    const level = record.data as StockLevel;
    const sku = side === 'pos' ? map.posSku(level.product) : map.erpSku(level.product);
    const erpLocation = map.erpLocation(level.locationId);
    if (sku === undefined || erpLocation === undefined || !map.posKnows(sku)) continue;
    figures.push({
      recordId: record.recordId,
      sku,
      location: side === 'pos' ? level.locationId : erpLocation,
      quantity: level.quantity,
      countedAt: level.countedAt,
    });
  }
  return figures;
}
