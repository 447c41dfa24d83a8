import { addQuantity, compareQuantity, subtractQuantity } from '../../canonical/quantity';
import type { Figure } from './stock-figures';
import type { StockMap } from './stock-map';
import { stockKey } from './stock-math';

/** One row of the drift report: a SKU at one ERP location and the POS locations mapped to it. */
export interface DriftRow {
  readonly sku: string;
  readonly erpLocation: string;
  readonly posLocations: readonly string[];
  /** Σ of the POS figures of `posLocations` (null when the POS has none). */
  readonly pos: { readonly quantity: string; readonly countedAt: string } | null;
  readonly erp: { readonly quantity: string; readonly countedAt: string } | null;
  /** pos − erp (null when a side is missing). */
  readonly difference: string | null;
  /** Net quantity of POS sales not delivered to the ERP yet: the ERP still holds it. */
  readonly inFlight: string;
  /** pos − (erp − inFlight): what undelivered sales do not explain; "0" when in sync. */
  readonly unexplained: string | null;
  /** now − the older countedAt of the two sides, in whole seconds (null when a side is missing). */
  readonly ageSeconds: number | null;
}

/**
 * Pairs the two sides' figures per (SKU, ERP location). `inFlight` is keyed by
 * `stockKey(sku, POS location)` (see netSold).
 */
export function driftRows(
  map: StockMap,
  posFigures: readonly Figure[],
  erpFigures: readonly Figure[],
  inFlight: ReadonlyMap<string, string>,
  now: Date,
): DriftRow[] {
  const keys = new Map<string, { sku: string; erpLocation: string }>();
  const posByKey = new Map<string, Figure>();
  for (const f of posFigures) posByKey.set(stockKey(f.sku, f.location), f);
  for (const f of posFigures) {
    const erpLocation = map.erpLocation(f.location)!;
    keys.set(stockKey(f.sku, erpLocation), { sku: f.sku, erpLocation });
  }
  const erpByKey = new Map<string, Figure>();
  for (const f of erpFigures) {
    erpByKey.set(stockKey(f.sku, f.location), f);
    keys.set(stockKey(f.sku, f.location), { sku: f.sku, erpLocation: f.location });
  }
  const rows: DriftRow[] = [];
  for (const [key, { sku, erpLocation }] of keys) {
    const posLocations = map.posLocations(erpLocation);
    const members = posLocations.flatMap((l) => posByKey.get(stockKey(sku, l)) ?? []);
    const pos =
      members.length === 0
        ? null
        : {
            quantity: members.reduce((sum, m) => addQuantity(sum, m.quantity), '0'),
            countedAt: members.map((m) => m.countedAt).sort(byTime)[0]!,
          };
    const erpFigure = erpByKey.get(key);
    const erp = erpFigure ? { quantity: erpFigure.quantity, countedAt: erpFigure.countedAt } : null;
    const flight = posLocations.reduce(
      (sum, l) => addQuantity(sum, inFlight.get(stockKey(sku, l)) ?? '0'),
      '0',
    );
    const difference = pos && erp ? subtractQuantity(pos.quantity, erp.quantity) : null;
    const older = pos && erp ? [pos.countedAt, erp.countedAt].sort(byTime)[0]! : undefined;
    rows.push({
      sku,
      erpLocation,
      posLocations,
      pos,
      erp,
      difference,
      inFlight: flight,
      unexplained: difference === null ? null : addQuantity(difference, flight),
      ageSeconds:
        older === undefined ? null : Math.max(0, Math.floor((now.getTime() - Date.parse(older)) / 1000)),
    });
  }
  return rows.sort((a, b) => a.sku.localeCompare(b.sku) || a.erpLocation.localeCompare(b.erpLocation));
}

/** True when the row has drift that undelivered sales do not explain (or a side is missing). */
export function isDrifting(row: DriftRow): boolean {
  return row.unexplained === null || compareQuantity(row.unexplained, '0') !== 0;
}

function byTime(a: string, b: string): number {
  return Date.parse(a) - Date.parse(b);
}
