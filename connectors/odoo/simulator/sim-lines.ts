import { computeLine, sumLines, type LineAmounts } from './sim-money';
import { idList, type Row } from './sim-model.types';
import type { SimOrm } from './sim-orm';

/** Where a line model keeps its quantity and taxes (sale.order.line vs account.move.line). */
export interface LineShape {
  readonly model: string;
  readonly parentField: string;
  readonly parentModel: string;
  readonly qtyField: string;
  readonly taxField: string;
}

export const SALE_LINE: LineShape = {
  model: 'sale.order.line',
  parentField: 'order_id',
  parentModel: 'sale.order',
  qtyField: 'product_uom_qty',
  taxField: 'tax_id',
};

export const MOVE_LINE: LineShape = {
  model: 'account.move.line',
  parentField: 'move_id',
  parentModel: 'account.move',
  qtyField: 'quantity',
  taxField: 'tax_ids',
};

/** The currency of a line: its document's. */
export function lineCurrency(orm: SimOrm, shape: LineShape, line: Row): unknown {
  const parent = orm.row(shape.parentModel, line[shape.parentField] as number);
  return parent ? orm.value(shape.parentModel, parent, 'currency_id') : orm.companyCurrencyId();
}

/** Subtotal, tax and total of one line, rounded per line with its document currency. */
export function lineAmounts(orm: SimOrm, shape: LineShape, line: Row): LineAmounts {
  const taxes = idList(line[shape.taxField]).map((id) => {
    const tax = orm.row('account.tax', id)!;
    return { amount: tax.amount as number, priceInclude: tax.price_include === true };
  });
  return computeLine(
    line.price_unit as number,
    line[shape.qtyField] as number,
    line.discount as number,
    taxes,
    orm.currencyDecimals(lineCurrency(orm, shape, line)),
  );
}

/** Document totals: the per-line rounded amounts summed. */
export function documentTotals(orm: SimOrm, shape: LineShape, parent: Row) {
  const lines = orm.store.rows(shape.model).filter((l) => l[shape.parentField] === parent.id);
  return sumLines(lines.map((l) => lineAmounts(orm, shape, l)));
}

/** Computed monetary fields shared by both line models. */
export function lineAmountFields(shape: LineShape) {
  const amount = (pick: (a: LineAmounts) => { toNumber(): number }) => (orm: SimOrm, row: Row) =>
    pick(lineAmounts(orm, shape, row)).toNumber();
  return {
    price_subtotal: { type: 'monetary', string: 'Subtotal', compute: amount((a) => a.subtotal) },
    price_tax: { type: 'monetary', string: 'Total Tax', compute: amount((a) => a.tax) },
    price_total: { type: 'monetary', string: 'Total', compute: amount((a) => a.total) },
    currency_id: {
      type: 'many2one',
      string: 'Currency',
      relation: 'res.currency',
      compute: (orm: SimOrm, row: Row) => lineCurrency(orm, shape, row),
    },
  } as const;
}

/** Default label of a line: the product's display name. */
export function productLabel(orm: SimOrm, productId: unknown): string | false {
  const product = typeof productId === 'number' ? orm.row('product.product', productId) : undefined;
  return product ? orm.displayName('product.product', product) : false;
}

/** Default unit price of a line: the product's list price. */
export function productPrice(orm: SimOrm, productId: unknown): number {
  const product = typeof productId === 'number' ? orm.row('product.product', productId) : undefined;
  return product ? (product.list_price as number) : 0;
}

/** Default taxes of a line: the product's customer taxes. */
export function productTaxes(orm: SimOrm, productId: unknown): number[] {
  const product = typeof productId === 'number' ? orm.row('product.product', productId) : undefined;
  return product ? idList(product.taxes_id) : [];
}
