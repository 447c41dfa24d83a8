import type { WriteResult } from '../../src/sdk';
import type { OdooClient } from './odoo.client';
import { OdooStockPayloadSchema } from './odoo.payloads';
import { parsePayload, type OdooResolver } from './odoo.resolver';

const MODEL = 'stock.quant';
/** Inventory mode lets a stock user set counted quantities (stock_quant.py `_is_inventory_mode`). */
const INVENTORY_MODE = { inventory_mode: true } as const;

/**
 * Sets the on-hand quantity of one product in one location the way Odoo's Physical Inventory does:
 * write `inventory_quantity` on the quant in inventory mode (creating the quant with only the
 * fields Odoo allows then), then `action_apply_inventory`. An absolute count is idempotent. The
 * quant is shared by every count of that product there (several POS locations may map to one Odoo
 * location), so the whole step runs under the lock `stock.quant:<product>@<location>`.
 */
export async function writeStock(
  client: OdooClient,
  resolver: OdooResolver,
  payload: unknown,
): Promise<WriteResult> {
  const body = parsePayload(OdooStockPayloadSchema, payload, 'stock');
  const productId = body.product_id ?? (await resolver.productId(body.default_code!));
  return resolver.exclusive(`${MODEL}:${productId}@${body.location_id}`, async () => {
    const found = await client.findOne(
      MODEL,
      [
        ['product_id', '=', productId],
        ['location_id', '=', body.location_id],
      ],
      ['id'],
    );
    let quantId: number;
    let created = false;
    if (typeof found?.id === 'number') {
      quantId = found.id;
      await client.write(MODEL, [quantId], { inventory_quantity: body.quantity }, INVENTORY_MODE);
    } else {
      quantId = await client.create(
        MODEL,
        { product_id: productId, location_id: body.location_id, inventory_quantity: body.quantity },
        INVENTORY_MODE,
      );
      created = true;
    }
    await client.action(MODEL, 'action_apply_inventory', [quantId], INVENTORY_MODE);
    return { externalId: String(quantId), created };
  });
}
