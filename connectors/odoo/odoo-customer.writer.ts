import type { WriteOptions, WriteResult } from '../../src/sdk';
import type { OdooClient } from './odoo.client';
import { OdooCustomerPayloadSchema } from './odoo.payloads';
import { parsePayload, type Exclusive } from './odoo.resolver';

const MODEL = 'res.partner';

/** The email as people type it compared the way mail servers do in practice: trimmed, lower case. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

async function exists(client: OdooClient, id: number): Promise<boolean> {
  return (await client.findOne(MODEL, [['id', '=', id]], ['id'])) !== undefined;
}

/**
 * Finds the partner by email, case-insensitively and exactly: `ilike` is a substring match in
 * Odoo, so the candidates are filtered here.
 */
async function findByEmail(
  client: OdooClient,
  email: string,
): Promise<{ id: number; ref: unknown } | undefined> {
  const wanted = normaliseEmail(email);
  const rows = await client.searchRead(MODEL, [['email', 'ilike', wanted]], {
    fields: ['id', 'email', 'ref'],
    limit: 20,
    order: 'id asc',
  });
  const hit = rows.find((r) => typeof r.email === 'string' && normaliseEmail(r.email) === wanted);
  return hit && typeof hit.id === 'number' ? { id: hit.id, ref: hit.ref } : undefined;
}

/**
 * Writes a customer as a `res.partner` keyed by `ref = options.reference`: update the linked
 * partner; else find it by that ref (a create whose answer was lost), then by normalised email
 * (the person already exists in Odoo), update and link it; else create it with the ref. The email
 * search and the create run under the lock `res.partner:email:<email>`, so two customers with one
 * email delivered at once meet one partner, as they would one after the other.
 */
export async function writeCustomer(
  client: OdooClient,
  exclusive: Exclusive,
  payload: unknown,
  options: WriteOptions,
  companyId?: number,
): Promise<WriteResult> {
  const body = parsePayload(OdooCustomerPayloadSchema, payload, 'customer');
  const vals = { ...body, ...(body.email ? { email: body.email.trim() } : {}) };
  const existing = options.existingId !== undefined ? Number(options.existingId) : undefined;
  if (existing !== undefined && Number.isInteger(existing) && (await exists(client, existing))) {
    await client.write(MODEL, [existing], vals);
    return { externalId: String(existing), created: false };
  }
  const byRef = await client.findOne(MODEL, [['ref', '=', options.reference]], ['id']);
  if (typeof byRef?.id === 'number') {
    await client.write(MODEL, [byRef.id], vals);
    return { externalId: String(byRef.id), created: false };
  }
  const create = async (): Promise<WriteResult> => {
    const id = await client.create(MODEL, {
      ...vals,
      ref: options.reference,
      customer_rank: 1,
      ...(companyId ? { company_id: companyId } : {}),
    });
    return { externalId: String(id), created: true };
  };
  const email = body.email;
  if (!email) return create();
  return exclusive(`${MODEL}:email:${normaliseEmail(email)}`, async () => {
    const byEmail = await findByEmail(client, email);
    if (!byEmail) return create();
    // Keep a ref someone else set on the partner; claim it only when empty so later searches hit.
    const claim = byEmail.ref ? {} : { ref: options.reference };
    await client.write(MODEL, [byEmail.id], { ...vals, ...claim });
    return { externalId: String(byEmail.id), created: false };
  });
}
