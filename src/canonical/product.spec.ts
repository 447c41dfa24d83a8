import { ProductSchema } from './product';

describe('ProductSchema', () => {
  it('accepts a product with price and a minimal one', () => {
    const full = {
      externalId: 'p-1',
      sourceVersion: 'v3',
      updatedAt: '2024-05-01T10:00:00+02:00',
      sku: 'TEA-250',
      name: 'Green tea',
      variationName: '250 g',
      price: { amount: 1250, currency: 'EUR' },
      taxCategory: 'reduced',
      deleted: false,
    };
    expect(ProductSchema.parse(full)).toEqual(full);
    expect(ProductSchema.parse({ externalId: 'p-2', name: 'Open item' })).toEqual({
      externalId: 'p-2',
      name: 'Open item',
    });
  });

  it.each([
    [{ name: '' }, 'name'],
    [{ price: { amount: -1, currency: 'EUR' } }, 'price.amount'],
    [{ price: { amount: 12.5, currency: 'EUR' } }, 'price.amount'],
    [{ price: { amount: 1, currency: 'eur' } }, 'price.currency'],
    [{ colour: 'green' }, ''],
  ])('refuses %j', (fields, path) => {
    const result = ProductSchema.safeParse({ externalId: 'p', name: 'Tea', ...fields });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.path.join('.'))).toEqual([path]);
  });
});
