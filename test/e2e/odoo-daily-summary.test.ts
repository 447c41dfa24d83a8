import { toMinorUnits } from '../../src/canonical';
import { businessDayOf } from '../../src/pipeline/summary/business-day';
import type { FakePosTransaction } from '../fakes/fake-pos/fake-pos.server';
import { parseMinor } from '../fakes/money-kit';
import { OdooHub } from '../support/odoo-hub';
import { waitUntil } from '../support/test-env';

jest.setTimeout(120_000);

const SALES = 200;
const CUSTOMERS = 12;

/** Expected summaries: total per `<store>@<UTC day>`, in minor units. */
function expectedDays(sales: readonly FakePosTransaction[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const s of sales) {
    const key = `${s.store_id}@${businessDayOf(s.created_at, 'UTC')}`;
    out.set(key, (out.get(key) ?? 0) + parseMinor(s.total, 'USD'));
  }
  return out;
}

/** The same local time `days` calendar days earlier, keeping the ISO string's UTC offset. */
function daysBefore(iso: string, days: number): string {
  const local = new Date(`${iso.slice(0, 19)}Z`).getTime() - days * 86_400_000;
  return new Date(local).toISOString().slice(0, 19) + iso.slice(19);
}

describe('fake POS → hub → Odoo simulator, daily-summary posting', () => {
  let odoo: OdooHub | undefined;
  afterEach(async () => {
    await odoo?.close();
    odoo = undefined;
  });

  it(`posts ${SALES} past sales as one confirmed sale order per store and day, to the cent`, async () => {
    let sales: FakePosTransaction[] = [];
    odoo = await OdooHub.start(
      {
        version: '17.0',
        attempts: 20,
        backoffMs: 20,
        maxBackoffMs: 200,
        posting: '{ policy: daily-summary, timezone: UTC, closeAfter: 1h, settleAfter: 5s }',
        relayIntervalMs: 1000,
      },
      (pos) => {
        // The generator's clock covers some 9 hours of one day; every 2nd, 3rd and 4th sale is
        // moved 1, 2 and 3 days back, so each store has several business days.
        const generated = pos.generate(SALES, { currency: 'USD', refundRatio: 0, customers: CUSTOMERS });
        sales = generated.map((sale, i) =>
          i % 4 === 0
            ? sale
            : (pos.update(sale.id, { created_at: daysBefore(sale.created_at, i % 4) }) as FakePosTransaction),
        );
      },
    );
    const days = expectedDays(sales);
    expect(days.size).toBe(8);
    // Aggregated line discounts are what turns into an inexact Odoo percent.
    expect(sales.some((s) => s.items.some((i) => parseMinor(i.discount, 'USD') > 0))).toBe(true);

    const { sim, ledger } = odoo;
    const confirmed = () => sim.records('sale.order').filter((o) => o.state === 'sale');
    await waitUntil(
      async () =>
        confirmed().length >= days.size &&
        (await ledger.deliveries.countByStatus()).pending === 0 &&
        (await ledger.summaries.listDue(new Date())).length === 0,
      {
        timeoutMs: 90_000,
        intervalMs: 250,
        describe: async () =>
          `confirmed ${confirmed().length}/${days.size}, ${JSON.stringify(await ledger.deliveries.countByStatus())} ` +
          JSON.stringify(await ledger.deliveries.errorsGroupedByReason({ status: 'pending', limit: 3 })),
      },
    );

    // Every delivery done (per customer, and per version of each store-day: a draft may go out
    // before the day closes), none dead or quarantined.
    expect(await ledger.deliveries.errorsGroupedByReason({ status: 'dead' })).toEqual([]);
    const counts = await ledger.deliveries.countByStatus();
    expect([counts.pending, counts.dead]).toEqual([0, 0]);
    // A store-day's draft version still pending when a newer version arrives is skipped as
    // superseded (only the newest state is written); nothing is skipped for any other reason.
    const skipped = await ledger.deliveries.errorsGroupedByReason({ status: 'skipped' });
    expect(skipped.filter((g) => g.errorCode !== 'SUPERSEDED')).toEqual([]);
    expect(counts.done).toBeGreaterThanOrEqual(days.size + CUSTOMERS);
    expect((await ledger.quarantine.list({ limit: 5, offset: 0 })).items).toEqual([]);

    // Exactly one confirmed order per store-day, created once, none per sale, each with the sum of
    // the day's POS totals to the cent.
    const orders = sim.records('sale.order');
    expect(sim.createCount('sale.order')).toBe(days.size);
    expect(orders.map((o) => [o.origin, o.state]).sort()).toEqual(
      [...days.keys()].map((key) => [key, 'sale']).sort(),
    );
    const saleIds = new Set(sales.map((s) => s.id));
    expect(orders.filter((o) => saleIds.has(o.origin as string))).toEqual([]);
    expect(
      Object.fromEntries(
        orders.map((o) => [o.origin as string, toMinorUnits(o.amount_total as number, 'USD')]),
      ),
    ).toEqual(Object.fromEntries(days));
    // Some day's summed line discount is beyond a 2-decimal percent: posted as a taxed line of its
    // own (order-level discounts are untaxed negative lines).
    const taxedDiscounts = sim
      .records('sale.order.line')
      .filter((l) => (l.price_unit as number) < 0 && Array.isArray(l.tax_id) && l.tax_id.length > 0);
    expect(taxedDiscounts.length).toBeGreaterThan(0);
  });
});
