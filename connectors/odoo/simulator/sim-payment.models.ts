import { userError, validationError } from './sim-errors';
import { POSTED_EDIT, refuseState, sequenceName, setState } from './sim-account.shared';
import { always, fields as f, formatDate, type ModelDef } from './sim-model.types';

/** account.payment: enough to record POS tenders against cash and bank journals. */
export const PAYMENT_MODEL: ModelDef = {
  name: 'account.payment',
  description: 'Payments',
  fields: {
    name: f.char('Number', { default: always('/') }),
    payment_type: f.selection(
      'Payment Type',
      [
        ['inbound', 'Receive'],
        ['outbound', 'Send'],
      ],
      { required: true, default: always('inbound') },
    ),
    partner_type: f.selection(
      'Partner Type',
      [
        ['customer', 'Customer'],
        ['supplier', 'Vendor'],
      ],
      { default: always('customer') },
    ),
    partner_id: f.many2one('res.partner', 'Customer/Vendor'),
    amount: f.monetary('Amount', { default: always(0) }),
    currency_id: f.many2one('res.currency', 'Currency', {
      required: true,
      default: (orm, vals) => {
        const j =
          typeof vals.journal_id === 'number' ? orm.row('account.journal', vals.journal_id) : undefined;
        return j?.currency_id || orm.companyCurrencyId();
      },
    }),
    journal_id: f.many2one('account.journal', 'Journal', { required: true }),
    date: f.date('Date', { required: true, default: (orm) => formatDate(orm.now()) }),
    memo: f.char('Memo'),
    ref: f.char('Reference'),
    company_id: f.many2one('res.company', 'Company', { default: (orm) => orm.companyId() }),
    state: f.selection(
      'Status',
      [
        ['draft', 'Draft'],
        ['posted', 'Posted'],
        ['cancel', 'Cancelled'],
      ],
      { required: true, readonly: true, default: always('draft') },
    ),
  },
  prepareCreate: (_orm, vals) => {
    refuseState(vals, 'action_post');
    return vals;
  },
  prepareWrite: (_orm, rows, vals) => {
    refuseState(vals, 'action_post');
    if (rows.some((r) => r.state !== 'draft')) throw userError(POSTED_EDIT);
    return vals;
  },
  beforeUnlink: (_orm, rows) => {
    if (rows.some((r) => r.state === 'posted'))
      throw userError('You cannot delete an entry which has been posted once.');
  },
  check: (orm, row) => {
    if ((row.amount as number) < 0) throw validationError('The payment amount cannot be negative.');
    const type = orm.row('account.journal', row.journal_id as number)?.type;
    if (type !== 'bank' && type !== 'cash')
      throw validationError('A payment must use a bank or cash journal.');
  },
  methods: {
    action_post: {
      params: [],
      run: (orm, ids) => {
        for (const row of orm.browse('account.payment', ids)) {
          if (row.state !== 'draft') throw userError('Only a draft payment can be posted.');
          setState(orm, 'account.payment', row, {
            state: 'posted',
            name: sequenceName(orm, 'P', row.journal_id),
          });
        }
        return true;
      },
    },
  },
};
