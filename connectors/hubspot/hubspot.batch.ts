import { RejectedError, TransientError } from '../../src/sdk';
import type { HubSpotClient } from './hubspot.client';
import { BatchResponseSchema, type BatchError, type CrmObject } from './hubspot.schemas';

/** HubSpot takes at most 100 inputs per batch call. */
export const MAX_BATCH = 100;

/** Splits a list into chunks of at most `size`. */
export function chunk<T>(items: readonly T[], size = MAX_BATCH): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Error categories that describe the input itself: retrying the same input cannot succeed. */
const INPUT_CATEGORIES = new Set([
  'VALIDATION_ERROR',
  'CONFLICT',
  'OBJECT_NOT_FOUND',
  'OBJECT_ALREADY_EXISTS',
  'INVALID_EMAIL',
  'INVALID_PARAMS',
  'BAD_REQUEST',
  'PROPERTY_DOESNT_EXIST',
]);

/** The connector error for one failed input of a 207 answer (4xx categories are final). */
export function inputError(error: BatchError | undefined, what: string): Error {
  if (!error) return new TransientError(`HubSpot's answer had neither a result nor an error for ${what}`);
  const message = `HubSpot refused ${what}: ${error.message ?? error.category ?? 'unknown error'}`;
  const details = { category: error.category, context: error.context };
  return INPUT_CATEGORIES.has(error.category ?? '')
    ? new RejectedError(message, details)
    : new TransientError(message, details);
}

/** Per input of a traced batch write: the object written, or HubSpot's error for it. */
export type InputOutcome = { ok: true; object: CrmObject } | { ok: false; error: BatchError | undefined };

/**
 * Sends one batch write whose inputs carry `objectWriteTraceId` = their index (so HubSpot answers 207
 * with per-input errors instead of refusing the whole batch), and matches the answer back to the
 * inputs: results by the value of `matchProperty` (HubSpot does not keep input order), errors by
 * their trace id.
 */
export async function tracedBatch(
  client: HubSpotClient,
  path: string,
  inputs: readonly (Record<string, unknown> & { properties: Record<string, string> })[],
  matchProperty: string,
): Promise<InputOutcome[]> {
  if (inputs.length === 0) return [];
  const body = { inputs: inputs.map((input, i) => ({ ...input, objectWriteTraceId: String(i) })) };
  const answer = await client.post(path, body, BatchResponseSchema);
  const byValue = new Map<string, CrmObject>();
  for (const result of answer.results) {
    const value = result.properties[matchProperty];
    if (typeof value === 'string') byValue.set(value, result);
  }
  const errorsByTrace = new Map<string, BatchError>();
  for (const error of answer.errors) {
    for (const trace of error.context?.objectWriteTraceId ?? []) errorsByTrace.set(trace, error);
  }
  return inputs.map((input, i): InputOutcome => {
    const object = byValue.get(input.properties[matchProperty] ?? '');
    if (object) return { ok: true, object };
    return { ok: false, error: errorsByTrace.get(String(i)) };
  });
}

/** Reads objects by id with the given properties (≤100 per call); ids HubSpot no longer has are left out. */
export async function batchRead(
  client: HubSpotClient,
  objectType: string,
  ids: readonly string[],
  properties: readonly string[],
): Promise<CrmObject[]> {
  const out: CrmObject[] = [];
  for (const part of chunk([...new Set(ids)])) {
    const answer = await client.post(
      `/crm/v3/objects/${objectType}/batch/read`,
      { inputs: part.map((id) => ({ id })), properties },
      BatchResponseSchema,
    );
    out.push(...answer.results);
  }
  return out;
}

/** Archives objects by id (≤100 per call); HubSpot answers 204 and skips unknown ids. */
export async function batchArchive(
  client: HubSpotClient,
  objectType: string,
  ids: readonly string[],
): Promise<void> {
  for (const part of chunk(ids)) {
    await client.send({
      method: 'POST',
      path: `/crm/v3/objects/${objectType}/batch/archive`,
      body: { inputs: part.map((id) => ({ id })) },
    });
  }
}
