import { RejectedError, type RemoveOptions } from '../../src/sdk';
import type { OdooClient } from './odoo.client';

const MODEL = 'res.partner';

/** What an erasure clears on the partner (the name is replaced: Odoo requires one). */
const PERSONAL_FIELDS = [
  'email',
  'phone',
  'mobile',
  'street',
  'street2',
  'city',
  'zip',
  'vat',
  'comment',
  'website',
];

/**
 * Archives the partner poshub linked to a deleted customer (`active = false`, Odoo's own way: a
 * partner with posted invoices cannot be deleted). For an erasure it also overwrites the personal
 * fields, keeping the accounting documents that the law requires to stay. A partner that is already
 * gone is success.
 */
export async function removeCustomer(
  client: OdooClient,
  entity: string,
  options: RemoveOptions,
): Promise<void> {
  if (entity !== 'customer') throw new RejectedError(`odoo removes customers only, not ${entity}`);
  const id = Number(options.existingId);
  if (!Number.isInteger(id)) throw new RejectedError(`odoo partner id ${options.existingId} is not a number`);
  const found = await client.findOne(
    MODEL,
    [
      ['id', '=', id],
      ['active', 'in', [true, false]],
    ],
    ['id'],
  );
  if (!found) return;
  const erased: Record<string, unknown> = {};
  if (options.erase) {
    // Only the fields this database has (editions and modules differ).
    const fields = await client.fieldNames(MODEL);
    for (const field of PERSONAL_FIELDS) if (fields.has(field)) erased[field] = false;
    erased.name = `Erased customer ${id}`;
  }
  await client.write(MODEL, [id], { ...erased, active: false });
}
