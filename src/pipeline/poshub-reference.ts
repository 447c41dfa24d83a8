/**
 * The reference poshub stores on every target object it writes (`poshub:<ledger record id>`),
 * stable across versions of a record: connectors search by it before creating, and identity
 * resolution recognises poshub's own objects by it when they are read back.
 */
const PREFIX = 'poshub:';

/** The reference of a ledger record. */
export function poshubReference(recordId: string): string {
  return `${PREFIX}${recordId}`;
}

/** The ledger record id in a `poshub:<record id>` reference, if the value is one. */
export function poshubRecordIdOf(value: string | undefined): string | undefined {
  return value?.startsWith(PREFIX) ? value.slice(PREFIX.length) : undefined;
}
