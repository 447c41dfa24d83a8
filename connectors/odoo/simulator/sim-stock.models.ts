import { accessError, userError, validationError } from './sim-errors';
import { dec } from './sim-money';
import {
  always,
  fields as f,
  formatDate,
  formatDatetime,
  type ModelDef,
  type Row,
  type Vals,
} from './sim-model.types';
import type { SimOrm } from './sim-orm';

/* Inventory-mode rules follow odoo/addons/stock/models/stock_quant.py (create/write/_apply_inventory). */

/** Fields a create may carry in inventory mode (stock.quant `_get_inventory_fields_create`). */
const CREATE_FIELDS = new Set([
  'product_id',
  'owner_id',
  'inventory_quantity',
  'inventory_quantity_auto_apply',
  'inventory_diff_quantity',
  'inventory_date',
  'user_id',
  'inventory_quantity_set',
  'lot_id',
  'location_id',
]);
/** Fields a write may carry in inventory mode (`_get_inventory_fields_write`). */
const WRITE_FIELDS = new Set([
  'inventory_quantity',
  'inventory_quantity_auto_apply',
  'inventory_diff_quantity',
  'inventory_date',
  'user_id',
  'inventory_quantity_set',
]);

const warehouse: ModelDef = {
  name: 'stock.warehouse',
  description: 'Warehouse',
  fields: {
    name: f.char('Warehouse', { required: true }),
    code: f.char('Short Name', { required: true }),
    lot_stock_id: f.many2one('stock.location', 'Location Stock'),
    company_id: f.many2one('res.company', 'Company', { default: (orm) => orm.companyId() }),
    active: f.boolean('Active', { default: always(true) }),
  },
};

const locationName = (orm: SimOrm, row: Row): string => {
  const wh = orm.row('stock.warehouse', row.warehouse_id as number);
  return wh ? `${wh.code as string}/${row.name as string}` : String(row.name);
};

const location: ModelDef = {
  name: 'stock.location',
  description: 'Inventory Locations',
  fields: {
    name: f.char('Location Name', { required: true }),
    complete_name: f.char('Full Location Name', { compute: locationName }),
    usage: f.selection(
      'Location Type',
      [
        ['supplier', 'Vendor Location'],
        ['view', 'View'],
        ['internal', 'Internal Location'],
        ['customer', 'Customer Location'],
        ['inventory', 'Inventory Loss'],
        ['production', 'Production'],
        ['transit', 'Transit Location'],
      ],
      { required: true, default: always('internal') },
    ),
    warehouse_id: f.many2one('stock.warehouse', 'Warehouse'),
    company_id: f.many2one('res.company', 'Company', { default: (orm) => orm.companyId() }),
    active: f.boolean('Active', { default: always(true) }),
  },
  displayName: locationName,
};

const lot: ModelDef = {
  name: 'stock.lot',
  description: 'Lot/Serial',
  fields: {
    name: f.char('Lot/Serial Number', { required: true }),
    product_id: f.many2one('product.product', 'Product', { required: true }),
  },
};

const inventoryMode = (ctx: Readonly<Record<string, unknown>>): boolean => ctx.inventory_mode === true;

/** `inventory_quantity_auto_apply` sets the on-hand quantity at once (Odoo's inverse of that field). */
function applyAutoApply(vals: Vals): Vals {
  if (!('inventory_quantity_auto_apply' in vals)) return vals;
  const { inventory_quantity_auto_apply: qty, ...rest } = vals;
  return { ...rest, quantity: qty, inventory_quantity: 0, inventory_quantity_set: false };
}

