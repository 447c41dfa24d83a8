import { compareQuantity } from '../../canonical/quantity';
import type { StockConfig } from '../../config';

/** One low-stock item. */
export interface LowStockItem {
  readonly sku: string;
  readonly connection: string;
  readonly location: string;
  readonly quantity: string;
  readonly threshold: string;
  /** When the figure went (and stayed) at or below the threshold: the run's first stored version. */
  readonly since: string;
}

/** The threshold of a SKU: its own, else the default; undefined when it has none. */
export function thresholdOf(lowStock: StockConfig['lowStock'], sku: string): string | undefined {
  return lowStock?.bySku[sku] ?? lowStock?.default;
}

/** True when `quantity` is at or below `threshold`. */
export function isLow(quantity: string, threshold: string): boolean {
  return compareQuantity(quantity, threshold) <= 0;
}

/**
 * When the trailing run of low versions began: the stored time of the oldest version of that run
 * (versions oldest first, each with the quantity it held). Undefined when the newest is not low.
 */
export function lowSince(
  versions: readonly { readonly quantity: string | undefined; readonly storedAt: string }[],
  threshold: string,
): string | undefined {
  let since: string | undefined;
  for (const v of versions) {
    if (v.quantity !== undefined && isLow(v.quantity, threshold)) since ??= v.storedAt;
    else since = undefined;
  }
  return since;
}
