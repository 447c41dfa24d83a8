import type { StockLevel } from '../../canonical';
import { addQuantity, isQuantity, subtractQuantity, type Quantity } from '../../canonical/quantity';
import type { ProductRef } from './stock-map';

/** The transaction fields stock sync reads (a stored canonical transaction has them all). */
export interface StockSale {
  readonly kind: string;
  readonly locationId: string;
  readonly occurredAt?: string;
  readonly lines: readonly { readonly product: ProductRef; readonly quantity: string }[];
  /** Present on poshub's own daily summaries, which are not sales of their own. */
  readonly summary?: unknown;
}

/**
 * Net quantity of each SKU that `sales` took out of stock, per POS location: sales add, refunds
 * subtract (the goods came back), voids and poshub's summaries count nothing. Keyed
 * `<sku>\u0000<location>`; lines whose SKU is unknown are left out (they cannot be matched to a
 * figure anyway).
 */
export function netSold(
  sales: readonly StockSale[],
  skuOf: (product: ProductRef) => string | undefined,
): Map<string, Quantity> {
  const sold = new Map<string, Quantity>();
  for (const sale of sales) {
    if (sale.summary !== undefined || (sale.kind !== 'sale' && sale.kind !== 'refund')) continue;
    for (const line of sale.lines) {
      const sku = skuOf(line.product);
      if (sku === undefined || !isQuantity(line.quantity)) continue;
      const key = stockKey(sku, sale.locationId);
      const before = sold.get(key) ?? '0';
      sold.set(
        key,
        sale.kind === 'sale' ? addQuantity(before, line.quantity) : subtractQuantity(before, line.quantity),
      );
    }
  }
  return sold;
}

/** `<sku>\u0000<location>`: one stock figure's key. */
export function stockKey(sku: string, location: string): string {
  return `${sku}\u0000${location}`;
}

/** The level poshub keeps for the other side: `<sku>@<location>`, named by SKU only. */
export function syncLevel(
  sku: string,
  locationId: string,
  quantity: Quantity,
  countedAt: string,
): StockLevel {
  return {
    externalId: `${sku}@${locationId}`,
    product: { sku },
    locationId,
    quantity,
    countedAt: new Date(Date.parse(countedAt)).toISOString(),
  };
}

/**
 * ERP-owned: the POS count to set = ERP figure − what the POS sold that the ERP has not been told
 * about yet (docs/stock-sync.md, "The rule").
 */
export function erpOwnedQuantity(erpQuantity: Quantity, undeliveredSold: Quantity | undefined): Quantity {
  return subtractQuantity(erpQuantity, undeliveredSold ?? '0');
}

/**
 * POS-owned: the ERP figure to set = Σ POS counts of the locations mapped to it + what those
 * locations sold that the ERP has not been told about yet (the ERP will take it out when the sale
 * arrives, and the POS counts already did).
 */
export function posOwnedQuantity(
  posCounts: readonly Quantity[],
  undeliveredSold: readonly (Quantity | undefined)[],
): Quantity {
  let total: Quantity = '0';
  for (const q of [...posCounts, ...undeliveredSold]) if (q !== undefined) total = addQuantity(total, q);
  return total;
}
