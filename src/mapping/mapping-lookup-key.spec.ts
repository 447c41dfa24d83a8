import jsonata from 'jsonata';
import { createLookupKeyFn, mappingFunctions } from './mapping-functions';

describe('$lookupKey (inverse of $lookup)', () => {
  const lookupKey = createLookupKeyFn({
    'odoo-locations': { 'store-1': '8', 'store-2': '12', 'store-9': '8' },
  });

  it('returns the first key whose value matches, comparing as text', () => {
    expect(lookupKey('odoo-locations', 12)).toBe('store-2');
    expect(lookupKey('odoo-locations', '8')).toBe('store-1');
  });

  it('returns the default or fails naming the table and value', () => {
    expect(lookupKey('odoo-locations', 99, 'odoo:99')).toBe('odoo:99');
    expect(() => lookupKey('odoo-locations', 99)).toThrow(
      'no key of lookup table "odoo-locations" has the value number 99',
    );
    expect(() => lookupKey('missing', 1)).toThrow('lookup table "missing" is not defined');
    expect(() => lookupKey('odoo-locations', { id: 8 })).toThrow('has the value an object');
  });

  it('is bound into mapping expressions', async () => {
    const expression = jsonata("$lookupKey('t', location_id[0], 'none')");
    const bindings = mappingFunctions({ t: { shop: '8' } });
    await expect(expression.evaluate({ location_id: [8, 'WH1/Stock'] }, bindings)).resolves.toBe('shop');
    await expect(expression.evaluate({ location_id: [9, 'WH2/Stock'] }, bindings)).resolves.toBe('none');
  });
});
