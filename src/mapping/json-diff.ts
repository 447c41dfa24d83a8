/**
 * Path-level differences between two JSON values, one readable line each, e.g.
 * `lines.0.total.amount: expected 2090, got 2089` or `customer: unexpected key`.
 */
export function diffJson(expected: unknown, actual: unknown, path = ''): string[] {
  const at = path || '(root)';
  if (Array.isArray(expected) && Array.isArray(actual)) {
    const out: string[] = [];
    if (expected.length !== actual.length) {
      out.push(`${at}: expected ${expected.length} items, got ${actual.length}`);
    }
    for (let i = 0; i < Math.min(expected.length, actual.length); i++) {
      out.push(...diffJson(expected[i], actual[i], child(path, String(i))));
    }
    return out;
  }
  if (isObject(expected) && isObject(actual)) {
    const out: string[] = [];
    for (const key of Object.keys(expected)) {
      if (!(key in actual)) out.push(`${child(path, key)}: missing (expected ${show(expected[key])})`);
      else out.push(...diffJson(expected[key], actual[key], child(path, key)));
    }
    for (const key of Object.keys(actual)) {
      if (!(key in expected)) out.push(`${child(path, key)}: unexpected key (got ${show(actual[key])})`);
    }
    return out;
  }
  if (Object.is(expected, actual)) return [];
  return [`${at}: expected ${show(expected)}, got ${show(actual)}`];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function child(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
