import { userError } from './sim-errors';
import { POSTED_EDIT, refuseState, sequenceName, setState } from './sim-account.shared';
import {
  MOVE_LINE,
  documentTotals,
  lineAmountFields,
  productLabel,
  productPrice,
  productTaxes,
} from './sim-lines';
import { always, fields as f, formatDate, type ModelDef, type Row, type Vals } from './sim-model.types';
import type { SimOrm } from './sim-orm';
import { PAYMENT_MODEL } from './sim-payment.models';
import { moveInvoice } from './sim-stock.moves';

/** Fields of a posted entry that Odoo still lets you change (they are not part of the legal record). */
const NON_LEGAL = new Set(['ref', 'narration', 'invoice_origin']);

const tax: ModelDef = {
  name: 'account.tax',
  description: 'Tax',
  fields: {
    name: f.char('Tax Name', { required: true }),
    amount: f.float('Amount', { required: true, default: always(0) }),
    amount_type: f.selection('Tax Computation', [['percent', 'Percentage of Price']], {
      required: true,
      default: always('percent'),
    }),
    type_tax_use: f.selection(
      'Tax Type',
      [
        ['sale', 'Sales'],
        ['purchase', 'Purchases'],
        ['none', 'None'],
      ],
      { required: true, default: always('sale') },
    ),
    price_include: f.boolean('Included in Price', { default: always(false) }),
    company_id: f.many2one('res.company', 'Company', { default: (orm) => orm.companyId() }),
    active: f.boolean('Active', { default: always(true) }),
  },
};

const journal: ModelDef = {
  name: 'account.journal',
  description: 'Journal',
  fields: {
    name: f.char('Journal Name', { required: true }),
    code: f.char('Short Code', { required: true }),
    type: f.selection(
      'Type',
      [
        ['sale', 'Sales'],
        ['purchase', 'Purchase'],
        ['cash', 'Cash'],
        ['bank', 'Bank'],
        ['general', 'Miscellaneous'],
      ],
      { required: true },
    ),
    currency_id: f.many2one('res.currency', 'Currency'),
    company_id: f.many2one('res.company', 'Company', { default: (orm) => orm.companyId() }),
    active: f.boolean('Active', { default: always(true) }),
  },
};

const totals = (pick: 'untaxed' | 'tax' | 'total') => (orm: SimOrm, row: Row) =>
  documentTotals(orm, MOVE_LINE, row)[pick];

const journalOfType = (orm: SimOrm, type: string): number | false =>
  orm.store.rows('account.journal').find((j) => j.type === type)?.id ?? false;

