import { applyOverrides, overridePathProblem } from './payload-overrides';

describe('applyOverrides', () => {
  it('sets nested fields and array items on a copy', () => {
    const payload = { store: 'A', customer: { email: 'x@y.z' }, lines: [{ sku: '1' }, { sku: '2' }] };
    const out = applyOverrides(payload, { store: 'B', 'customer.email': 'a@b.c', 'lines.1.sku': '9' });
    expect(out).toEqual({ store: 'B', customer: { email: 'a@b.c' }, lines: [{ sku: '1' }, { sku: '9' }] });
    expect(payload.store).toBe('A');
  });

  it('creates missing objects and arrays on the way', () => {
    expect(applyOverrides({}, { 'a.b': 1, 'c.0': 'x' })).toEqual({ a: { b: 1 }, c: ['x'] });
  });

  it('refuses odd and prototype paths', () => {
    expect(overridePathProblem('a..b')).toBeDefined();
    expect(overridePathProblem('__proto__.x')).toBeDefined();
    expect(() => applyOverrides({}, { 'constructor.prototype': 1 })).toThrow(/reserved/);
    expect(overridePathProblem('customer.email')).toBeUndefined();
  });
});
