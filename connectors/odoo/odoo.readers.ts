import type { SourcePage, SourceRecord } from '../../src/sdk';
import { many2oneId, type OdooClient, type OdooRow } from './odoo.client';
import {
  afterCheckpoint,
  encodeCheckpoint,
  parseCheckpoint,
  resumeFrom,
  type OdooCheckpoint,
} from './odoo.cursor';
import { fromOdooDatetime } from './odoo.resolver';

/** What one stream reads from Odoo. */
export interface ModelStream {
  readonly model: string;
  readonly domain: readonly unknown[];
  readonly fields: readonly string[];
  /** Adds what a page needs from other models (the stock stream adds SKUs). */
  enrich?(client: OdooClient, rows: OdooRow[]): Promise<OdooRow[]>;
  externalId(row: OdooRow): string;
}

export const ORDER = 'write_date asc, id asc';

/** How far a resumed read reaches back before its checkpoint (see `resumeFrom`). */
export const RESUME_OVERLAP_SECONDS = 5;

/**
 * Streams by write_date: a resumed read starts a few seconds before the checkpoint, then pages
 * with a (write_date, id) keyset (`pageSize` rows per page, offset 0): rows changing mid-read move
 * behind the keyset instead of shifting the pages as offset paging would.
 */
export async function* readModel(
  client: OdooClient,
  stream: ModelStream,
  cursor: string | null,
  pageSize: number,
): AsyncIterable<SourcePage> {
  const resumed: OdooCheckpoint | null = parseCheckpoint(cursor);
  const start = resumeFrom(resumed, RESUME_OVERLAP_SECONDS);
  let checkpoint: OdooCheckpoint | null = null;
  // Only fields this database has: custom or older databases lack some (e.g. `is_storable`).
  const known = await client.fieldNames(stream.model);
  const fields = [...new Set([...stream.fields.filter((f) => known.has(f)), 'id', 'write_date'])];
  for (;;) {
    const rows = await client.searchRead(
      stream.model,
      [...stream.domain, ...start, ...afterCheckpoint(checkpoint)],
      {
        fields,
        limit: pageSize,
        order: ORDER,
      },
    );
    const last = rows[rows.length - 1];
    if (last && typeof last.id === 'number' && typeof last.write_date === 'string') {
      checkpoint = { writeDate: last.write_date, id: last.id };
    }
    const enriched = stream.enrich ? await stream.enrich(client, rows) : rows;
    const records: SourceRecord[] = enriched.map((row) => ({
      externalId: stream.externalId(row),
      ...(typeof row.write_date === 'string' ? { version: fromOdooDatetime(row.write_date) } : {}),
      data: row,
    }));
    const done = rows.length < pageSize;
    if (records.length > 0 || done) {
      const at = checkpoint ?? resumed;
      yield { records, cursor: at ? encodeCheckpoint(at) : null };
    }
    if (done) return;
  }
}

export const CUSTOMERS_STREAM: ModelStream = {
  model: 'res.partner',
  // Archived partners too: an archive is how Odoo deletes a customer, and poshub must see it.
  domain: [['active', 'in', [true, false]]],
  fields: [
    'name',
    'email',
    'phone',
    'street',
    'street2',
    'city',
    'zip',
    'vat',
    'ref',
    'is_company',
    'comment',
    'active',
  ],
  externalId: (row) => String(row.id),
};

export const PRODUCTS_STREAM: ModelStream = {
  model: 'product.product',
  domain: [],
  fields: ['name', 'default_code', 'barcode', 'list_price', 'currency_id', 'active'],
  externalId: (row) => String(row.id),
};

/** Adds `product_default_code` (the SKU) to quant rows, reading the page's products in one call. */
async function withSkus(client: OdooClient, rows: OdooRow[]): Promise<OdooRow[]> {
  const ids = [
    ...new Set(rows.map((r) => many2oneId(r.product_id)).filter((id): id is number => id !== undefined)),
  ];
  const products = await client.read('product.product', ids, ['default_code']);
  const sku = new Map(
    products.map((p) => [p.id, typeof p.default_code === 'string' ? p.default_code : undefined]),
  );
  return rows.map((row) => {
    const code = sku.get(many2oneId(row.product_id));
    return code ? { ...row, product_default_code: code } : row;
  });
}

/** Quants on the given internal locations: one record per product and location (lot/package apart). */
export function stockStream(locationIds: readonly number[]): ModelStream {
  return {
    model: 'stock.quant',
    domain: [['location_id', 'in', [...locationIds]]],
    fields: ['product_id', 'location_id', 'quantity', 'lot_id', 'package_id'],
    enrich: withSkus,
    externalId: (row) => {
      const key = `${many2oneId(row.product_id) ?? '?'}@${many2oneId(row.location_id) ?? '?'}`;
      const lot = many2oneId(row.lot_id);
      const pack = many2oneId(row.package_id);
      return lot === undefined && pack === undefined ? key : `${key}/${lot ?? ''}/${pack ?? ''}`;
    },
  };
}

/** Ids of the internal stock locations (the stock stream's scope), read once per stream read. */
export async function internalLocationIds(client: OdooClient): Promise<number[]> {
  const rows = await client.searchRead('stock.location', [['usage', '=', 'internal']], {
    fields: ['id'],
    order: 'id asc',
  });
  return rows.map((r) => r.id).filter((id): id is number => typeof id === 'number');
}

/** The stock stream: internal locations first, then their quants by write_date. */
export async function* readStock(
  client: OdooClient,
  cursor: string | null,
  pageSize: number,
): AsyncIterable<SourcePage> {
  const locations = await internalLocationIds(client);
  yield* readModel(client, stockStream(locations), cursor, pageSize);
}
