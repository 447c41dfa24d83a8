import { contentHash, normaliseEmail, normalisePhone, type Customer } from '../../canonical';
import { poshubRecordIdOf } from '../poshub-reference';
import { CUSTOMER_FIELDS, type CustomerField, type IdentityConfig } from '../../config';

/** Which system last set a golden field, and the source time of that value. */
export interface FieldStamp {
  readonly connection: string;
  /** ISO instant: the source record's updatedAt, or when poshub read it when the source has none. */
  readonly at: string;
}

export type FieldStamps = Partial<Record<CustomerField, FieldStamp>>;

/** The mergeable part of a customer: every field of {@link CUSTOMER_FIELDS}, nothing about its origin. */
export type CustomerFields = Partial<Pick<Customer, CustomerField>>;

/** One incoming customer record, as identity resolution sees it. */
export interface IncomingCustomer {
  readonly connection: string;
  readonly fields: CustomerFields;
  readonly at: string;
}

/**
 * The customer's fields in the form every system is written and compared in: email lower-cased,
 * phone in E.164 when it parses, empty strings dropped. Comparing normalised values is what stops a
 * system that formats phones its own way from looking like a change on every read (an echo loop).
 */
export function customerFields(customer: Partial<Customer>, country: string | undefined): CustomerFields {
  const out: Record<string, unknown> = {};
  for (const field of CUSTOMER_FIELDS) {
    const value = customer[field];
    if (value === undefined || value === null || value === '') continue;
    out[field] = value;
  }
  // poshub's own reference on an object it created binds the object (identity.service.ts); it is
  // not the customer's reference id and must not travel to the other systems as one.
  if (typeof out.referenceId === 'string' && poshubRecordIdOf(out.referenceId) !== undefined) {
    delete out.referenceId;
  }
  const email = normaliseEmail(customer.email);
  if (email) out.email = email;
  const phone = normalisePhone(customer.phone, country);
  if (phone) out.phone = phone;
  return out as CustomerFields;
}

/**
 * Merges an incoming record into the golden customer's fields, field by field:
 * - a field with an owner (identity.owners) changes only from its owner, except that any system may
 *   fill it while no owner-system record belongs to this customer and it is still empty;
 * - an unowned field takes the value with the newest source time;
 * - a field the incoming record does not carry is left alone: absent means "not known here", never
 *   "erased" (many systems store fewer fields than others, and reading them back must change nothing).
 * Pure: returns the new fields and stamps, and the names of the fields that changed.
 */
export function mergeCustomer(
  golden: CustomerFields,
  stamps: FieldStamps,
  incoming: IncomingCustomer,
  owners: IdentityConfig['owners'],
  memberConnections: ReadonlySet<string>,
): { fields: CustomerFields; stamps: FieldStamps; changed: CustomerField[] } {
  const fields: Record<string, unknown> = { ...golden };
  const nextStamps: FieldStamps = { ...stamps };
  const changed: CustomerField[] = [];
  for (const field of CUSTOMER_FIELDS) {
    const value = incoming.fields[field];
    if (value === undefined) continue;
    const owner = owners[field];
    if (owner !== undefined && owner !== incoming.connection) {
      const ownerPresent = memberConnections.has(owner);
      if (ownerPresent || fields[field] !== undefined) continue;
    } else if (owner === undefined) {
      const stamp = stamps[field];
      if (stamp && Date.parse(incoming.at) < Date.parse(stamp.at)) continue;
    }
    if (sameValue(fields[field], value)) continue;
    fields[field] = value;
    nextStamps[field] = { connection: incoming.connection, at: incoming.at };
    changed.push(field);
  }
  return { fields: fields as CustomerFields, stamps: nextStamps, changed };
}

function sameValue(a: unknown, b: unknown): boolean {
  return contentHash(a ?? null) === contentHash(b ?? null);
}
