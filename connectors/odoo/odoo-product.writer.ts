import type { WriteOptions, WriteResult } from '../../src/sdk';
import type { OdooClient } from './odoo.client';
import { OdooProductPayloadSchema } from './odoo.payloads';
import { findOrCreateShared, missingProduct, parsePayload, type Exclusive } from './odoo.resolver';

const MODEL = 'product.product';

/**
 * Links a POS product to the `product.product` with the same SKU (`default_code`). Odoo owns its
 * product master data, so an existing product is never modified; an unknown SKU is created only
 * when the connection sets `createMissingProducts`, else refused naming the SKU. The create runs
 * under the same lock as the SKUs sales create (`product.product:<sku>`), so neither duplicates it.
 */
export async function writeProduct(
  client: OdooClient,
  exclusive: Exclusive,
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
  const { id, created } = await findOrCreateShared(client, exclusive, {
    model: MODEL,
    key: body.default_code,
    domain: [['default_code', '=', body.default_code]],
    values: () => {
      if (!createMissingProducts) throw missingProduct(body.default_code);
      return body;
    },
  });
  return { externalId: String(id), created };
}
