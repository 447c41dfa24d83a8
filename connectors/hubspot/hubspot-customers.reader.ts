import { CONSENT_PROPERTY } from './hubspot.properties';
import { z } from 'zod';
import { ConfigError, type SourcePage, type SourceRecord } from '../../src/sdk';
import { batchRead } from './hubspot.batch';
import type { HubSpotClient } from './hubspot.client';
import type { HubSpotConfig } from './hubspot.config';
import { SearchResponseSchema, type CrmObject } from './hubspot.schemas';
import { SEARCH_RESULT_CAP, nextPosition, type KeysetPosition } from './hubspot.window';

/** Contacts' last-change property (other objects use hs_lastmodifieddate). */
export const CONTACT_MODIFIED = 'lastmodifieddate';

/** Contact properties the customers stream reads (the hubspot/customer mapping uses these). */
export function contactReadProperties(config: Pick<HubSpotConfig, 'properties'>): string[] {
  return [
    'email',
    'firstname',
    'lastname',
    'phone',
    'mobilephone',
    'company',
    'address',
    'city',
    'state',
    'zip',
    'country',
    'createdate',
    CONTACT_MODIFIED,
    config.properties.customerId,
    CONSENT_PROPERTY,
  ];
}

const CheckpointSchema = z.object({ since: z.number().int().min(0) });

/** Parses `{"since": epochMs}`; null or empty means from the beginning. */
export function parseCursor(cursor: string | null): number {
  if (cursor === null || cursor.trim() === '') return 0;
  let json: unknown;
  try {
    json = JSON.parse(cursor);
  } catch {
    throw new ConfigError(`HubSpot checkpoint ${JSON.stringify(cursor)} is not JSON`);
  }
  const parsed = CheckpointSchema.safeParse(json);
  if (!parsed.success)
    throw new ConfigError(`HubSpot checkpoint ${JSON.stringify(cursor)} is not {"since": ms}`);
  return parsed.data.since;
}

export function encodeCursor(since: number): string {
  return JSON.stringify({ since: Math.max(0, Math.floor(since)) });
}

/** A contact as a source record; its version is the last-change instant. */
export function contactRecord(contact: CrmObject): SourceRecord {
  const modified = contact.properties[CONTACT_MODIFIED] ?? contact.updatedAt;
  return { externalId: contact.id, ...(modified ? { version: modified } : {}), data: contact };
}

function modifiedMs(contact: CrmObject): number {
  const value = contact.properties[CONTACT_MODIFIED] ?? contact.updatedAt;
  if (!value) return Number.NaN;
  return /^\d+$/.test(value) ? Number(value) : Date.parse(value);
}

/** Options for tests: the search cap (HubSpot's is 10,000). */
export interface ReadOptions {
  readonly cap?: number;
}

/**
 * Reads contacts changed since the checkpoint with the CRM search (`lastmodifieddate GTE`, ascending),
 * one keyset page at a time (see hubspot.window.ts). Every page's cursor is the greatest
 * lastmodifieddate read so far minus `overlapSeconds` (search indexing lags writes): everything older
 * has been read, since results come in ascending order. Duplicates are fine; the ledger drops them.
 */
export async function* readCustomers(
  client: HubSpotClient,
  cursor: string | null,
  config: Pick<HubSpotConfig, 'pageSize' | 'overlapSeconds' | 'properties'>,
  options: ReadOptions = {},
): AsyncIterable<SourcePage> {
  const start = parseCursor(cursor);
  const properties = contactReadProperties(config);
  const seen = new Set<string>();
  let position: KeysetPosition | undefined = { since: start, skip: 0 };
  let maxSeen: number | undefined;
  while (position) {
    const body = {
      filterGroups: [
        { filters: [{ propertyName: CONTACT_MODIFIED, operator: 'GTE', value: String(position.since) }] },
      ],
      sorts: [{ propertyName: CONTACT_MODIFIED, direction: 'ASCENDING' }],
      properties,
      limit: config.pageSize,
      ...(position.skip > 0 ? { after: String(position.skip) } : {}),
    };
    const page = await client.search('contacts', body, SearchResponseSchema);
    const stamps = page.results.map(modifiedMs);
    for (const t of stamps) if (Number.isFinite(t)) maxSeen = Math.max(maxSeen ?? t, t);
    const records = page.results.map(contactRecord).filter((r) => {
      const key = `${r.externalId}@${r.version ?? ''}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    position = nextPosition(
      position,
      stamps,
      page.paging?.next !== undefined,
      config.pageSize,
      options.cap ?? SEARCH_RESULT_CAP,
    );
    const checkpoint = maxSeen === undefined ? start : Math.max(0, maxSeen - config.overlapSeconds * 1000);
    yield { records, cursor: encodeCursor(checkpoint) };
  }
}

/** Fetches contacts by id (batch read, ≤100 per call); ids HubSpot no longer has are skipped. */
export async function fetchCustomers(
  client: HubSpotClient,
  ids: readonly string[],
  config: Pick<HubSpotConfig, 'properties'>,
): Promise<SourceRecord[]> {
  const contacts = await batchRead(client, 'contacts', ids, contactReadProperties(config));
  return contacts.map(contactRecord);
}
