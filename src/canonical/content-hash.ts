import { createHash } from 'node:crypto';

/*
 * Canonical JSON: JSON.stringify semantics (toJSON honoured, undefined and functions dropped from
 * objects and turned into null in arrays, non-finite numbers become null) with object keys sorted by
 * code unit, recursively. Two values that differ only in key order therefore serialise identically.
 */
function canonicalize(value: unknown, inArray: boolean, ancestors: Set<object>): string | undefined {
  if (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as { toJSON?: unknown }).toJSON === 'function'
  ) {
    value = (value as { toJSON: () => unknown }).toJSON();
  }
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol') {
    return inArray ? 'null' : undefined;
  }
  if (typeof value === 'bigint') throw new TypeError('contentHash cannot serialise a BigInt');
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (ancestors.has(value)) throw new TypeError('contentHash cannot serialise a cyclic structure');
  ancestors.add(value);
  let text: string;
  if (Array.isArray(value)) {
    text = `[${value.map((item) => canonicalize(item, true, ancestors)).join(',')}]`;
  } else {
    const members: string[] = [];
    for (const key of Object.keys(value).sort()) {
      const member = canonicalize((value as Record<string, unknown>)[key], false, ancestors);
      if (member !== undefined) members.push(`${JSON.stringify(key)}:${member}`);
    }
    text = `{${members.join(',')}}`;
  }
  ancestors.delete(value);
  return text;
}

/** The canonical JSON text hashed by {@link contentHash}; exposed for debugging hash differences. */
export function canonicalJson(value: unknown): string {
  return canonicalize(value, false, new Set()) ?? 'null';
}

/**
 * SHA-256 (hex) of the canonical JSON of `value`: object keys sorted recursively, arrays kept in order.
 * The ledger compares it with the stored hash to skip records that did not change.
 * @throws TypeError for values JSON cannot represent (BigInt, cycles).
 */
export function contentHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}
