import { toMinorUnits } from '../../src/canonical';
import { businessDayOf } from '../../src/pipeline/summary/business-day';
import type { FakePosTransaction } from '../fakes/fake-pos/fake-pos.server';
import { HubHarness } from '../support/hub-harness';
import { waitUntil, type TestDialect } from '../support/test-env';

jest.setTimeout(180_000);

/** Expected summaries: total per `<store>@<UTC day>`, in minor units. */
function expectedDays(sales: readonly FakePosTransaction[]): Map<string, bigint> {
  const out = new Map<string, bigint>();
  for (const s of sales) {
    const key = `${s.store_id}@${businessDayOf(s.created_at, 'UTC')}`;
    out.set(key, (out.get(key) ?? 0n) + BigInt(toMinorUnits(s.total, s.currency)));
  }
  return out;
}

describe('daily-summary posting', () => {
  let harness: HubHarness;

  afterEach(async () => {
    await harness?.close();
  });

  const settled = async (h: HubHarness, documents: number) => {
    const ledger = await h.ledger();
    await waitUntil(
      async () =>
        h.erp.invoices().length >= documents &&
        (await ledger.deliveries.countByStatus()).pending === 0 &&
        (await ledger.summaries.listDue(new Date())).length === 0,
      {
        timeoutMs: 60_000,
        describe: async () =>
          `invoices ${h.erp.invoices().length}/${documents}, ${JSON.stringify(await ledger.deliveries.countByStatus())} due ${JSON.stringify(await ledger.summaries.listDue(new Date()))}`,
      },
    );
  };

  it.each<TestDialect>(['sqlite', 'postgres'])(
    'posts one document per store and closed day with the day’s totals, and late sales as adjustments (%s)',
    async (dialect) => {
      harness = await HubHarness.create({
        dialect,
        pullEvery: '300ms',
        relayIntervalMs: 1000,
        posting: '{ policy: daily-summary, timezone: UTC, closeAfter: 1h, settleAfter: 5s }',
      });
      const sales = harness.pos.generate(300, { currency: 'USD', refundRatio: 0 });
      const days = expectedDays(sales);
      expect(days.size).toBeGreaterThan(1);
      await harness.start('all');
      await settled(harness, days.size);

      // One document per store-day (past days close once the pull has settled), none per sale.
      const invoices = harness.erp.invoices();
      expect(invoices).toHaveLength(days.size);
      expect(harness.erp.creates()).toHaveLength(days.size);
      for (const invoice of invoices) {
        expect(BigInt(toMinorUnits(invoice.total, invoice.currency))).toBe(days.get(invoice.external_id));
      }

      // A sale for a closed day arrives late: an adjustment document, the posted one untouched.
      const late = { ...sales[0], id: 'late-sale-1', receipt_no: 'LATE-1' };
      const dayKey = `${late.store_id}@${businessDayOf(late.created_at, 'UTC')}`;
      const posted = invoices.find((i) => i.external_id === dayKey)!;
      harness.pos.add(late);
      await settled(harness, days.size + 1);
      const adjustment = harness.erp.invoices().find((i) => i.external_id === `${dayKey}#1`);
      expect(adjustment?.total).toBe(late.total);
      const after = harness.erp.invoices().find((i) => i.external_id === dayKey)!;
      expect(after.version).toBe(posted.version);
      expect(after.total).toBe(posted.total);
    },
  );

  it('keeps an open day’s document up to date as sales come in: updated, never duplicated', async () => {
    harness = await HubHarness.create({
      dialect: 'sqlite',
      pullEvery: '300ms',
      posting: '{ policy: daily-summary, timezone: UTC, closeAfter: 2h }',
    });
    const [template] = harness.pos.generate(1, { currency: 'USD', refundRatio: 0 });
    const now = new Date();
    const today = (n: number): FakePosTransaction => ({
      ...template,
      id: `today-${n}`,
      receipt_no: `T-${n}`,
      created_at: new Date(now.getTime() - 60_000 * (n + 1)).toISOString(),
      updated_at: now.toISOString(),
    });
    // Sales after midnight UTC only, so all five fall on one business day.
    const minutesToday = now.getUTCHours() * 60 + now.getUTCMinutes();
    if (minutesToday < 10) return; // a run in the first minutes after midnight UTC cannot place them
    await harness.start('all');
    for (const n of [1, 2, 3]) harness.pos.add(today(n));
    const key = `${template.store_id}@${businessDayOf(now, 'UTC')}`;
    const open = await waitForInvoice(
      harness,
      key,
      (i) => BigInt(toMinorUnits(i.total, i.currency)) === 3n * minor(template),
    );
    for (const n of [4, 5]) harness.pos.add(today(n));
    const updated = await waitForInvoice(
      harness,
      key,
      (i) => BigInt(toMinorUnits(i.total, i.currency)) === 5n * minor(template),
    );
    expect(updated.id).toBe(open.id);
    expect(updated.version).toBeGreaterThan(open.version);
    // (The template sale itself, dated 2024, has its own day's document.)
    expect(
      harness.erp.creates().filter((c) => (c.body as { external_id?: string }).external_id === key),
    ).toHaveLength(1);
    const ledger = await harness.ledger();
    expect(
      (
        await ledger.summaries.get({
          routeId: 'sales-to-erp',
          locationId: template.store_id,
          businessDay: businessDayOf(now, 'UTC'),
        })
      )?.status,
    ).toBe('open');
  });
});

function minor(sale: FakePosTransaction): bigint {
  return BigInt(toMinorUnits(sale.total, sale.currency));
}

async function waitForInvoice(
  harness: HubHarness,
  externalId: string,
  ready: (invoice: ReturnType<HubHarness['erp']['invoices']>[number]) => boolean,
) {
  let found: ReturnType<HubHarness['erp']['invoices']>[number] | undefined;
  await waitUntil(
    () => {
      found = harness.erp.invoices().find((i) => i.external_id === externalId);
      return found !== undefined && ready(found);
    },
    {
      timeoutMs: 30_000,
      describe: () => JSON.stringify(harness.erp.invoices().map((i) => [i.external_id, i.total])),
    },
  );
  return found!;
}
