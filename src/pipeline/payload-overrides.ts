/**
 * Operator overrides of a mapped payload (edit and retry): `{ "customer.email": "a@b.c",
 * "lines.0.description": "Tea" }`. Each key is a dotted path; numeric segments index arrays. The
 * mapping stays the single source of the payload, the overrides only patch its output for one
 * delivery, so fixing a record never needs a hand-written payload.
 */

/** A dotted path of plain keys and array indexes (no empty segments, no prototype keys). */
const PATH = /^[A-Za-z0-9_$-]+(\.[A-Za-z0-9_$-]+)*$/;
const FORBIDDEN = new Set(['__proto__', 'prototype', 'constructor']);

/** Why an override key cannot be used, or undefined when it is fine. */
export function overridePathProblem(path: string): string | undefined {
  if (!PATH.test(path)) return 'must be a dotted path such as customer.email or lines.0.sku';
  if (path.split('.').some((segment) => FORBIDDEN.has(segment))) return 'names a reserved key';
  return undefined;
}

/** Returns a copy of `payload` with every override set at its path (missing objects are created). */
export function applyOverrides(payload: unknown, overrides: Readonly<Record<string, unknown>>): unknown {
  const copy: unknown = structuredClone(payload);
  for (const [path, value] of Object.entries(overrides)) {
    if (overridePathProblem(path)) throw new Error(`override ${path}: ${overridePathProblem(path)}`);
    const segments = path.split('.');
    let node = copy as Record<string, unknown> | unknown[];
    for (let i = 0; i < segments.length - 1; i += 1) {
      const key = segments[i];
      const next = (node as Record<string, unknown>)[key];
      if (typeof next === 'object' && next !== null) {
        node = next as Record<string, unknown>;
      } else {
        const created = /^\d+$/.test(segments[i + 1]) ? [] : {};
        (node as Record<string, unknown>)[key] = created;
        node = created;
      }
    }
    (node as Record<string, unknown>)[segments[segments.length - 1]] = value;
  }
  return copy;
}
