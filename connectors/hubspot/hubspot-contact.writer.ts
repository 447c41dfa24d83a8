import { normaliseEmail, normalisePhone } from '../../src/canonical';
import { RejectedError, type BatchItem, type BatchItemResult } from '../../src/sdk';
import { chunk, inputError, tracedBatch } from './hubspot.batch';
import type { HubSpotClient } from './hubspot.client';
import type { HubSpotConfig } from './hubspot.config';
import { errorStatus } from './hubspot.errors';
import { ContactPayloadSchema, parsePayload } from './hubspot.payloads';
import { CrmObjectSchema } from './hubspot.schemas';

/** What the writers share: the client, the config, and "setup has run" (autoSetup). */
export interface WriterDeps {
  readonly client: HubSpotClient;
  readonly config: HubSpotConfig;
  /** Resolves once the account is ready for writes (runs setup once when `autoSetup` is on). */
  ready(): Promise<void>;
}

/** One contact to upsert by poshub's customer reference. */
export interface ContactUpsert {
  readonly index: number;
  readonly reference: string;
  readonly properties: Record<string, string>;
  /** The contact poshub already linked this customer to (one that began in HubSpot, for example). */
  readonly existingId?: string;
}

// HubSpot's CONFLICT message on a taken email: "Contact already exists. Existing ID: 12345".
const EXISTING_ID = /Existing ID:\s*(\d+)/i;

/** HubSpot's contact properties with poshub's normal forms: lower-case email, E.164 phones. */
export function normaliseContactProperties(
  properties: Readonly<Record<string, string>>,
  defaultCountry: string | undefined,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(properties)) {
    if (name === 'email') {
      const email = normaliseEmail(value);
      if (email !== undefined) out.email = email;
    } else if (name === 'phone' || name === 'mobilephone') {
      // A number that cannot be read is still the customer's: keep it as typed rather than lose it.
      const phone = normalisePhone(value, defaultCountry) ?? value.trim();
      if (phone !== '') out[name] = phone;
    } else {
      out[name] = value;
    }
  }
  return out;
}

/**
 * Upserts contacts by the unique `customerId` property, at most 100 per call. Items with the same
 * reference go in separate calls (HubSpot refuses duplicate ids in one batch), in item order.
 * `onConflict` may resolve a CONFLICT input (email taken by a contact poshub did not create).
 */
export async function upsertContacts(
  deps: WriterDeps,
  entries: readonly ContactUpsert[],
  results: BatchItemResult[],
  onConflict?: (entry: ContactUpsert, message: string) => Promise<BatchItemResult | undefined>,
): Promise<void> {
  const idProperty = deps.config.properties.customerId;
  const rounds: ContactUpsert[][] = [];
  const seen = new Map<string, number>();
  for (const entry of entries) {
    const round = seen.get(entry.reference) ?? 0;
    seen.set(entry.reference, round + 1);
    (rounds[round] ??= []).push(entry);
  }
  for (const round of rounds) {
    for (const part of chunk(round)) {
      const inputs = part.map((e) => ({
        id: e.reference,
        idProperty,
        properties: { ...e.properties, [idProperty]: e.reference },
      }));
      const outcomes = await tracedBatch(
        deps.client,
        '/crm/v3/objects/contacts/batch/upsert',
        inputs,
        idProperty,
      );
      for (const [i, outcome] of outcomes.entries()) {
        const entry = part[i]!;
        if (outcome.ok) {
          results[entry.index] = {
            ok: true,
            result: { externalId: outcome.object.id, created: outcome.object.new === true },
          };
          continue;
        }
        const message = outcome.error?.message ?? '';
        const resolved =
          outcome.error?.category === 'CONFLICT' && onConflict ? await onConflict(entry, message) : undefined;
        results[entry.index] = resolved ?? {
          ok: false,
          error: inputError(outcome.error, `contact ${entry.reference}`),
        };
      }
    }
  }
}

/**
 * Adopts the contact that already owns the email: PATCH it with our properties and reference. When
 * that contact already carries another poshub reference (two POS customers sharing an email), its
 * reference is left alone and both customers write to the one contact.
 */