const quant: ModelDef = {
  name: 'stock.quant',
  description: 'Quants',
  fields: {
    product_id: f.many2one('product.product', 'Product', { required: true, ondelete: 'restrict' }),
    location_id: f.many2one('stock.location', 'Location', { required: true, ondelete: 'restrict' }),
    warehouse_id: f.many2one('stock.warehouse', 'Warehouse', {
      compute: (orm, row) => orm.row('stock.location', row.location_id as number)?.warehouse_id ?? false,
    }),
    lot_id: f.many2one('stock.lot', 'Lot/Serial Number', { ondelete: 'restrict' }),
    owner_id: f.many2one('res.partner', 'Owner'),
    user_id: f.many2one('res.users', 'Assigned To'),
    quantity: f.float('Quantity', { readonly: true, default: always(0) }),
    reserved_quantity: f.float('Reserved Quantity', { readonly: true, default: always(0) }),
    available_quantity: f.float('Available Quantity', {
      compute: (_orm, row) =>
        dec(row.quantity as number)
          .minus(dec(row.reserved_quantity as number))
          .toNumber(),
    }),
    inventory_quantity: f.float('Counted Quantity', { default: always(0) }),
    inventory_diff_quantity: f.float('Difference', {
      compute: (_orm, row) =>
        row.inventory_quantity_set
          ? dec(row.inventory_quantity as number)
              .minus(dec(row.quantity as number))
              .toNumber()
          : 0,
    }),
    inventory_quantity_set: f.boolean('Inventory Quantity Set', { default: always(false) }),
    // Write-only in Odoo (computed with an inverse); read answers 0.
    inventory_quantity_auto_apply: f.float('Inventoried Quantity', { compute: () => 0 }),
    inventory_date: f.date('Scheduled Date'),
  },
  displayName: (orm, row) => {
    const product = orm.row('product.product', row.product_id as number);
    return product ? orm.displayName('product.product', product) : `stock.quant,${row.id}`;
  },
  prepareCreate: (orm, vals, ctx) => {
    if (!inventoryMode(ctx))
      throw accessError("You are not allowed to create 'Quants' (stock.quant) records.");
    if (Object.keys(vals).some((k) => !CREATE_FIELDS.has(k))) {
      throw userError("Quant's creation is restricted, you can't do this operation.");
    }
    const existing = orm.store
      .rows('stock.quant')
      .find(
        (q) =>
          q.product_id === vals.product_id &&
          q.location_id === vals.location_id &&
          (q.lot_id || false) === (vals.lot_id || false) &&
          (q.owner_id || false) === (vals.owner_id || false),
      );
    const counted = 'inventory_quantity' in vals ? { inventory_quantity_set: true } : {};
    if (existing) {
      // Odoo answers the existing quant and records the count on it instead of creating a duplicate.
      const { product_id: _p, location_id: _l, lot_id: _lot, owner_id: _o, ...rest } = vals;
      orm.write('stock.quant', [existing.id], applyAutoApply({ ...rest, ...counted }), { ctx, bypass: true });
      return existing.id;
    }
    return applyAutoApply({ ...vals, ...counted });
  },
  prepareWrite: (_orm, _rows, vals, ctx) => {
    if (!inventoryMode(ctx))
      throw accessError("You are not allowed to modify 'Quants' (stock.quant) records.");
    if (Object.keys(vals).some((k) => !WRITE_FIELDS.has(k))) {
      throw userError("Quant's editing is restricted, you can't do this operation.");
    }
    const counted = 'inventory_quantity' in vals ? { inventory_quantity_set: true } : {};
    return applyAutoApply({ ...vals, ...counted });
  },
  beforeUnlink: () => {
    throw accessError("You are not allowed to delete 'Quants' (stock.quant) records.");
  },
  check: (orm, row) => {
    const product = orm.row('product.product', row.product_id as number);
    if (product && product.type !== 'product' && product.is_storable !== true) {
      throw validationError('Quants cannot be created for consumables or services.');
    }
  },
  methods: {
    action_apply_inventory: {
      params: [],
      run: (orm, ids) => {
        const stamp = formatDatetime(orm.now());
        for (const row of orm.browse('stock.quant', ids)) {
          if (!row.inventory_quantity_set) continue;
          orm.store.replace('stock.quant', {
            ...row,
            quantity: row.inventory_quantity,
            inventory_quantity: 0,
            inventory_quantity_set: false,
            inventory_date: formatDate(orm.now()),
            write_date: stamp,
          });
        }
        return null;
      },
    },
  },
};

/** stock.warehouse, stock.location, stock.lot, stock.quant. */
export const STOCK_MODELS: readonly ModelDef[] = [warehouse, location, lot, quant];
