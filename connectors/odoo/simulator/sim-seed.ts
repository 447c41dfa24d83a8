import { currencyExponent } from '../../../src/canonical/currency';
import { dec, parseDec, roundTo } from './sim-money';
import type { SimOrm } from './sim-orm';
import { createPrng as prng } from '../../../src/sdk/simulator-kit';

/** Currencies always present, with Odoo's `rounding`. */
const CURRENCIES: readonly (readonly [string, string, number])[] = [
  ['USD', '$', 0.01],
  ['EUR', '€', 0.01],
  ['VND', '₫', 1],
  ['JPY', '¥', 1],
  ['KWD', 'KD', 0.001],
];

/** Rough value of one USD in the currency, for plausible seeded prices. */
const USD_RATE: Readonly<Record<string, string>> = {
  USD: '1',
  EUR: '0.9',
  VND: '25000',
  JPY: '150',
  KWD: '0.3',
};

const PRODUCTS: readonly (readonly [string, string, string, string])[] = [
  // [default_code, name, USD price, barcode]
  ['SKU-001', 'Espresso Beans 1kg', '24.90', '8930000000011'],
  ['SKU-002', 'Ceramic Mug', '8.50', '8930000000028'],
  ['SKU-003', 'Paper Filters (100)', '3.25', '8930000000035'],
  ['SKU-004', 'Milk Frother', '39.99', '8930000000042'],
];

/** Ids of the seeded master data. */
export interface SeededIds {
  readonly uid: number;
  readonly companyId: number;
}

/**
 * Seeds what a fresh Odoo database with Sales, Invoicing and Inventory holds, plus a small catalog
 * with stock. Ids are stable for a given seed (records are created in a fixed order).
 */
export function seedDatabase(
  orm: SimOrm,
  options: { companyCurrency: string; login: string; seed: number; setCompany(id: number): void },
): SeededIds {
  const put = (model: string, vals: Record<string, unknown>): number =>
    orm.create(model, vals, { ctx: {}, bypass: true });
  const currencyIds = new Map<string, number>();
  for (const [name, symbol, rounding] of CURRENCIES) {
    currencyIds.set(name, put('res.currency', { name, symbol, rounding }));
  }
  const code = options.companyCurrency;
  if (!currencyIds.has(code)) {
    const rounding = dec(1)
      .dividedBy(10 ** currencyExponent(code))
      .toNumber();
    currencyIds.set(code, put('res.currency', { name: code, symbol: code, rounding }));
  }
  const companyId = put('res.company', { name: 'POS Hub Test Company', currency_id: currencyIds.get(code) });
  options.setCompany(companyId);
  put('res.users', { name: 'OdooBot', login: '__system__', active: false });
  const uid = put('res.users', { name: 'POS Hub API', login: options.login });
  put('res.partner', { name: 'POS Hub Test Company', is_company: true, company_id: companyId });

  const vat = put('account.tax', { name: 'VAT 10%', amount: 10, type_tax_use: 'sale', price_include: false });
  put('account.tax', { name: 'VAT 10% incl.', amount: 10, type_tax_use: 'sale', price_include: true });
  put('account.tax', { name: 'Tax 0%', amount: 0, type_tax_use: 'sale', price_include: false });
  put('account.journal', { name: 'Customer Invoices', code: 'INV', type: 'sale' });
  put('account.journal', { name: 'Cash', code: 'CSH', type: 'cash' });
  put('account.journal', { name: 'Bank', code: 'BNK', type: 'bank' });
  put('product.pricelist', { name: 'Public Pricelist', currency_id: currencyIds.get(code) });

  const stockLocations: number[] = [];
  for (const [whCode, whName] of [
    ['WH1', 'Main Warehouse'],
    ['WH2', 'Second Shop'],
  ] as const) {
    const wh = put('stock.warehouse', { name: whName, code: whCode });
    put('stock.location', { name: whCode, usage: 'view', warehouse_id: wh });
    const stock = put('stock.location', { name: 'Stock', usage: 'internal', warehouse_id: wh });
    orm.write('stock.warehouse', [wh], { lot_stock_id: stock }, { ctx: {}, bypass: true });
    stockLocations.push(stock);
  }
  put('stock.location', { name: 'Customers', usage: 'customer' });
  put('stock.location', { name: 'Inventory adjustment', usage: 'inventory' });

  const random = prng(options.seed);
  const rate = parseDec(USD_RATE[code] ?? '1');
  const decimals = orm.currencyDecimals(currencyIds.get(code));
  for (const [defaultCode, name, usd, barcode] of PRODUCTS) {
    const price = roundTo(parseDec(usd).times(rate), decimals);
    const product = put('product.product', {
      name,
      default_code: defaultCode,
      barcode,
      list_price: price.toNumber(),
      type: 'product',
      is_storable: true,
      taxes_id: [vat],
    });
    for (const location of stockLocations) {
      put('stock.quant', {
        product_id: product,
        location_id: location,
        quantity: Math.floor(random() * 100),
      });
    }
  }
  put('product.product', { name: 'Gift Wrapping', default_code: 'SRV-WRAP', list_price: 1, type: 'service' });
  return { uid, companyId };
}
