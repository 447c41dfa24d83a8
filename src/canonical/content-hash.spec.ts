import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { canonicalJson, contentHash } from './content-hash';

/** Rebuilds an object tree with every object's keys in reverse insertion order. */
function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .reverse()
      .map(([k, v]) => [k, reverseKeys(v)]),
  );
}

describe('contentHash', () => {
  it('is the sha256 hex of JSON with keys sorted recursively', () => {
    const value = { b: 1, a: { d: [3, { z: true, y: null }], c: 'x' } };
    const expected = '{"a":{"c":"x","d":[3,{"y":null,"z":true}]},"b":1}';
    expect(canonicalJson(value)).toBe(expected);
    expect(contentHash(value)).toBe(createHash('sha256').update(expected).digest('hex'));
    expect(contentHash(value)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('does not depend on key order', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(contentHash(reverseKeys(value))).toBe(contentHash(value));
      }),
      { numRuns: 300 },
    );
  });

  it('depends on array order and on values', () => {
    expect(contentHash([1, 2])).not.toBe(contentHash([2, 1]));
    expect(contentHash({ amount: 100 })).not.toBe(contentHash({ amount: 101 }));
    expect(contentHash({ amount: 100 })).not.toBe(contentHash({ amount: '100' }));
  });

  it('follows JSON semantics for undefined, dates and -0', () => {
    expect(canonicalJson({ a: undefined, b: 1 })).toBe('{"b":1}');
    expect(canonicalJson([undefined])).toBe('[null]');
    expect(canonicalJson({ at: new Date('2024-01-01T00:00:00Z') })).toBe('{"at":"2024-01-01T00:00:00.000Z"}');
    expect(contentHash({ a: -0 })).toBe(contentHash({ a: 0 }));
  });

  it('refuses values JSON cannot represent', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => contentHash(cyclic)).toThrow('cyclic');
    expect(() => contentHash({ n: 1n })).toThrow(TypeError);
    const shared = { x: 1 };
    expect(canonicalJson({ a: shared, b: shared })).toBe('{"a":{"x":1},"b":{"x":1}}');
  });
});
