import type { OdooSimulator } from './odoo-simulator';

/** A sales tax the POS charges, created as a sale `account.tax`. */
export interface CatalogueTax {
  /** Name of the `account.tax`. */
  readonly name: string;
  /** Percentage, e.g. 8.875. */
  readonly rate: number;
  /** Included in prices (`price_include`) rather than added on top. */
  readonly included: boolean;
  /**
   * Key of the tax in the `odoo-taxes` lookup. Default `<rate>%` or `<rate>% incl`: the key
   * mappings/odoo/transaction.yaml falls back to when the POS's tax name is not in the lookup.
   */
  readonly lookupKey?: string;
}

/** Storable products to create, one per SKU, with stock on hand. */
export interface CatalogueStock {
  /** Internal references (`default_code`), which is how the connector finds products. */
  readonly skus: Iterable<string>;
  /** Quantity on hand of each product in the stock location of every mapped warehouse. */
  readonly initialQuantity: number;
  /** Product name of a SKU (default: the SKU). */
  readonly name?: (sku: string) => string;
}

/** Options of {@link prepareOdooCatalogue}. */
export interface OdooCatalogueOptions {
  /**
   * POS location id → code of the seeded warehouse standing for it (the simulator seeds WH1 and
   * WH2). Several POS locations may share one warehouse; its stock is then seeded once.
   */
  readonly warehouses: Readonly<Record<string, string>>;
  /** Storable products with stock; none when absent. */
  readonly stock?: CatalogueStock;
  /** Taxes to create, in this order. */
  readonly taxes: readonly CatalogueTax[];
  /** Tender type (or `type:cardBrand`) → code of the seeded journal (CSH or BNK) it is paid into. */
  readonly journals: Readonly<Record<string, string>>;
}

/** The lookup tables of poshub.yaml the Odoo mapping reads: table → key → record id as a string. */
export type OdooCatalogueLookups = {
  readonly 'odoo-taxes': Record<string, string>;
  readonly 'odoo-products': Record<string, string>;
  readonly 'odoo-journals': Record<string, string>;
  readonly 'odoo-warehouses': Record<string, string>;
  readonly 'odoo-locations': Record<string, string>;
};

/** What {@link prepareOdooCatalogue} created and where the POS's ids point. */
export interface OdooCatalogue {
  readonly lookups: OdooCatalogueLookups;
  /** POS location id → `stock.location` id (its warehouse's stock location). */
  readonly stockLocations: ReadonlyMap<string, number>;
  /** SKU → `product.product` id of the storable products created. */
  readonly products: ReadonlyMap<string, number>;
}

/**
 * Service products mappings/odoo/transaction.yaml puts order-level charges on, by their
 * `odoo-products` key: [key, name, internal reference].
 */
const CHARGE_PRODUCTS = [
  ['service-charge', 'POS service charge', 'POS-SERVICE'],
  ['tip', 'POS tip', 'POS-TIP'],
  ['discount', 'POS order discount', 'POS-DISCOUNT'],
  ['tax', 'POS order tax', 'POS-TAX'],
] as const;

/**
 * Adds to a freshly seeded simulator what a real Odoo database of the shop would hold and the seed
 * does not: the POS catalogue as storable products with stock, the POS's taxes, service products
 * for order-level charges. Returns the lookups pointing the POS's locations, taxes, tenders and
 * charges at those records and at the seeded warehouses and journals.
 *
 * Records are created in a fixed order (products with their quants, taxes, charge products), so ids
 * are stable for a given simulator seed and options. Unknown warehouse or journal codes throw before
 * anything is created.
 */
export function prepareOdooCatalogue(odoo: OdooSimulator, options: OdooCatalogueOptions): OdooCatalogue {
  const warehouses = new Map(
    Object.entries(options.warehouses).map(([posLocation, code]) => [
      posLocation,
      seeded(odoo, 'stock.warehouse', code),
    ]),
  );
  const journals = Object.fromEntries(
    Object.entries(options.journals).map(([tender, code]) => [
      tender,
      String(seeded(odoo, 'account.journal', code).id),
    ]),
  );
  const stockLocations = new Map(
    [...warehouses].map(([posLocation, warehouse]) => [posLocation, many2oneId(warehouse.lot_stock_id)]),
  );
  const products = options.stock
    ? createStock(odoo, options.stock, stockLocations)
    : new Map<string, number>();
  const taxes = Object.fromEntries(options.taxes.map((tax) => [taxKey(tax), String(createTax(odoo, tax))]));
  const charges = Object.fromEntries(
    CHARGE_PRODUCTS.map(([key, name, code]) => [
      key,
      String(odoo.insert('product.product', { name, default_code: code, list_price: 0, type: 'service' })),
    ]),
  );
  return {
    lookups: {
      'odoo-taxes': taxes,
      'odoo-products': charges,
      'odoo-journals': journals,
      'odoo-warehouses': Object.fromEntries([...warehouses].map(([loc, w]) => [loc, String(w.id)])),
      'odoo-locations': Object.fromEntries([...stockLocations].map(([loc, id]) => [loc, String(id)])),
    },
    stockLocations,
    products,
  };
}

function createStock(
  odoo: OdooSimulator,
  stock: CatalogueStock,
  stockLocations: ReadonlyMap<string, number>,
): Map<string, number> {
  const products = new Map<string, number>();
  // A warehouse shared by several POS locations holds one quant per product, not one per location.
  const locations = new Set(stockLocations.values());
  for (const sku of new Set(stock.skus)) {
    const product = odoo.insert('product.product', {
      name: stock.name ? stock.name(sku) : sku,
      default_code: sku,
      // A placeholder: every POS line carries its own price.
      list_price: 1,
      type: 'product',
      is_storable: true,
    });
    for (const location of locations) {
      odoo.insert('stock.quant', {
        product_id: product,
        location_id: location,
        quantity: stock.initialQuantity,
      });
    }
    products.set(sku, product);
  }
  return products;
}

function createTax(odoo: OdooSimulator, tax: CatalogueTax): number {
  return odoo.insert('account.tax', {
    name: tax.name,
    amount: tax.rate,
    type_tax_use: 'sale',
    price_include: tax.included,
  });
}

function taxKey(tax: CatalogueTax): string {
  return tax.lookupKey ?? `${tax.rate}%${tax.included ? ' incl' : ''}`;
}

/** The seeded record of `model` whose `code` is `code`. */
function seeded(odoo: OdooSimulator, model: string, code: string): Record<string, unknown> {
  const record = odoo.records(model).find((r) => r.code === code);
  if (!record || typeof record.id !== 'number') {
    throw new Error(`the Odoo simulator has no ${model} with code ${code}`);
  }
  return record;
}

/** `records()` answers many2one fields as `[id, display_name]`. */
function many2oneId(value: unknown): number {
  const id = Array.isArray(value) ? value[0] : value;
  if (typeof id !== 'number') throw new Error(`not a many2one value: ${JSON.stringify(value)}`);
  return id;
}
