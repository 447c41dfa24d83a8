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

/** Square variation id → SKU of the variations the shop sells. */
export function squareSkus(square: SquareSimulator): Map<string, string> {
  return new Map(
    square
      .catalogVariations()
      .filter((v) => v.type === 'ITEM_VARIATION' && !v.is_deleted)
      .map((v) => [v.id, String((v.item_variation_data as { sku: string }).sku)]),
  );
}

/**
 * Makes the Odoo simulator look like the ERP of the Square shop: the Square catalog as storable
 * products with `initialQuantity` on hand in the two warehouses (one per Square location), the
 * taxes Square charges, service products for order-level charges, and journals for tenders.
 * Returns the lookups pointing Square's ids at those records.
 */
export function prepareOdooForSquare(
  odoo: OdooSimulator,
  square: SquareSimulator,
  initialQuantity: number,
): Lookups {
  const skus = squareSkus(square);
  const warehouses = odoo.records('stock.warehouse');
  const [wh1, wh2] = ['WH1', 'WH2'].map((code) => {
    const warehouse = warehouses.find((w) => w.code === code);
    if (!warehouse) throw new Error(`the Odoo simulator has no warehouse ${code}`);
    return warehouse;
  });
  const [loc1, loc2] = square.locationIds;
  const stockLocation = (w: Record<string, unknown>) => String((w.lot_stock_id as [number])[0]);
  const locations = { [loc1]: stockLocation(wh1), [loc2]: stockLocation(wh2) };
  for (const sku of new Set(skus.values())) {
    const product = odoo.insert('product.product', {
      name: `Square ${sku}`,
      default_code: sku,
      list_price: 1,
      type: 'product',
      is_storable: true,
    });
    for (const location of Object.values(locations)) {
      odoo.insert('stock.quant', {
        product_id: product,
        location_id: Number(location),
        quantity: initialQuantity,
      });
    }
  }
  const taxes = Object.fromEntries(
    SQUARE_TAX_RATES.map(([rate, inclusive]) => [
      `${rate}%${inclusive ? ' incl' : ''}`,
      String(
        odoo.insert('account.tax', {
          name: `Square ${rate}%${inclusive ? ' incl.' : ''}`,
          amount: Number(rate),
          type_tax_use: 'sale',
          price_include: inclusive,
        }),
      ),
    ]),
  );
  const service = (name: string, code: string) =>
    String(odoo.insert('product.product', { name, default_code: code, list_price: 0, type: 'service' }));
  const journal = (code: string) => String(odoo.records('account.journal').find((j) => j.code === code)!.id);
  return {
    'odoo-taxes': taxes,
    'odoo-products': {
      'service-charge': service('POS service charge', 'POS-SERVICE'),
      tip: service('POS tip', 'POS-TIP'),
      discount: service('POS order discount', 'POS-DISCOUNT'),
      tax: service('POS order tax', 'POS-TAX'),
    },
    'odoo-journals': {
      cash: journal('CSH'),
      card: journal('BNK'),
      wallet: journal('BNK'),
      other: journal('BNK'),
    },
    'odoo-warehouses': { [loc1]: String(wh1.id), [loc2]: String(wh2.id) },
    'odoo-locations': locations,
    squareVariationsBySku: Object.fromEntries([...skus].map(([id, sku]) => [sku, id])),
  };
}
