import { z } from 'zod';
import { RejectedError, TransientError, type WriteOptions, type WriteResult } from '../../src/sdk';
import { errorStatus, rejectedCode, type SquareClient } from './square.client';
import { SquareCustomerPayloadSchema, type SquareCustomerPayload } from './square.payloads';
import {
  CustomerResponseSchema,
  SearchCustomersResponseSchema,
  SquareCustomerSchema,
} from './square.schemas';

type TextField = 'email_address' | 'phone_number' | 'reference_id';

function isConflict(err: unknown): boolean {
  return err instanceof RejectedError && (errorStatus(err) === 409 || rejectedCode(err) === 'CONFLICT');
}

function isNotFound(err: unknown): boolean {
  return err instanceof RejectedError && errorStatus(err) === 404;
}

/** First customer whose `field` equals `value` exactly (SearchCustomers `exact` filter). */
async function findBy(client: SquareClient, field: TextField, value: string): Promise<string | undefined> {
  const res = await client.post(
    '/v2/customers/search',
    { query: { filter: { [field]: { exact: value } } }, limit: 1 },
    SearchCustomersResponseSchema,
  );
  const first = z.array(SquareCustomerSchema).safeParse(res.customers ?? []);
  return first.success ? first.data[0]?.id : undefined;
}

/**
 * Sparse update with optimistic concurrency: read the current `version`, send it with the changed
 * fields; on a version conflict (someone edited the profile in between) read and try once more.
 * Returns false when the customer no longer exists.
 */
async function update(client: SquareClient, id: string, payload: SquareCustomerPayload): Promise<boolean> {
  const path = `/v2/customers/${encodeURIComponent(id)}`;
  for (let attempt = 1; ; attempt += 1) {
    let version: number | undefined;
    try {
      version = (await client.get(path, CustomerResponseSchema)).customer.version;
    } catch (err) {
      if (isNotFound(err)) return false;
      throw err;
    }
    try {
      await client.put(
        path,
        { ...payload, ...(version !== undefined ? { version } : {}) },
        CustomerResponseSchema,
      );
      return true;
    } catch (err) {
      if (!isConflict(err)) throw err;
      if (attempt >= 2) {
        throw new TransientError(`Square customer ${id} kept changing while being updated; will retry`, {
          customerId: id,
        });
      }
    }
  }
}

/**
 * Writes one customer without ever making a duplicate: update the linked profile when poshub knows
 * it; otherwise look for the person by email, then phone, then by poshub's reference (a create whose
 * response was lost), and update what is found; only then create, with the write's idempotency key
 * and the reference stored in `reference_id`.
 */
export async function writeCustomer(
  client: SquareClient,
  payload: unknown,
  options: WriteOptions,
): Promise<WriteResult> {
  const parsed = SquareCustomerPayloadSchema.safeParse(payload);
  if (!parsed.success) {
    throw new RejectedError(`square customer payload is invalid: ${parsed.error.issues[0]?.message ?? ''}`, {
      issues: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
    });
  }
  const body = parsed.data;
  if (options.existingId !== undefined && (await update(client, options.existingId, body))) {
    return { externalId: options.existingId, created: false };
  }
  const probes: [TextField, string | undefined][] = [
    ['email_address', body.email_address],
    ['phone_number', body.phone_number],
    ['reference_id', options.reference],
  ];
  for (const [field, value] of probes) {
    if (!value) continue;
    const found = await findBy(client, field, value);
    if (found !== undefined && (await update(client, found, body))) {
      return { externalId: found, created: false };
    }
  }
  const created = await client.post(
    '/v2/customers',
    { ...body, idempotency_key: options.idempotencyKey, reference_id: options.reference },
    CustomerResponseSchema,
  );
  return { externalId: created.customer.id, created: true };
}
