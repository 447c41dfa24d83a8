import type { Ledger, RecordUpsertInput } from '../../../src/ledger';
import { recordId } from '../../../src/ledger';
import { DIALECTS, createTestLedger, uid, type TestLedger } from './ledger-test-db';

function input(overrides: Partial<RecordUpsertInput> = {}): RecordUpsertInput {
  return {
    kind: 'transaction',
    originConnectionId: 'pos-1',
    externalId: uid('sale'),
    contentHash: 'h1',
    data: { total: { amount: 1250, currency: 'USD' } },
    ...overrides,
  };
}

describe.each(DIALECTS)('RecordsRepository on %s', (dialect) => {
  let env: TestLedger;
  let ledger: Ledger;

  beforeAll(async () => {
    env = await createTestLedger(dialect);
    ledger = env.ledger;
  });
  afterAll(() => env.destroy());

  it("lists a customer's current transactions, and a transaction that changes customer moves with it", async () => {
    const customer = uid('cust');
    const other = uid('cust');
    const a = input({ customerExternalId: customer, contentHash: 'a1', data: { n: 'a1' } });
    const b = input({ customerExternalId: customer, contentHash: 'b1', data: { n: 'b1' } });
    await ledger.records.upsert(a);
    await ledger.records.upsert(b);
    await ledger.records.upsert({ ...a, contentHash: 'a2', data: { n: 'a2' } });
    await ledger.records.upsert(input({ customerExternalId: other, contentHash: 'c1', data: { n: 'c1' } }));
    await ledger.records.upsert(
      input({ kind: 'customer', externalId: customer, customerExternalId: customer }),
    );
    const list = async (id: string) =>
      (
        await ledger.records.listCurrentForCustomer({
          kind: 'transaction',
          originConnectionId: 'pos-1',
          customerExternalId: id,
        })
      )
        .map((r) => (r.data as { n: string }).n)
        .sort();
    expect(await list(customer)).toEqual(['a2', 'b1']);
    await ledger.records.upsert({ ...b, customerExternalId: other, contentHash: 'b2', data: { n: 'b2' } });
    expect(await list(customer)).toEqual(['a2']);
    expect(await list(other)).toEqual(['b2', 'c1']);
  });

  it('reads the current versions of records by external id, across id chunks, in one origin only', async () => {
    const origin = uid('pos');
    const first = input({ originConnectionId: origin, contentHash: 'f1', data: { n: 'f1' } });
    const middle = input({ originConnectionId: origin, data: { n: 'm1' } });
    const last = input({ originConnectionId: origin, data: { n: 'l1' } });
    for (const r of [first, middle, last]) await ledger.records.upsert(r);
    await ledger.records.upsert({ ...first, contentHash: 'f2', data: { n: 'f2' } });
    // Same external id under another origin and another kind: not ours.
    await ledger.records.upsert(input({ externalId: middle.externalId, data: { n: 'other origin' } }));
    await ledger.records.upsert(
      input({ kind: 'customer', originConnectionId: origin, externalId: last.externalId, data: { n: 'c' } }),
    );

    // 505 ids, so the three known ones sit in both chunks (positions 0, 250 and 504).
    const ids = Array.from({ length: 505 }, () => uid('missing'));
    ids[0] = first.externalId;
    ids[250] = middle.externalId;
    ids[504] = last.externalId;
    const found = await ledger.records.listCurrentByExternalIds({
      kind: 'transaction',
      originConnectionId: origin,
      externalIds: [...ids, first.externalId],
    });
    expect(found.map((r) => [r.externalId, r.version, (r.data as { n: string }).n]).sort()).toEqual(
      [
        [first.externalId, 2, 'f2'],
        [middle.externalId, 1, 'm1'],
        [last.externalId, 1, 'l1'],
      ].sort(),
    );
    expect(
      await ledger.records.listCurrentByExternalIds({
        kind: 'transaction',
        originConnectionId: origin,
        externalIds: [],
      }),
    ).toEqual([]);
  });

  it('lockKey refuses outside a transaction and, on PostgreSQL, serialises holders of one key', async () => {
    await expect(ledger.lockKey('k')).rejects.toThrow('lockKey needs a transaction');
    const order: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const key = uid('key');
    const first = ledger.transaction(async (tx) => {
      await tx.lockKey(key);
      order.push('first in');
      await held;
      order.push('first out');
    });
    await new Promise((r) => setTimeout(r, 50));
    // On SQLite the second transaction waits for the write lock itself (BEGIN IMMEDIATE).
    const second = ledger.transaction(async (tx) => {
      await tx.lockKey(key);
      order.push('second in');
    });
    await new Promise((r) => setTimeout(r, 100));
    release();
    await Promise.all([first, second]);
    expect(order).toEqual(['first in', 'first out', 'second in']);
  });

  it('stores version 1, then a new version only when the content hash changes', async () => {
    const first = input({ occurredAt: '2025-01-02T03:04:05.000Z', sourceVersion: 'etag-1' });
    const id = recordId(first.kind, first.originConnectionId, first.externalId);

    expect(await ledger.records.upsert(first)).toEqual({
      recordId: id,
      version: 1,
      changed: true,
      stale: false,
    });
    expect(await ledger.records.upsert(first)).toEqual({
      recordId: id,
      version: 1,
      changed: false,
      stale: false,
    });

    const second = { ...first, contentHash: 'h2', data: { total: { amount: 1300, currency: 'USD' } } };
    expect(await ledger.records.upsert(second)).toEqual({
      recordId: id,
      version: 2,
      changed: true,
      stale: false,
    });

    const row = await ledger.records.get(id);
    expect(row).toMatchObject({
      id,
      kind: 'transaction',
      originConnectionId: 'pos-1',
      externalId: first.externalId,
      version: 2,
      contentHash: 'h2',
      sourceVersion: 'etag-1',
      occurredAt: '2025-01-02T03:04:05.000Z',
    });
    expect(await ledger.records.findByExternalId('transaction', 'pos-1', first.externalId)).toEqual(row);
    expect(await ledger.records.findByExternalId('customer', 'pos-1', first.externalId)).toBeUndefined();

    const v1 = await ledger.records.getVersion(id, 1);
    expect(v1).toMatchObject({ recordId: id, version: 1, contentHash: 'h1', kind: 'transaction' });
    expect(v1?.data).toEqual({ total: { amount: 1250, currency: 'USD' } });
    expect((await ledger.records.getVersion(id, 2))?.data).toEqual(second.data);
    expect(await ledger.records.getVersion(id, 3)).toBeUndefined();
    expect((await ledger.records.history(id)).map((v) => [v.version, v.contentHash])).toEqual([
      [1, 'h1'],
      [2, 'h2'],
    ]);
  });

  it('ignores an input whose updatedAt is older than the stored one (stale guard)', async () => {
    const base = input({ updatedAt: '2025-03-01T10:00:00Z' });
    const { recordId: id } = await ledger.records.upsert(base);

    const older = await ledger.records.upsert({
      ...base,
      contentHash: 'old',
      updatedAt: '2025-03-01T09:59:59Z',
    });
    expect(older).toEqual({ recordId: id, version: 1, changed: false, stale: true });
    expect((await ledger.records.get(id))?.contentHash).toBe('h1');

    // Same instant in another offset is not older; a newer one wins.
    const sameInstant = await ledger.records.upsert({
      ...base,
      contentHash: 'same-instant',
      updatedAt: '2025-03-01T12:00:00+02:00',
    });
    expect(sameInstant).toMatchObject({ version: 2, changed: true });
    const newer = await ledger.records.upsert({
      ...base,
      contentHash: 'new',
      updatedAt: '2025-03-02T00:00:00Z',
    });
    expect(newer).toMatchObject({ version: 3, changed: true });
    expect((await ledger.records.get(id))?.sourceUpdatedAt).toBe('2025-03-02T00:00:00.000Z');

    // Without updatedAt on the input there is nothing to compare: content decides.
    const undated = await ledger.records.upsert({ ...base, contentHash: 'undated', updatedAt: undefined });
    expect(undated).toMatchObject({ version: 4, changed: true });
  });

  it('rejects an updatedAt that is not a date', async () => {
    await expect(ledger.records.upsert(input({ updatedAt: 'yesterday' }))).rejects.toThrow(
      /not an ISO date-time/,
    );
  });

  it('gives concurrent upserts of one key consecutive versions, without errors', async () => {
    const key = input();
    const id = recordId(key.kind, key.originConnectionId, key.externalId);
    // On PostgreSQL two independent pools, so the writers really run on separate connections.
    // SQLite gets one handle per process (better-sqlite3 is synchronous: a second handle in the same
    // process would block the event loop waiting for a lock held by the first); see the
    // multi-process suite for SQLite across processes.
    const other = dialect === 'postgres' ? await env.openAnother() : ledger;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 === 0 ? ledger : other).records.upsert({ ...key, contentHash: `c${i}`, data: { i } }),
      ),
    );
    expect(results.every((r) => r.changed && r.recordId === id)).toBe(true);
    expect(results.map((r) => r.version).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 1),
    );

    const history = await ledger.records.history(id);
    expect(history.map((h) => h.version)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    // Every version row holds the data of the writer that got that version number.
    for (const r of results) {
      const i = Number(results.indexOf(r));
      expect(history[r.version - 1]).toMatchObject({ contentHash: `c${i}`, data: { i } });
    }
    expect((await ledger.records.get(id))?.version).toBe(20);
  });

  it('counts records, optionally per kind', async () => {
    const origin = uid('origin');
    const before = await ledger.records.count();
    const beforeCustomers = await ledger.records.count('customer');
    await ledger.records.upsert(input({ originConnectionId: origin }));
    await ledger.records.upsert(input({ originConnectionId: origin, kind: 'customer' }));
    await ledger.records.upsert(input({ originConnectionId: origin, kind: 'customer' }));
    expect(await ledger.records.count()).toBe(before + 3);
    expect(await ledger.records.count('customer')).toBe(beforeCustomers + 2);
  });

  it('rolls back everything written in a transaction that throws', async () => {
    const key = input();
    const id = recordId(key.kind, key.originConnectionId, key.externalId);
    const connection = uid('conn');
    await expect(
      ledger.transaction(async (tx) => {
        await tx.records.upsert(key);
        await tx.deliveries.createMany([
          {
            recordId: id,
            recordVersion: 1,
            routeId: 'r1',
            destinationConnectionId: 'erp',
            entity: 'invoice',
          },
        ]);
        await tx.checkpoints.set(connection, 'sales', 'cursor-1');
        // A nested call reuses the same transaction, so its write is rolled back too.
        await tx.transaction((inner) => inner.audit.append({ actor: 't', action: 'a', target: connection }));
        expect(await tx.records.get(id)).toBeDefined();
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');

    expect(await ledger.records.get(id)).toBeUndefined();
    expect(await ledger.records.history(id)).toEqual([]);
    expect((await ledger.deliveries.list({ recordId: id })).total).toBe(0);
    expect(await ledger.checkpoints.get(connection, 'sales')).toBeNull();
    expect((await ledger.audit.list({ limit: 1000 })).items.some((a) => a.target === connection)).toBe(false);
  });

  it('commits a transaction that succeeds and returns its value', async () => {
    const key = input();
    const result = await ledger.transaction(async (tx) => {
      expect(tx.inTransaction).toBe(true);
      await expect(tx.close()).rejects.toThrow(/inside a transaction/);
      await tx.ping();
      return tx.records.upsert(key);
    });
    expect(result.version).toBe(1);
    expect(await ledger.records.get(result.recordId)).toBeDefined();
    expect(ledger.inTransaction).toBe(false);
    await expect(ledger.ping()).resolves.toBeUndefined();
  });
});
