import { createHash } from 'node:crypto';

/*
 * Deterministic ids: the same facts always give the same id, so a retried pull or a re-enqueue hits
 * the same row / BullMQ job. Ids never contain ':' (BullMQ rejects it in custom job ids).
 */

const SEPARATOR = '\u0000';
const HEX_LENGTH = 24;

function digest(prefix: string, parts: readonly (string | number)[]): string {
  const hex = createHash('sha256').update(parts.map(String).join(SEPARATOR)).digest('hex');
  return prefix + hex.slice(0, HEX_LENGTH);
}

/** Id of the ledger record for an entity of `kind` whose id in its origin connection is `externalId`. */
export function recordId(kind: string, originConnectionId: string, externalId: string): string {
  return digest('r', [kind, originConnectionId, externalId]);
}

/** Id of the delivery of `version` of a record along one route (also its BullMQ job id). */
export function deliveryId(recordId: string, version: number, routeId: string): string {
  return digest('d', [recordId, version, routeId]);
}

/** Hex sha256 of a string (payload hashes, content hashes computed from canonical JSON text). */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
