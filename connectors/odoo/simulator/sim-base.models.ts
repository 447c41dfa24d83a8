import { validationError } from './sim-errors';
import { dec, decimalPlacesOf } from './sim-money';
import { always, fields as f, type ModelDef } from './sim-model.types';
import type { SimOrm } from './sim-orm';

const companyDefault = (orm: SimOrm): number => orm.companyId();

const currency: ModelDef = {
  name: 'res.currency',
  description: 'Currency',
  fields: {
    name: f.char('Currency', { required: true }),
    symbol: f.char('Symbol'),
    rounding: f.float('Rounding Factor', { default: always(0.01) }),
    decimal_places: f.integer('Decimal Places', {
      compute: (_orm, row) => decimalPlacesOf(row.rounding as number),
    }),
    active: f.boolean('Active', { default: always(true) }),
  },
};

const company: ModelDef = {
  name: 'res.company',
  description: 'Companies',
  fields: {
    name: f.char('Company Name', { required: true }),
    currency_id: f.many2one('res.currency', 'Currency', { required: true }),
  },
};

const users: ModelDef = {
  name: 'res.users',
  description: 'User',
  fields: {
    name: f.char('Name', { required: true }),
    login: f.char('Login', { required: true }),
    company_id: f.many2one('res.company', 'Company', { default: companyDefault }),
    active: f.boolean('Active', { default: always(true) }),
  },
  methods: {
    // JSON-2 clients learn their uid from res.users/context_get.
    context_get: {
      params: [],
      apiModel: true,
      run: (_orm, _ids, _args, ctx) => ({ lang: 'en_US', tz: 'UTC', uid: ctx.uid }),
    },
  },
};

const partner: ModelDef = {
  name: 'res.partner',
  description: 'Contact',
  fields: {
    name: f.char('Name', { required: true }),
    email: f.char('Email'),
    phone: f.char('Phone'),
    mobile: f.char('Mobile'),
    ref: f.char('Reference'),
    vat: f.char('Tax ID'),
    street: f.char('Street'),
    city: f.char('City'),
    zip: f.char('Zip'),
    comment: f.text('Notes'),
    is_company: f.boolean('Is a Company'),
    company_id: f.many2one('res.company', 'Company'),
    customer_rank: f.integer('Customer Rank', { default: always(0) }),
    active: f.boolean('Active', { default: always(true) }),
  },
};

const product: ModelDef = {
  name: 'product.product',
  description: 'Product Variant',
  fields: {
    name: f.char('Name', { required: true }),
    default_code: f.char('Internal Reference'),
    barcode: f.char('Barcode'),
    list_price: f.float('Sales Price', { default: always(1) }),
    type: f.selection(
      'Product Type',
      [
        ['consu', 'Goods'],
        ['service', 'Service'],
        ['product', 'Storable Product'],
      ],
      { default: always('consu'), required: true },
    ),
    is_storable: f.boolean('Track Inventory'),
    taxes_id: f.many2many('account.tax', 'Customer Taxes'),
    company_id: f.many2one('res.company', 'Company'),
    active: f.boolean('Active', { default: always(true) }),
    qty_available: f.float('Quantity On Hand', {
      compute: (orm, row) =>
        orm.store
          .rows('stock.quant')
          .filter((q) => q.product_id === row.id)
          .filter((q) => orm.row('stock.location', q.location_id as number)?.usage === 'internal')
          .reduce((sum, q) => sum.plus(dec(q.quantity as number)), dec(0))
          .toNumber(),
    }),
  },
  displayName: (_orm, row) => (row.default_code ? `[${row.default_code as string}] ` : '') + String(row.name),
  check: (orm, row) => {
    if (!row.barcode) return;
    const clash = orm.store.rows('product.product').some((p) => p.id !== row.id && p.barcode === row.barcode);
    if (clash) throw validationError('A barcode can only be assigned to one product !');
  },
};

const pricelist: ModelDef = {
  name: 'product.pricelist',
  description: 'Pricelist',
  fields: {
    name: f.char('Pricelist Name', { required: true }),
    currency_id: f.many2one('res.currency', 'Currency', {
      required: true,
      default: (orm) => orm.companyCurrencyId(),
    }),
    company_id: f.many2one('res.company', 'Company'),
    active: f.boolean('Active', { default: always(true) }),
  },
};

/** res.currency, res.company, res.users, res.partner, product.product, product.pricelist. */
export const BASE_MODELS: readonly ModelDef[] = [currency, company, users, partner, product, pricelist];
