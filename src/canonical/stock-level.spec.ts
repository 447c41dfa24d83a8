import { StockLevelSchema } from './stock-level';

const level = {
  externalId: 'p-1@store-1',
  product: { externalId: 'p-1', sku: 'SKU-1' },
  locationId: 'store-1',
  quantity: '12.5',
  countedAt: '2024-05-01T10:00:00Z',
};

describe('StockLevelSchema', () => {
  it('accepts a stock level, including a negative quantity', () => {
    expect(StockLevelSchema.parse(level)).toEqual(level);
    expect(StockLevelSchema.safeParse({ ...level, quantity: '-3' }).success).toBe(true);
    expect(StockLevelSchema.safeParse({ ...level, product: { sku: 'SKU-1' } }).success).toBe(true);
  });

  it('requires the product to be identified by externalId or sku', () => {
    const result = StockLevelSchema.safeParse({ ...level, product: {} });
    expect(result.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([
      'product: at least one of externalId, sku is required',
    ]);
  });

  it.each([
    [{ quantity: 12.5 }, 'quantity'],
    [{ quantity: '1e2' }, 'quantity'],
    [{ countedAt: '2024-05-01 10:00' }, 'countedAt'],
    [{ locationId: undefined }, 'locationId'],
  ])('refuses %j', (fields, path) => {
    const result = StockLevelSchema.safeParse({ ...level, ...fields });
    expect(result.error!.issues.map((i) => i.path.join('.'))).toEqual([path]);
  });
});