const move: ModelDef = {
  name: 'account.move',
  description: 'Journal Entry',
  fields: {
    name: f.char('Number', { default: always('/') }),
    move_type: f.selection(
      'Type',
      [
        ['entry', 'Journal Entry'],
        ['out_invoice', 'Customer Invoice'],
        ['out_refund', 'Customer Credit Note'],
        ['in_invoice', 'Vendor Bill'],
        ['in_refund', 'Vendor Credit Note'],
      ],
      { required: true, default: always('entry') },
    ),
    partner_id: f.many2one('res.partner', 'Partner'),
    ref: f.char('Reference'),
    narration: f.text('Terms and Conditions'),
    invoice_origin: f.char('Origin'),
    reversed_entry_id: f.many2one('account.move', 'Reversal of'),
    reversal_move_id: f.one2many('account.move', 'reversed_entry_id', 'Reversal Move'),
    invoice_date: f.date('Invoice/Bill Date'),
    date: f.date('Date', { required: true, default: (orm) => formatDate(orm.now()) }),
    journal_id: f.many2one('account.journal', 'Journal', {
      required: true,
      default: (orm) => journalOfType(orm, 'sale'),
    }),
    currency_id: f.many2one('res.currency', 'Currency', {
      required: true,
      default: (orm) => orm.companyCurrencyId(),
    }),
    company_id: f.many2one('res.company', 'Company', { default: (orm) => orm.companyId() }),
    invoice_line_ids: f.one2many('account.move.line', 'move_id', 'Invoice lines'),
    state: f.selection(
      'Status',
      [
        ['draft', 'Draft'],
        ['posted', 'Posted'],
        ['cancel', 'Cancelled'],
      ],
      { required: true, readonly: true, default: always('draft') },
    ),
    amount_untaxed: f.monetary('Untaxed Amount', { compute: totals('untaxed') }),
    amount_tax: f.monetary('Tax', { compute: totals('tax') }),
    amount_total: f.monetary('Total', { compute: totals('total') }),
    // No reconciliation is simulated: what is due is the whole total.
    amount_residual: f.monetary('Amount Due', { compute: totals('total') }),
  },
  prepareCreate: (_orm, vals) => {
    refuseState(vals, 'action_post/button_draft/button_cancel');
    return vals;
  },
  prepareWrite: (_orm, rows, vals) => {
    refuseState(vals, 'action_post/button_draft/button_cancel');
    if (rows.some((r) => r.state !== 'draft') && Object.keys(vals).some((k) => !NON_LEGAL.has(k))) {
      throw userError(POSTED_EDIT);
    }
    return vals;
  },
  beforeUnlink: (_orm, rows) => {
    if (rows.some((r) => r.state === 'posted'))
      throw userError('You cannot delete an entry which has been posted once.');
  },
  methods: {
    action_post: {
      params: [],
      run: (orm, ids) => {
        for (const row of orm.browse('account.move', ids)) {
          if (row.state === 'posted')
            throw userError(`The entry ${row.name as string} (id ${row.id}) is already posted.`);
          if (row.state !== 'draft') throw userError('Only draft journal entries can be posted.');
          const invoice = String(row.move_type).startsWith('out_');
          if (invoice && !row.partner_id) {
            throw userError(
              "The field 'Customer' is required, please complete it to validate the Customer Invoice.",
            );
          }
          if ((orm.value('account.move', row, 'invoice_line_ids') as number[]).length === 0) {
            throw userError('You need to add a line before posting.');
          }
          if (invoice && documentTotals(orm, MOVE_LINE, row).total < 0) {
            throw userError(
              'You cannot validate an invoice with a negative total amount. You should create a credit note instead.',
            );
          }
          const prefix = row.move_type === 'out_refund' ? 'R' : '';
          setState(orm, 'account.move', row, {
            state: 'posted',
            name: row.name && row.name !== '/' ? row.name : sequenceName(orm, prefix, row.journal_id),
            invoice_date: row.invoice_date || (invoice ? formatDate(orm.now()) : false),
          });
          moveInvoice(orm, row);
        }
        return true;
      },
    },
    button_draft: {
      params: [],
      run: (orm, ids) => {
        for (const row of orm.browse('account.move', ids))
          setState(orm, 'account.move', row, { state: 'draft' });
        return true;
      },
    },
    button_cancel: {
      params: [],
      run: (orm, ids) => {
        for (const row of orm.browse('account.move', ids)) {
          if (row.state !== 'draft') throw userError('Only draft journal entries can be cancelled.');
          setState(orm, 'account.move', row, { state: 'cancel' });
        }
        return true;
      },
    },
  },
};

const moveOf = (orm: SimOrm, line: Row | Vals): Row | undefined =>
  typeof line.move_id === 'number' ? orm.row('account.move', line.move_id) : undefined;
const postedLine = (orm: SimOrm, line: Row | Vals): boolean => {
  const parent = moveOf(orm, line);
  return parent !== undefined && parent.state !== 'draft';
};

const moveLine: ModelDef = {
  name: 'account.move.line',
  description: 'Journal Item',
  fields: {
    move_id: f.many2one('account.move', 'Journal Entry', { required: true, ondelete: 'cascade' }),
    sequence: f.integer('Sequence', { default: always(10) }),
    product_id: f.many2one('product.product', 'Product', { ondelete: 'restrict' }),
    name: f.char('Label', { default: (orm, vals) => productLabel(orm, vals.product_id) }),
    quantity: f.float('Quantity', { default: always(1) }),
    price_unit: f.float('Unit Price', { default: (orm, vals) => productPrice(orm, vals.product_id) }),
    discount: f.float('Discount (%)', { default: always(0) }),
    tax_ids: f.many2many('account.tax', 'Taxes', {
      default: (orm, vals) => productTaxes(orm, vals.product_id),
    }),
    parent_state: f.char('Status', { compute: (orm, row) => moveOf(orm, row)?.state ?? false }),
    ...lineAmountFields(MOVE_LINE),
  },
  prepareCreate: (orm, vals) => {
    if (postedLine(orm, vals)) throw userError(POSTED_EDIT);
    return vals;
  },
  prepareWrite: (orm, rows, vals) => {
    if (rows.some((r) => postedLine(orm, r))) throw userError(POSTED_EDIT);
    return vals;
  },
  beforeUnlink: (orm, rows) => {
    if (rows.some((r) => postedLine(orm, r)))
      throw userError('You cannot delete an entry which has been posted once.');
  },
};

/** account.tax, account.journal, account.move (+ lines), account.payment. */
export const ACCOUNT_MODELS: readonly ModelDef[] = [tax, journal, move, moveLine, PAYMENT_MODEL];
