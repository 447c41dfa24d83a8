import type { z } from 'zod';

/**
 * Copies a JSONata result into plain JSON: sequences become ordinary arrays (JSONata tags them with
 * extra properties), undefined object members are dropped. A function in the output is a mapping bug.
 */
export function toPlainJson(value: unknown, path = ''): unknown {
  if (typeof value === 'function') {
    throw new Error(`mapping output contains a function at ${path || '(root)'}`);
  }
  if (Array.isArray(value)) {
    return value
      .filter((item) => item !== undefined)
      .map((item, i) => toPlainJson(item, join(path, String(i))));
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) {
      if (child !== undefined) out[key] = toPlainJson(child, join(path, key));
    }
    return out;
  }
  return value;
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

type Container = Record<string, unknown> | unknown[];
const isContainer = (value: unknown): value is Container => value !== null && typeof value === 'object';

/**
 * Sets `value` at a dotted path inside `target`, creating objects on the way; `undefined` removes the
 * key. Returns a problem description instead of throwing when the path cannot be set.
 */
export function setAtPath(target: unknown, path: string, value: unknown): string | undefined {
  const segments = path.split('.');
  if (segments.some((segment) => segment === '')) return `invalid output path "${path}"`;
  if (!isContainer(target)) return 'the mapping output is not an object';
  let current: Container = target;
  for (const [index, segment] of segments.entries()) {
    const last = index === segments.length - 1;
    if (Array.isArray(current)) {
      if (!/^\d+$/.test(segment)) return `"${segment}" is not an array index`;
    }
    const slot = current as Record<string, unknown>;
    if (last) {
      if (value === undefined) delete slot[segment];
      else slot[segment] = value;
      return undefined;
    }
    const next = slot[segment];
    if (isContainer(next)) current = next;
    else if (next === undefined) current = slot[segment] = {};
    else return `"${segments.slice(0, index + 1).join('.')}" is not an object`;
  }
  return undefined;
}

/** Renders zod issues as "<path>: <message>" lines, the path dotted (`lines.0.total.amount`). */
export function formatIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`);
}
