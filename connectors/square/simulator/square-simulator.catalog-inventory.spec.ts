import { loadOpenApi, validateTraffic } from '../../../test/support/openapi-validator';
import { squareCall } from './sim-test.client';
import { SquareSimulator, type SquareCatalogObject, type SquareInventoryCount } from './square-simulator';

const validator = loadOpenApi(`${__dirname}/../../../../shared/specs/square/square-api-subset.openapi.json`);

describe('SquareSimulator catalog and inventory', () => {
  let sim: SquareSimulator;
  beforeAll(async () => {
    sim = await SquareSimulator.start({ seed: 11 });
  });
  afterAll(() => sim.close());

  const call = (method: string, path: string, body?: unknown) => squareCall(sim, method, path, body);
  const errorCode = (body: Record<string, unknown>) => (body.errors as { code: string }[])[0]!.code;

  describe('catalog search', () => {
    it('pages ITEM_VARIATIONs with sku, name and price, and returns latest_time', async () => {
      const seen: SquareCatalogObject[] = [];
      let cursor: string | undefined;
      let latest = '';
      do {
        const res = await call('POST', '/v2/catalog/search', {
          object_types: ['ITEM_VARIATION'],
          limit: 10,
          ...(cursor ? { cursor } : {}),
        });
        expect(res.status).toBe(200);
        seen.push(...(res.body.objects as SquareCatalogObject[]));
        cursor = res.body.cursor as string | undefined;
        latest = res.body.latest_time as string;
      } while (cursor);
      expect(seen.map((o) => o.id).sort()).toEqual(
        sim
          .catalogVariations()
          .map((v) => v.id)
          .sort(),
      );
      const v = seen[0]!.item_variation_data!;
      expect(v.sku).toMatch(/^SKU-\d+$/);
      expect(v.price_money).toEqual({ amount: expect.any(Number), currency: 'USD' });
      expect(Date.parse(latest)).toBeGreaterThan(0);
    });

    it('treats begin_time as exclusive and shows deleted objects only when asked', async () => {
      const [a, b] = sim.catalogVariations();
      const changed = sim.setVariationPrice(a!.id, 999);
      sim.deleteCatalogObject(b!.id);
      const search = (extra: object) =>
        call('POST', '/v2/catalog/search', {
          object_types: ['ITEM_VARIATION'],
          begin_time: changed.updated_at,
          ...extra,
        });
      const deleted = (await search({ include_deleted_objects: true })).body.objects as SquareCatalogObject[];
      // a changed exactly at begin_time: excluded; b was deleted after it: included, flagged.
      expect(deleted.map((o) => o.id)).toEqual([b!.id]);
      expect(deleted[0]!.is_deleted).toBe(true);
      expect((await search({})).body.objects).toBeUndefined();
      const since = new Date(Date.parse(changed.updated_at) - 1).toISOString();
      const res = await call('POST', '/v2/catalog/search', {
        object_types: ['ITEM_VARIATION'],
        begin_time: since,
      });
      const objects = res.body.objects as SquareCatalogObject[];
      expect(objects.map((o) => o.id)).toEqual([a!.id]);
      expect(objects[0]!.item_variation_data!.price_money.amount).toBe(999);
    });

    it('refuses a cursor from another query', async () => {
      const first = await call('POST', '/v2/catalog/search', { object_types: ['ITEM_VARIATION'], limit: 2 });
      const res = await call('POST', '/v2/catalog/search', {
        object_types: ['ITEM'],
        cursor: first.body.cursor,
      });
      expect(res.status).toBe(400);
      expect(errorCode(res.body)).toBe('INVALID_CURSOR');
    });
  });

  describe('inventory', () => {
    it.each(['/v2/inventory/counts/batch-retrieve', '/v2/inventory/batch-retrieve-counts'])(
      'retrieves counts with filters and paging on %s',
      async (path) => {
        const location = sim.locationIds[0]!;
        const counts: SquareInventoryCount[] = [];
        let cursor: string | undefined;
        do {
          const res = await call('POST', path, {
            location_ids: [location],
            limit: 7,
            ...(cursor ? { cursor } : {}),
          });
          expect(res.status).toBe(200);
          counts.push(...(res.body.counts as SquareInventoryCount[]));
          cursor = res.body.cursor as string | undefined;
        } while (cursor);
        const expected = sim.inventoryCounts().filter((c) => c.location_id === location);
        expect(counts).toHaveLength(expected.length);
        expect(counts.every((c) => c.location_id === location && c.state === 'IN_STOCK')).toBe(true);
      },
    );

    it.each([
      [0, 'VALUE_TOO_LOW'],
      [1001, 'VALUE_TOO_HIGH'],
    ])('rejects limit %d', async (limit, code) => {
      const res = await call('POST', '/v2/inventory/counts/batch-retrieve', { limit });
      expect(res.status).toBe(400);
      expect(errorCode(res.body)).toBe(code);
    });

    const countChange = (objectId: string, quantity: string, occurredAt = new Date().toISOString()) => ({
      type: 'PHYSICAL_COUNT',
      physical_count: {
        catalog_object_id: objectId,
        location_id: sim.locationIds[1],
        state: 'IN_STOCK',
        quantity,
        occurred_at: occurredAt,
        reference_id: 'poshub-1',
      },
    });

    it('applies physical counts once per idempotency key and filters by updated_after', async () => {
      const variation = sim.catalogVariations()[3]!.id;
      const before = sim.inventoryChanges().length;
      const since = new Date().toISOString();
      const body = { idempotency_key: 'stock-v1', changes: [countChange(variation, '12.5')] };
      const first = await call('POST', '/v2/inventory/changes/batch-create', body);
      expect(first.status).toBe(200);
      expect(first.body.counts).toEqual([
        expect.objectContaining({ catalog_object_id: variation, quantity: '12.5', state: 'IN_STOCK' }),
      ]);
      const replay = await call('POST', '/v2/inventory/batch-change', body);
      expect(replay).toEqual(first);
      expect(sim.inventoryChanges().length).toBe(before + 1);
      const reused = await call('POST', '/v2/inventory/changes/batch-create', {
        ...body,
        changes: [countChange(variation, '3')],
      });
      expect(reused.status).toBe(400);
      expect(errorCode(reused.body)).toBe('IDEMPOTENCY_KEY_REUSED');

      const recent = await call('POST', '/v2/inventory/counts/batch-retrieve', { updated_after: since });
      expect((recent.body.counts as SquareInventoryCount[]).map((c) => c.catalog_object_id)).toEqual([
        variation,
      ]);
    });

    it('skips unchanged counts by default, ignores late counts and applies adjustments', async () => {
      const variation = sim.catalogVariations()[4]!.id;
      const location = sim.locationIds[1]!;
      const current = sim
        .inventoryCounts()
        .find((c) => c.catalog_object_id === variation && c.location_id === location)!;
      const before = sim.inventoryChanges().length;
      const same = await call('POST', '/v2/inventory/changes/batch-create', {
        idempotency_key: 'same',
        changes: [countChange(variation, current.quantity)],
      });
      expect(same.body.changes).toEqual([]);
      expect(sim.inventoryChanges().length).toBe(before);
      const forced = await call('POST', '/v2/inventory/changes/batch-create', {
        idempotency_key: 'forced',
        ignore_unchanged_counts: false,
        changes: [countChange(variation, current.quantity)],
      });
      expect(forced.body.changes).toHaveLength(1);

      await call('POST', '/v2/inventory/changes/batch-create', {
        idempotency_key: 'now',
        changes: [countChange(variation, '40')],
      });
      const late = await call('POST', '/v2/inventory/changes/batch-create', {
        idempotency_key: 'late',
        changes: [countChange(variation, '7', '2001-01-01T00:00:00Z')],
      });
      expect(late.status).toBe(200);
      const adjust = await call('POST', '/v2/inventory/changes/batch-create', {
        idempotency_key: 'sold-2',
        changes: [
          {
            type: 'ADJUSTMENT',
            adjustment: {
              catalog_object_id: variation,
              location_id: location,
              from_state: 'IN_STOCK',
              to_state: 'SOLD',
              quantity: '2.25',
              occurred_at: new Date().toISOString(),
            },
          },
        ],
      });
      expect(adjust.body.counts).toEqual([expect.objectContaining({ quantity: '37.75', state: 'IN_STOCK' })]);
    });

    it.each([
      [{ changes: [] }, 'MISSING_REQUIRED_PARAMETER'],
      [{ idempotency_key: '', changes: [] }, 'VALUE_TOO_SHORT'],
      [{ idempotency_key: 'k'.repeat(129), changes: [] }, 'VALUE_TOO_LONG'],
      [
        {
          idempotency_key: 'bad-object',
          changes: [
            {
              type: 'PHYSICAL_COUNT',
              physical_count: {
                catalog_object_id: 'NOPE',
                location_id: 'x',
                state: 'IN_STOCK',
                quantity: '1',
                occurred_at: '2024-01-01T00:00:00Z',
              },
            },
          ],
        },
        'INVALID_VALUE',
      ],
      [
        {
          idempotency_key: 'no-time',
          changes: [
            {
              type: 'PHYSICAL_COUNT',
              physical_count: { catalog_object_id: 'x', location_id: 'x', state: 'IN_STOCK', quantity: '1' },
            },
          ],
        },
        'MISSING_REQUIRED_PARAMETER',
      ],
    ])('rejects batch change %#', async (body, code) => {
      const res = await call('POST', '/v2/inventory/changes/batch-create', body);
      expect(res.status).toBe(400);
      expect(errorCode(res.body)).toBe(code);
    });
  });

  it('every request and response of this file validates against the official spec', () => {
    expect(validateTraffic(validator, sim.requestLog())).toEqual([]);
  });
});
