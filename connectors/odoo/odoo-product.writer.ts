import { RejectedError, type WriteOptions, type WriteResult } from '../../src/sdk';
import type { OdooClient } from './odoo.client';
import { OdooProductPayloadSchema } from './odoo.payloads';
import { parsePayload } from './odoo.resolver';

const MODEL = 'product.product';

/**
 * Links a POS product to the `product.product` with the same SKU (`default_code`). Odoo owns its
 * product master data, so an existing product is never modified; an unknown SKU is created only
 * when the connection sets `createMissingProducts`, else refused naming the SKU.
 */
export async function writeProduct(
  client: OdooClient,
  payload: unknown,
  options: WriteOptions,
  createMissingProducts: boolean,
): Promise<WriteResult> {
  const body = parsePayload(OdooProductPayloadSchema, payload, 'product');
  const linked = options.existingId !== undefined ? Number(options.existingId) : undefined;
  if (linked !== undefined && Number.isInteger(linked)) {
    const row = await client.findOne(MODEL, [['id', '=', linked]], ['id']);
    if (row) return { externalId: String(linked), created: false };
  }
  const found = await client.findOne(MODEL, [['default_code', '=', body.default_code]], ['id']);
  if (typeof found?.id === 'number') return { externalId: String(found.id), created: false };
  if (!createMissingProducts) {
    throw new RejectedError(
      `Odoo has no product with internal reference (default_code) "${body.default_code}" and createMissingProducts is off`,
      { sku: body.default_code },
    );
  }
  const id = await client.create(MODEL, body);
  return { externalId: String(id), created: true };
}