async function adopt(
  deps: WriterDeps,
  entry: ContactUpsert,
  message: string,
): Promise<BatchItemResult | undefined> {
  const id = EXISTING_ID.exec(message)?.[1];
  if (!id) return undefined;
  const idProperty = deps.config.properties.customerId;
  const path = `/crm/v3/objects/contacts/${id}`;
  const current = await deps.client.get(path, CrmObjectSchema, { properties: idProperty });
  const owner = current.properties[idProperty];
  const properties =
    owner && owner !== entry.reference
      ? entry.properties
      : { ...entry.properties, [idProperty]: entry.reference };
  try {
    await deps.client.patch(path, { properties }, CrmObjectSchema);
  } catch (err) {
    if (err instanceof RejectedError && errorStatus(err) === 409) {
      return {
        ok: false,
        error: new RejectedError(
          `the email of ${entry.reference} belongs to HubSpot contact ${id}, while another contact already ` +
            `carries ${entry.reference}; merge the two contacts in HubSpot (${err.message})`,
          { contactId: id },
        ),
      };
    }
    throw err;
  }
  return { ok: true, result: { externalId: id, created: false } };
}

/** Writes contacts (`hubspot.contact` payloads); one result per item, in order. */
export async function writeContacts(
  deps: WriterDeps,
  items: readonly BatchItem[],
): Promise<BatchItemResult[]> {
  const results: BatchItemResult[] = new Array<BatchItemResult>(items.length);
  const entries: ContactUpsert[] = [];
  items.forEach((item, index) => {
    const parsed = parsePayload(ContactPayloadSchema, item.payload);
    if (!parsed.ok) {
      results[index] = {
        ok: false,
        error: new RejectedError(`hubspot contact payload is invalid: ${parsed.reason}`),
      };
      return;
    }
    const properties = normaliseContactProperties(parsed.value.properties, deps.config.defaultCountry);
    entries.push({
      index,
      reference: item.options.reference,
      properties,
      existingId: item.options.existingId,
    });
  });
  if (entries.length > 0) {
    await deps.ready();
    const upserts = await updateLinkedContacts(deps, entries, results);
    await upsertContacts(deps, upserts, results, (entry, message) => adopt(deps, entry, message));
  }
  return results;
}

/**
 * Updates by id the contacts poshub already knows (it may have met them in HubSpot first, without
 * poshub's reference), stamping the reference on them. Returns the entries still to upsert: those
 * without a known contact, and those whose contact was deleted in HubSpot or whose reference
 * another contact already carries (the upsert then writes to that one).
 */
async function updateLinkedContacts(
  deps: WriterDeps,
  entries: readonly ContactUpsert[],
  results: BatchItemResult[],
): Promise<ContactUpsert[]> {
  const idProperty = deps.config.properties.customerId;
  const linked = entries.filter((e) => e.existingId !== undefined);
  const rest = entries.filter((e) => e.existingId === undefined);
  const byReference = new Map<string, ContactUpsert>();
  const unique = linked.filter((e) => {
    if (byReference.has(e.reference)) {
      rest.push(e);
      return false;
    }
    byReference.set(e.reference, e);
    return true;
  });
  for (const part of chunk(unique)) {
    const outcomes = await tracedBatch(
      deps.client,
      '/crm/v3/objects/contacts/batch/update',
      part.map((e) => ({ id: e.existingId, properties: { ...e.properties, [idProperty]: e.reference } })),
      idProperty,
    );
    for (const [i, outcome] of outcomes.entries()) {
      const entry = part[i]!;
      if (outcome.ok) {
        results[entry.index] = { ok: true, result: { externalId: outcome.object.id, created: false } };
      } else if (outcome.error?.category === 'OBJECT_NOT_FOUND' || outcome.error?.category === 'CONFLICT') {
        rest.push(entry);
      } else {
        results[entry.index] = { ok: false, error: inputError(outcome.error, `contact ${entry.reference}`) };
      }
    }
  }
  return rest.sort((a, b) => a.index - b.index);
}
