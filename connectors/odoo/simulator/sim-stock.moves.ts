import { dec } from './sim-money';
import { formatDatetime, type Row } from './sim-model.types';
import type { SimOrm } from './sim-orm';

/*
 * What Odoo's Inventory app does to on-hand quantities when a sale is confirmed or an invoice is
 * posted, reduced to its effect on stock.quant: real Odoo goes through stock.picking/stock.move
 * (sale_stock creates the delivery on action_confirm) and the quant changes when the picking is
 * validated. The simulator applies the move at once, as a shop with immediate delivery would.
 */

/** Storable products only: consumables and services have no quants (stock_quant `_check_product`). */
export function isStorable(orm: SimOrm, productId: unknown): boolean {
  const product = typeof productId === 'number' ? orm.row('product.product', productId) : undefined;
  return product !== undefined && (product.type === 'product' || product.is_storable === true);
}

/** The stock location of a warehouse (`lot_stock_id`), or of the company's first warehouse. */
export function warehouseStock(orm: SimOrm, warehouseId: unknown): number | undefined {
  const warehouse =
    (typeof warehouseId === 'number' ? orm.row('stock.warehouse', warehouseId) : undefined) ??
    orm.store.rows('stock.warehouse')[0];
  const location = warehouse?.lot_stock_id;
  return typeof location === 'number' ? location : undefined;
}

/**
 * Adds `delta` (negative for a delivery) to the quant of `productId` at `locationId` without lot or
 * owner, creating the quant when there is none: Odoo lets quantities go negative rather than refuse
 * a delivery. Bumps `write_date`, so the stock stream reads the quant again.
 */
export function moveStock(orm: SimOrm, productId: number, locationId: number, delta: number): void {
  if (delta === 0 || !isStorable(orm, productId)) return;
  const quant = orm.store
    .rows('stock.quant')
    .find((q) => q.product_id === productId && q.location_id === locationId && !q.lot_id && !q.owner_id);
  if (!quant) {
    orm.create(
      'stock.quant',
      { product_id: productId, location_id: locationId, quantity: delta },
      {
        ctx: {},
        bypass: true,
      },
    );
    return;
  }
  const quantity = dec(quant.quantity as number)
    .plus(dec(delta))
    .toNumber();
  orm.store.replace('stock.quant', { ...quant, quantity, write_date: formatDatetime(orm.now()) });
}

/** Moves every storable line of a document: `sign` -1 delivers to the customer, +1 takes back. */
export function moveLines(
  orm: SimOrm,
  lines: readonly Row[],
  qtyField: 'product_uom_qty' | 'quantity',
  locationId: number | undefined,
  sign: 1 | -1,
): void {
  if (locationId === undefined) return;
  for (const line of lines) {
    if (typeof line.product_id !== 'number') continue;
    moveStock(orm, line.product_id, locationId, sign * Number(line[qtyField] ?? 0));
  }
}

/** A confirmed sale order delivers its storable lines from its warehouse's stock location. */
export function deliverSaleOrder(orm: SimOrm, order: Row): void {
  const lines = orm.browse('sale.order.line', orm.value('sale.order', order, 'order_line') as number[]);
  moveLines(orm, lines, 'product_uom_qty', warehouseStock(orm, order.warehouse_id), -1);
}

/**
 * A posted customer invoice delivers its storable lines, a posted credit note takes them back.
 * Invoices carry no warehouse: a credit note whose origin is a sale order's name goes back to that
 * order's warehouse, everything else to the company's first warehouse (Odoo's default one).
 */
export function moveInvoice(orm: SimOrm, move: Row): void {
  const type = move.move_type;
  if (type !== 'out_invoice' && type !== 'out_refund') return;
  const order =
    typeof move.invoice_origin === 'string'
      ? orm.store.rows('sale.order').find((o) => o.name === move.invoice_origin)
      : undefined;
  const lines = orm.browse(
    'account.move.line',
    orm.value('account.move', move, 'invoice_line_ids') as number[],
  );
  moveLines(orm, lines, 'quantity', warehouseStock(orm, order?.warehouse_id), type === 'out_refund' ? 1 : -1);
}
