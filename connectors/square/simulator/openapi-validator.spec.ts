import { loadOpenApi } from '../../../test/support/openapi-validator';

const SPEC = `${__dirname}/../../../../shared/specs/square/square-api-subset.openapi.json`;
const validator = loadOpenApi(SPEC);
// eslint-disable-next-line @typescript-eslint/no-require-imports
const spec = require(SPEC) as {
  components: { schemas: Record<string, { example?: Record<string, unknown> }> };
};
const example = (name: string): Record<string, unknown> => spec.components.schemas[name]!.example!;

describe('openapi-validator on the Square description', () => {
  it.each([
    'OrderCreatedEvent',
    'OrderUpdatedEvent',
    'CustomerCreatedEvent',
    'CustomerUpdatedEvent',
    'CustomerDeletedEvent',
    'InventoryCountUpdatedEvent',
  ])('accepts the spec’s own %s example', (name) => {
    expect(validator.validateSchema(name, example(name))).toEqual([]);
  });

  it('accepts the spec’s Order and Customer examples (inside response examples)', () => {
    const orders = example('BatchRetrieveOrdersResponse').orders as unknown[];
    expect(orders.length).toBeGreaterThan(0);
    for (const order of orders) expect(validator.validateSchema('Order', order)).toEqual([]);
    expect(validator.validateSchema('Order', example('CreateOrderResponse').order)).toEqual([]);
    expect(validator.validateSchema('Customer', example('CreateCustomerResponse').customer)).toEqual([]);
    expect(
      validator.validateResponse('POST', '/v2/customers/search', 200, example('SearchCustomersResponse')),
    ).toEqual([]);
  });

  it('rejects wrong shapes and names the field', () => {
    const order = { ...(example('CreateOrderResponse').order as object), location_id: 5 };
    expect(validator.validateSchema('Order', order)).toEqual([
      expect.stringContaining('/location_id must be string'),
    ]);
    expect(validator.validateResponse('GET', '/v2/orders/abc', 200, { order: { line_items: [{}] } })).toEqual(
      expect.arrayContaining([expect.stringContaining("must have required property 'location_id'")]),
    );
    expect(validator.validateRequest('POST', '/v2/inventory/changes/batch-create', { changes: [] })).toEqual([
      expect.stringContaining("must have required property 'idempotency_key'"),
    ]);
  });

  it('handles OpenAPI nullable next to $ref and the stubbed dangling ref', () => {
    expect(validator.validateSchema('Order', { location_id: 'L', source: null, line_items: null })).toEqual(
      [],
    );
    expect(validator.validateSchema('CatalogModifierToggleOverrideType', 'YES')).toEqual([]);
    expect(validator.validateSchema('CatalogModifierToggleOverrideType', 'MAYBE')).not.toEqual([]);
  });

  it('maps concrete paths to templates, literal segments first', () => {
    expect(validator.matchPath('POST', '/v2/orders/search')).toBe('/v2/orders/search');
    expect(validator.matchPath('GET', '/v2/orders/ABC123?x=1')).toBe('/v2/orders/{order_id}');
    expect(validator.matchPath('GET', '/v2/nothing')).toBeUndefined();
  });

  it('checks error statuses against the { errors: Error[] } envelope', () => {
    const ok = { errors: [{ category: 'RATE_LIMIT_ERROR', code: 'RATE_LIMITED', detail: 'slow down' }] };
    expect(validator.validateResponse('POST', '/v2/orders/search', 429, ok)).toEqual([]);
    expect(validator.validateResponse('POST', '/v2/orders/search', 429, { errors: [] })).not.toEqual([]);
    expect(
      validator.validateResponse('POST', '/v2/orders/search', 400, {
        errors: [{ code: 'NOPE', category: 'API_ERROR' }],
      }),
    ).not.toEqual([]);
    expect(validator.validateResponse('POST', '/v2/orders/search', 400, { message: 'x' })).not.toEqual([]);
  });
});
