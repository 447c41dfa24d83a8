import { addDecimals } from './sim-money';
import { squareCall } from './sim-test.client';
import { SquareSimulator, type SquareInventoryCount, type SquareOrder } from './square-simulator';

/** IN_STOCK counts as served over HTTP, by `<variation>|<location>`. */
async function inStock(sim: SquareSimulator): Promise<Map<string, string>> {
  const res = await squareCall(sim, 'POST', '/v2/inventory/counts/batch-retrieve', { states: ['IN_STOCK'] });
  expect(res.status).toBe(200);
  const counts = res.body.counts as SquareInventoryCount[];
  return new Map(counts.map((c) => [`${c.catalog_object_id}|${c.location_id}`, c.quantity]));
}

/** Net quantity `orders` took out of IN_STOCK by `<variation>|<location>` (returns put back). */
function netSold(orders: readonly SquareOrder[]): Map<string, string> {
  const sold = new Map<string, string>();
  for (const order of orders) {
    const returned = order.returns?.flatMap((r) => r.return_line_items ?? []) ?? [];
    const lines = returned.length > 0 ? returned : (order.line_items ?? []);
    for (const line of lines) {
      if (!line.catalog_object_id) continue;
      const key = `${line.catalog_object_id}|${order.location_id}`;
      const q = returned.length > 0 ? `-${line.quantity}` : line.quantity;
      sold.set(key, addDecimals([sold.get(key) ?? '0', q]));
    }
  }
  return sold;
}

const physicalCount = (variation: string, location: string, quantity: string, occurredAt: Date) => ({
  type: 'PHYSICAL_COUNT',
  physical_count: {
    catalog_object_id: variation,
    location_id: location,
    state: 'IN_STOCK',
    quantity,
    occurred_at: occurredAt.toISOString(),
  },
});

const adjustment = (variation: string, location: string, quantity: string, occurredAt: Date) => ({
  type: 'ADJUSTMENT',
  adjustment: {
    catalog_object_id: variation,
    location_id: location,
    from_state: 'IN_STOCK',
    to_state: 'SOLD',
    quantity,
    occurred_at: occurredAt.toISOString(),
  },
});

describe('SquareSimulator inventory: sales move stock, counts replay later changes', () => {
  describe('with salesMoveStock', () => {
    let sim: SquareSimulator;
    beforeAll(async () => {
      sim = await SquareSimulator.start({ seed: 11, salesMoveStock: true });
    });
    afterAll(() => sim.close());

    it('takes every sold catalog line out of IN_STOCK and puts returns back, at the order time', async () => {
      const before = await inStock(sim);
      const orders = sim.generateOrders(40, { refundRatio: 0.2 });
      expect(orders.some((o) => o.returns?.length)).toBe(true);
      const after = await inStock(sim);
      const sold = netSold(orders);
      expect(sold.size).toBeGreaterThan(0);
      for (const [key, q] of sold) expect(after.get(key)).toBe(addDecimals([before.get(key)!, `-${q}`]));
      for (const key of before.keys()) if (!sold.has(key)) expect(after.get(key)).toBe(before.get(key));
      const sales = sim.inventoryChanges().filter((c) => c.type === 'ADJUSTMENT');
      expect(sales.length).toBeGreaterThan(0);
      expect(orders.map((o) => o.created_at)).toContain(sales[0]!.adjustment!.occurred_at);
    });
  });

  describe('without it (the default)', () => {
    let sim: SquareSimulator;
    beforeAll(async () => {
      sim = await SquareSimulator.start({ seed: 11 });
    });
    afterAll(() => sim.close());

    it('leaves inventory alone when orders are generated', async () => {
      const before = await inStock(sim);
      sim.generateOrders(10);
      expect(await inStock(sim)).toEqual(before);
    });

    it('applies a physical count at its occurred_at with the later adjustments on top', async () => {
      const variation = sim.catalogVariations()[2]!.id;
      const location = sim.locationIds[0]!;
      const now = Date.now();
      const at = (minutesAgo: number) => new Date(now - minutesAgo * 60_000);
      const send = async (key: string, changes: unknown[]) => {
        const res = await squareCall(sim, 'POST', '/v2/inventory/changes/batch-create', {
          idempotency_key: key,
          changes,
        });
        expect(res.status).toBe(200);
        return (await inStock(sim)).get(`${variation}|${location}`);
      };
      // Sales at -30 and -5 min; a count taken at -10 min arrives afterwards: only the -5 sale is
      // replayed on top of it (the count already saw the -30 one).
      expect(await send('sale-30', [adjustment(variation, location, '2', at(30))])).toBeDefined();
      await send('sale-5', [adjustment(variation, location, '3', at(5))]);
      expect(await send('count-10', [physicalCount(variation, location, '50', at(10))])).toBe('47');
      // A sale that happened before the count and is reported late does not change it...
      expect(await send('sale-20', [adjustment(variation, location, '4', at(20))])).toBe('47');
      // ...one after it does.
      expect(await send('sale-1', [adjustment(variation, location, '1.5', at(1))])).toBe('45.5');
      // An older count than the latest is ignored; a newer one replaces it and replays what followed.
      expect(await send('count-15', [physicalCount(variation, location, '9', at(15))])).toBe('45.5');
      expect(await send('count-3', [physicalCount(variation, location, '20', at(3))])).toBe('18.5');
    });
  });
});
