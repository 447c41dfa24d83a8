import { userError } from './sim-errors';
import {
  SALE_LINE,
  documentTotals,
  lineAmountFields,
  productLabel,
  productPrice,
  productTaxes,
} from './sim-lines';
import { always, fields as f, formatDatetime, type ModelDef, type Row, type Vals } from './sim-model.types';
import type { SimOrm } from './sim-orm';
import { deliverSaleOrder } from './sim-stock.moves';

const LOCKED = new Set(['sale', 'done', 'cancel']);
const isLocked = (order: Row | undefined): boolean =>
  order !== undefined && LOCKED.has(order.state as string);

function refuseState(vals: Vals): void {
  // Real Odoo lets a raw write set `state`; the simulator refuses it so that a connector that
  // skips action_confirm is caught in tests.
  if ('state' in vals)
    throw userError('The state of a sales order changes through action_confirm/action_cancel.');
}

const totals = (pick: 'untaxed' | 'tax' | 'total') => (orm: SimOrm, row: Row) =>
  documentTotals(orm, SALE_LINE, row)[pick];

const order: ModelDef = {
  name: 'sale.order',
  description: 'Sales Order',
  fields: {
    name: f.char('Order Reference', {
      required: true,
      default: (orm) => `S${String(orm.store.nextNumber('sale.order')).padStart(5, '0')}`,
    }),
    partner_id: f.many2one('res.partner', 'Customer', { required: true }),
    client_order_ref: f.char('Customer Reference'),
    origin: f.char('Source Document'),
    note: f.text('Terms and conditions'),
    date_order: f.datetime('Order Date', { required: true, default: (orm) => formatDatetime(orm.now()) }),
    warehouse_id: f.many2one('stock.warehouse', 'Warehouse', {
      default: (orm) => orm.store.rows('stock.warehouse')[0]?.id ?? false,
    }),
    company_id: f.many2one('res.company', 'Company', { required: true, default: (orm) => orm.companyId() }),
    pricelist_id: f.many2one('product.pricelist', 'Pricelist'),
    currency_id: f.many2one('res.currency', 'Currency', {
      compute: (orm, row) => {
        const pricelist = orm.row('product.pricelist', row.pricelist_id as number);
        return pricelist ? pricelist.currency_id : orm.companyCurrencyId();
      },
    }),
    order_line: f.one2many('sale.order.line', 'order_id', 'Order Lines'),
    state: f.selection(
      'Status',
      [
        ['draft', 'Quotation'],
        ['sent', 'Quotation Sent'],
        ['sale', 'Sales Order'],
        ['cancel', 'Cancelled'],
      ],
      { readonly: true, default: always('draft') },
    ),
    amount_untaxed: f.monetary('Untaxed Amount', { compute: totals('untaxed') }),
    amount_tax: f.monetary('Taxes', { compute: totals('tax') }),
    amount_total: f.monetary('Total', { compute: totals('total') }),
  },
  prepareCreate: (_orm, vals) => {
    refuseState(vals);
    return vals;
  },
  prepareWrite: (_orm, rows, vals) => {
    refuseState(vals);
    if ('order_line' in vals && rows.some(isLocked)) {
      throw userError('The lines of a confirmed or cancelled sales order cannot be replaced.');
    }
    return vals;
  },
  beforeUnlink: (_orm, rows) => {
    if (rows.some((r) => r.state !== 'draft' && r.state !== 'cancel')) {
      throw userError(
        'You can not delete a sent quotation or a confirmed sales order. You must first cancel it.',
      );
    }
  },
  methods: {
    action_confirm: {
      params: [],
      run: (orm, ids) => {
        const rows = orm.browse('sale.order', ids);
        if (rows.some((r) => r.state !== 'draft' && r.state !== 'sent')) {
          throw userError('Some orders are not in a state requiring confirmation.');
        }
        for (const row of rows) {
          const lines = orm.value('sale.order', row, 'order_line') as number[];
          if (lines.some((id) => !orm.row('sale.order.line', id)!.product_id)) {
            throw userError('A line on these orders missing a product, you cannot confirm it.');
          }
          orm.store.replace('sale.order', {
            ...row,
            state: 'sale',
            date_order: formatDatetime(orm.now()),
            write_date: formatDatetime(orm.now()),
          });
          deliverSaleOrder(orm, row);
        }
        return true;
      },
    },
    action_cancel: {
      params: [],
      run: (orm, ids) => {
        for (const row of orm.browse('sale.order', ids)) {
          orm.store.replace('sale.order', { ...row, state: 'cancel', write_date: formatDatetime(orm.now()) });
        }
        return true;
      },
    },
    action_draft: {
      params: [],
      run: (orm, ids) => {
        for (const row of orm.browse('sale.order', ids)) {
          if (row.state !== 'cancel' && row.state !== 'sent') continue;
          orm.store.replace('sale.order', { ...row, state: 'draft', write_date: formatDatetime(orm.now()) });
        }
        return true;
      },
    },
  },
};

const parentOf = (orm: SimOrm, line: Row | Vals): Row | undefined =>
  typeof line.order_id === 'number' ? orm.row('sale.order', line.order_id) : undefined;

const orderLine: ModelDef = {
  name: 'sale.order.line',
  description: 'Sales Order Line',
  fields: {
    order_id: f.many2one('sale.order', 'Order Reference', { required: true, ondelete: 'cascade' }),
    sequence: f.integer('Sequence', { default: always(10) }),
    product_id: f.many2one('product.product', 'Product', { ondelete: 'restrict' }),
    name: f.text('Description', {
      required: true,
      default: (orm, vals) => productLabel(orm, vals.product_id),
    }),
    product_uom_qty: f.float('Quantity', { default: always(1) }),
    price_unit: f.float('Unit Price', { default: (orm, vals) => productPrice(orm, vals.product_id) }),
    discount: f.float('Discount (%)', { default: always(0) }),
    tax_id: f.many2many('account.tax', 'Taxes', {
      default: (orm, vals) => productTaxes(orm, vals.product_id),
    }),
    state: f.selection('Order Status', order.fields.state!.selection!, {
      compute: (orm, row) => parentOf(orm, row)?.state ?? false,
    }),
    ...lineAmountFields(SALE_LINE),
  },
  prepareCreate: (orm, vals) => {
    if (isLocked(parentOf(orm, vals))) {
      throw userError('You cannot add lines to a confirmed or cancelled sales order.');
    }
    return vals;
  },
  prepareWrite: (orm, rows, vals) => {
    if (rows.some((r) => isLocked(parentOf(orm, r)))) {
      throw userError('You cannot change the lines of a confirmed or cancelled sales order.');
    }
    return vals;
  },
  beforeUnlink: (orm, rows) => {
    if (rows.some((r) => isLocked(parentOf(orm, r)))) {
      throw userError(
        "Once a sales order is confirmed, you can't remove one of its lines (we need to track if " +
          'something gets invoiced or delivered).\n Set the quantity to 0 instead.',
      );
    }
  },
};

/** sale.order and sale.order.line. */
export const SALE_MODELS: readonly ModelDef[] = [order, orderLine];
