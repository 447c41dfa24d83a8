import { prepareOdooCatalogue, type CatalogueTax } from '../../connectors/odoo/simulator/odoo-catalogue';
import type { OdooSimulator } from '../../connectors/odoo/simulator/odoo-simulator';
import type { SquareSimulator } from '../../connectors/square/simulator/square-simulator';

/** Lookup tables of poshub.yaml: table name → key → value. */
export type Lookups = Record<string, Record<string, string>>;

/** Taxes the Square simulator's generator charges: [rate, included in prices]. */
const SQUARE_TAX_RATES = [
  ['8.875', false],
  ['7.25', false],
  ['6', false],
  ['0.5', false],
  ['5', false],
  ['10', true],
  ['8', true],
] as const;

const SQUARE_TAXES: readonly CatalogueTax[] = SQUARE_TAX_RATES.map(([rate, included]) => ({
  name: `Square ${rate}%${included ? ' incl.' : ''}`,
  rate: Number(rate),
  included,
}));

/** Square tender type → Odoo journal code: cash to the till, everything else to the bank. */
const SQUARE_JOURNALS = { cash: 'CSH', card: 'BNK', wallet: 'BNK', other: 'BNK' } as const;

/** Square variation id → SKU of the variations the shop sells. */
export function squareSkus(square: SquareSimulator): Map<string, string> {
  return new Map(
    square
      .catalogVariations()
      .filter((v) => v.type === 'ITEM_VARIATION' && !v.is_deleted)
      .map((v) => [v.id, String((v.item_variation_data as { sku: string }).sku)]),
  );
}

/** Options of {@link prepareOdooForSquare}. */
export interface OdooForSquareOptions {
  /** What every Square variation starts with in each Odoo warehouse. */
  readonly initialQuantity: number;
  /**
   * Codes of the Odoo warehouses standing for Square's first and second location (default WH1,
   * WH2). The same code twice sums both shops into one ERP location.
   */
  readonly warehouses?: readonly [string, string];
}

/** The prepared Odoo, seen from Square. */
export interface OdooForSquare {
  /** Odoo's lookups plus `squareVariationsBySku` (SKU → Square variation id). */
  readonly lookups: Lookups;
  /** Square variation id → SKU (also the Odoo product's default_code). */
  readonly skus: ReadonlyMap<string, string>;
  /** Square location id → Odoo stock.location id. */
  readonly stockLocations: ReadonlyMap<string, number>;
}

/**
 * Makes the Odoo simulator look like the ERP of the Square shop: the Square catalog as storable
 * products with `initialQuantity` on hand in the warehouses of the Square locations, the taxes
 * Square charges, service products for order-level charges, and journals for tenders.
 */
export function prepareOdooForSquare(
  odoo: OdooSimulator,
  square: SquareSimulator,
  options: OdooForSquareOptions,
): OdooForSquare {
  const skus = squareSkus(square);
  const [loc1, loc2] = square.locationIds;
  if (!loc1 || !loc2) throw new Error('the Square simulator has fewer than two locations');
  const [wh1, wh2] = options.warehouses ?? ['WH1', 'WH2'];
  const catalogue = prepareOdooCatalogue(odoo, {
    warehouses: { [loc1]: wh1, [loc2]: wh2 },
    stock: {
      skus: skus.values(),
      initialQuantity: options.initialQuantity,
      name: (sku) => `Square ${sku}`,
    },
    taxes: SQUARE_TAXES,
    journals: SQUARE_JOURNALS,
  });
  return {
    lookups: {
      ...catalogue.lookups,
      squareVariationsBySku: Object.fromEntries([...skus].map(([id, sku]) => [sku, id])),
    },
    skus,
    stockLocations: catalogue.stockLocations,
  };
}
