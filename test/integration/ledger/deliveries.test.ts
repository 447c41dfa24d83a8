import type { Ledger, NewDelivery } from '../../../src/ledger';
import { deliveryId } from '../../../src/ledger';
import { DIALECTS, createTestLedger, uid, type TestLedger } from './ledger-test-db';

describe.each(DIALECTS)('DeliveriesRepository on %s', (dialect) => {
  let env: TestLedger;
  let ledger: Ledger;

  beforeAll(async () => {
    env = await createTestLedger(dialect);
    ledger = env.ledger;
  });
  afterAll(() => env.destroy());

  /** A stored record with `versions` versions; returns its id. */
  async function record(versions = 1): Promise<string> {
    const externalId = uid('sale');
    let id = '';
    for (let v = 1; v <= versions; v += 1) {
      id = (
        await ledger.records.upsert({
          kind: 'transaction',
          originConnectionId: 'pos',
          externalId,
          contentHash: `v${v}`,
          data: { v },
        })
      ).recordId;
    }
    return id;
  }

  function row(recordId: string, overrides: Partial<NewDelivery> = {}): NewDelivery {
    return {
      recordId,
      recordVersion: 1,
      routeId: 'sales-to-erp',
      destinationConnectionId: 'erp',
      entity: 'invoice',
      ...overrides,
    };
  }

  it('creates deliveries idempotently and returns every id, new or existing, in input order', async () => {
    const destination = uid('erp');
    const records = await Promise.all(Array.from({ length: 450 }, () => record()));
    const rows = records.map((id) =>
      row(id, { destinationConnectionId: destination, occurredAt: '2025-05-05T05:05:05.000Z' }),
    );

    const ids = await ledger.deliveries.createMany(rows);
    expect(ids).toEqual(rows.map((r) => deliveryId(r.recordId, r.recordVersion, r.routeId)));
    expect(new Set(ids).size).toBe(450);
    const before = await ledger.deliveries.list({ destinationConnectionId: destination, limit: 1000 });
    expect(before.total).toBe(450);

    // Again, plus one new row and a duplicate inside the batch: only the new one is created.
    const extra = row(records[0]!, { routeId: 'sales-to-crm', destinationConnectionId: destination });
    const again = await ledger.deliveries.createMany([...rows, extra, extra]);
    expect(again.slice(0, 450)).toEqual(ids);
    expect(again[450]).toBe(again[451]);
    const after = await ledger.deliveries.list({ destinationConnectionId: destination, limit: 1000 });
    expect(after.total).toBe(451);
    // Existing rows were not touched by the second call.
    const first = after.items.find((d) => d.id === ids[0]);
    expect(first).toMatchObject({
      status: 'pending',
      attempts: 0,
      occurredAt: '2025-05-05T05:05:05.000Z',
      entity: 'invoice',
    });
    expect(await ledger.deliveries.createMany([])).toEqual([]);
  });

  it('moves through failure, dead, retry and done', async () => {
    const [id] = await ledger.deliveries.createMany([row(await record())]);
    const t0 = new Date('2025-06-01T00:00:00Z');

    expect(
      await ledger.deliveries.recordFailure(id!, { error: 'HTTP 503', code: 'TRANSIENT', now: t0 }),
    ).toBe(1);
    expect(await ledger.deliveries.recordFailure(id!, { error: 'HTTP 502', code: 'TRANSIENT' })).toBe(2);
    expect(await ledger.deliveries.get(id!)).toMatchObject({
      status: 'pending',
      attempts: 2,
      lastError: 'HTTP 502',
      errorCode: 'TRANSIENT',
    });

    expect(await ledger.deliveries.markDead(id!, { error: 'invalid VAT number', code: 'REJECTED' })).toBe(
      true,
    );
    expect(await ledger.deliveries.get(id!)).toMatchObject({
      status: 'dead',
      attempts: 3,
      lastError: 'invalid VAT number',
      errorCode: 'REJECTED',
    });
    // Only pending deliveries can fail again or die again.
    expect(await ledger.deliveries.recordFailure(id!, { error: 'late', code: null })).toBeUndefined();
    expect(await ledger.deliveries.markDead(id!, { error: 'again', code: null })).toBe(false);

    expect(await ledger.deliveries.resetForRetry(id!)).toBe(true);
    expect(await ledger.deliveries.get(id!)).toMatchObject({
      status: 'pending',
      attempts: 0,
      lastError: null,
      errorCode: null,
    });
    expect(await ledger.deliveries.resetForRetry(id!)).toBe(false);

    const done = new Date('2025-06-01T00:00:05Z');
    expect(await ledger.deliveries.markDone(id!, { targetId: 'INV-42', now: done })).toBe(true);
    const row1 = await ledger.deliveries.get(id!);
    expect(row1).toMatchObject({
      status: 'done',
      targetId: 'INV-42',
      deliveredAt: done.toISOString(),
      updatedAt: done.toISOString(),
    });
    expect(await ledger.deliveries.resetForRetry(id!)).toBe(false);
    expect(await ledger.deliveries.markSkipped(id!, 'nope')).toBe(false);
    expect(await ledger.deliveries.get('d-missing')).toBeUndefined();
  });

  it('skips a pending delivery with a reason', async () => {
    const [id] = await ledger.deliveries.createMany([row(await record())]);
    expect(await ledger.deliveries.markSkipped(id!, 'route removed')).toBe(true);
    expect(await ledger.deliveries.get(id!)).toMatchObject({
      status: 'skipped',
      lastError: 'route removed',
      errorCode: 'SKIPPED',
    });
    expect(await ledger.deliveries.resetForRetry(id!)).toBe(true);
  });

  it('supersedes older pending versions on the same destination and route only', async () => {
    const rec = await record(3);
    const ids = await ledger.deliveries.createMany([
      row(rec, { recordVersion: 1 }),
      row(rec, { recordVersion: 2 }),
      row(rec, { recordVersion: 3 }),
      row(rec, { recordVersion: 1, routeId: 'other-route' }),
      row(rec, { recordVersion: 1, routeId: 'to-crm', destinationConnectionId: 'crm' }),
    ]);
    await ledger.deliveries.markDone(ids[0]!, { targetId: 'T1' });
    expect(await ledger.deliveries.latestPendingVersion(rec, 'sales-to-erp')).toBe(3);

    expect(await ledger.deliveries.supersedeOlder(rec, 'erp', 'sales-to-erp', 3)).toBe(1);
    const statuses = await Promise.all(ids.map(async (id) => (await ledger.deliveries.get(id))?.status));
    expect(statuses).toEqual(['done', 'skipped', 'pending', 'pending', 'pending']);
    expect(await ledger.deliveries.get(ids[1]!)).toMatchObject({
      lastError: 'superseded by version 3',
      errorCode: 'SUPERSEDED',
    });
    expect(await ledger.deliveries.supersedeOlder(rec, 'erp', 'sales-to-erp', 3)).toBe(0);

    await ledger.deliveries.markDone(ids[2]!, { targetId: 'T1' });
    expect(await ledger.deliveries.latestPendingVersion(rec, 'sales-to-erp')).toBeUndefined();
    expect(await ledger.deliveries.latestPendingVersion(rec, 'other-route')).toBe(1);
  });

  it('pages pending ids by keyset, in id order, with destination', async () => {
    const { ledger: own, destroy } = await createTestLedger(dialect);
    try {
      const recs: string[] = [];
      for (let i = 0; i < 7; i += 1) {
        recs.push(
          (
            await own.records.upsert({
              kind: 'customer',
              originConnectionId: 'pos',
              externalId: `c${i}`,
              contentHash: 'h',
              data: {},
            })
          ).recordId,
        );
      }
      const ids = await own.deliveries.createMany(
        recs.map((r, i) => row(r, { destinationConnectionId: i % 2 ? 'crm' : 'erp' })),
      );
      await own.deliveries.markDone(ids[3]!, { targetId: 'x' });
      const expected = ids.filter((_, i) => i !== 3).sort();

      const seen: string[] = [];
      let afterId: string | undefined;
      for (;;) {
        const page = await own.deliveries.listPendingIds({ limit: 4, afterId });
        if (page.length === 0) break;
        expect(page.length).toBeLessThanOrEqual(4);
        for (const p of page) expect(p.destinationConnectionId).toBe(ids.indexOf(p.id) % 2 ? 'crm' : 'erp');
        seen.push(...page.map((p) => p.id));
        afterId = page[page.length - 1]!.id;
      }
      expect(seen).toEqual(expected);

      // updatedBefore: rows touched later than the bound are left out.
      await own.deliveries.recordFailure(expected[0]!, {
        error: 'x',
        code: null,
        now: new Date('2100-01-01T00:00:00Z'),
      });
      const stale = await own.deliveries.listPendingIds({
        limit: 100,
        updatedBefore: new Date('2099-01-01T00:00:00Z'),
      });
      expect(stale.map((p) => p.id)).toEqual(expected.slice(1));

      expect(await own.deliveries.countByStatus()).toEqual({ pending: 6, done: 1, dead: 0, skipped: 0 });
      expect(await own.deliveries.countByDestinationAndStatus()).toEqual([
        { destinationConnectionId: 'crm', status: 'done', count: 1 },
        { destinationConnectionId: 'crm', status: 'pending', count: 2 },
        { destinationConnectionId: 'erp', status: 'pending', count: 4 },
      ]);
    } finally {
      await destroy();
    }
  });

  it('lists with filters and groups dead deliveries by error', async () => {
    const destination = uid('erp');
    const recs = await Promise.all(Array.from({ length: 6 }, () => record()));
    const ids = await ledger.deliveries.createMany(
      recs.map((r) => row(r, { destinationConnectionId: destination })),
    );
    const errors: [string, string][] = [
      ['REJECTED', 'Customer 50% discount_limit exceeded'],
      ['REJECTED', 'Customer 50% discount_limit exceeded'],
      ['REJECTED', 'Customer 50% discount_limit exceeded'],
      ['MAPPING', 'lookup taxes.VAT missing'],
      ['REJECTED', 'unknown product SKU-1'],
    ];
    for (const [i, [code, error]] of errors.entries())
      await ledger.deliveries.markDead(ids[i]!, { error, code });

    expect(
      await ledger.deliveries.errorsGroupedByReason({ status: 'dead', destinationConnectionId: destination }),
    ).toEqual([
      { errorCode: 'REJECTED', lastError: 'Customer 50% discount_limit exceeded', count: 3 },
      { errorCode: 'MAPPING', lastError: 'lookup taxes.VAT missing', count: 1 },
      { errorCode: 'REJECTED', lastError: 'unknown product SKU-1', count: 1 },
    ]);

    const dead = await ledger.deliveries.list({
      destinationConnectionId: destination,
      status: 'dead',
      limit: 2,
    });
    expect(dead.total).toBe(5);
    expect(dead.items).toHaveLength(2);
    // Case-insensitive substring; % and _ in the needle are literal, not wildcards.
    const match = await ledger.deliveries.list({
      destinationConnectionId: destination,
      errorContains: '50% DISCOUNT_',
    });
    expect(match.total).toBe(3);
    expect(
      (await ledger.deliveries.list({ destinationConnectionId: destination, errorContains: '5_%' })).total,
    ).toBe(0);
    expect(
      (await ledger.deliveries.list({ recordId: recs[5], routeId: 'sales-to-erp' })).items.map((d) => d.id),
    ).toEqual([ids[5]]);
    expect(
      (await ledger.deliveries.list({ destinationConnectionId: destination, until: new Date(0) })).total,
    ).toBe(0);
    expect(
      (
        await ledger.deliveries.list({
          destinationConnectionId: destination,
          since: new Date(Date.now() - 60_000),
        })
      ).total,
    ).toBe(6);
  });

  it('reads every delivery of a set of records in bulk, across id chunks, optionally per route', async () => {
    // 620 records: more than one 500-id chunk. Every 7th also went to the CRM, a minute later.
    const recs = await Promise.all(Array.from({ length: 620 }, () => record()));
    const toCrm = recs.filter((_, i) => i % 7 === 0);
    const erpIds = await ledger.deliveries.createMany(
      recs.map((r) => row(r)),
      new Date('2025-07-01T10:00:00Z'),
    );
    const crmIds = await ledger.deliveries.createMany(
      toCrm.map((r) => row(r, { routeId: 'sales-to-crm', destinationConnectionId: 'crm' })),
      new Date('2025-07-01T10:01:00Z'),
    );
    await ledger.deliveries.markDone(erpIds[601]!, { targetId: 'INV-601' });

    // Duplicates are read once; an id with no delivery is still a key.
    const unknown = uid('rec');
    const all = await ledger.deliveries.listByRecordIds([...recs, unknown, recs[3]!, recs[610]!]);
    expect(all.size).toBe(621);
    expect(all.get(unknown)).toEqual([]);
    expect([...all.values()].reduce((n, rows) => n + rows.length, 0)).toBe(620 + toCrm.length);
    for (const [i, r] of recs.entries()) {
      const expected = i % 7 === 0 ? [crmIds[i / 7], erpIds[i]] : [erpIds[i]];
      // Newest first, as list() orders them.
      expect(all.get(r)!.map((d) => d.id)).toEqual(expected);
    }
    // Rows past the first chunk come back whole, with their state.
    expect(all.get(recs[601]!)).toEqual([
      expect.objectContaining({ recordId: recs[601], status: 'done', targetId: 'INV-601' }),
    ]);
    expect(all.get(recs[602]!)!.map((d) => [d.routeId, d.destinationConnectionId])).toEqual([
      ['sales-to-crm', 'crm'],
      ['sales-to-erp', 'erp'],
    ]);

    const crm = await ledger.deliveries.listByRecordIds(recs, { routeId: 'sales-to-crm' });
    expect(crm.size).toBe(620);
    expect([...crm.values()].flatMap((rows) => rows.map((d) => d.id)).sort()).toEqual([...crmIds].sort());
    expect(crm.get(recs[1]!)).toEqual([]);
    expect(await ledger.deliveries.listByRecordIds([])).toEqual(new Map());
  });

  it('absorbs concurrent createMany calls of overlapping rows', async () => {
    const other = dialect === 'postgres' ? await env.openAnother() : ledger;
    const destination = uid('erp');
    const recs = await Promise.all(Array.from({ length: 50 }, () => record()));
    const rows = recs.map((r) => row(r, { destinationConnectionId: destination }));
    const results = await Promise.all(
      [0, 1, 2, 3].map((i) => (i % 2 ? other : ledger).deliveries.createMany(rows)),
    );
    expect(new Set(results.map((r) => r.join()))).toEqual(new Set([results[0]!.join()]));
    expect((await ledger.deliveries.list({ destinationConnectionId: destination })).total).toBe(50);
  });
});
