import { LinkConflictError, type Ledger } from '../../../src/ledger';
import { DIALECTS, createTestLedger, uid, type TestLedger } from './ledger-test-db';

describe.each(DIALECTS)('links, quarantine, checkpoints, webhook events and audit on %s', (dialect) => {
  let env: TestLedger;
  let ledger: Ledger;

  beforeAll(async () => {
    env = await createTestLedger(dialect);
    ledger = env.ledger;
  });
  afterAll(() => env.destroy());

  async function customer(): Promise<string> {
    const r = await ledger.records.upsert({
      kind: 'customer',
      originConnectionId: 'pos',
      externalId: uid('cust'),
      contentHash: 'h',
      data: { name: 'A' },
    });
    return r.recordId;
  }

  describe('links', () => {
    it('upserts a link per (record, connection) and finds it both ways', async () => {
      const rec = await customer();
      const crm = uid('crm');
      const t1 = new Date('2025-01-01T00:00:00Z');
      await ledger.links.upsert(
        { recordId: rec, connectionId: crm, kind: 'customer', externalId: 'C-1', lastHash: 'h1' },
        t1,
      );
      expect(await ledger.links.get(rec, crm)).toEqual({
        recordId: rec,
        connectionId: crm,
        kind: 'customer',
        externalId: 'C-1',
        lastHash: 'h1',
        lastSyncedAt: t1.toISOString(),
      });

      await ledger.links.upsert({
        recordId: rec,
        connectionId: crm,
        kind: 'customer',
        externalId: 'C-1b',
        lastHash: 'h2',
      });
      expect(await ledger.links.get(rec, crm)).toMatchObject({ externalId: 'C-1b', lastHash: 'h2' });
      expect(await ledger.links.findByExternalId(crm, 'customer', 'C-1b')).toMatchObject({ recordId: rec });
      expect(await ledger.links.findByExternalId(crm, 'customer', 'C-1')).toBeUndefined();

      await ledger.links.upsert({
        recordId: rec,
        connectionId: 'erp',
        kind: 'customer',
        externalId: 'E-9',
        lastHash: null,
      });
      expect((await ledger.links.listForRecord(rec)).map((l) => [l.connectionId, l.externalId])).toEqual(
        [
          [crm, 'C-1b'],
          ['erp', 'E-9'],
        ].sort((a, b) => a[0]!.localeCompare(b[0]!)),
      );
    });

    it('refuses to link two records to one external id on one connection', async () => {
      const a = await customer();
      const b = await customer();
      const crm = uid('crm');
      await ledger.links.upsert({
        recordId: a,
        connectionId: crm,
        kind: 'customer',
        externalId: 'SAME',
        lastHash: null,
      });
      const attempt = ledger.links.upsert({
        recordId: b,
        connectionId: crm,
        kind: 'customer',
        externalId: 'SAME',
        lastHash: null,
      });
      await expect(attempt).rejects.toBeInstanceOf(LinkConflictError);
      await expect(attempt).rejects.toMatchObject({
        code: 'LINK_CONFLICT',
        connectionId: crm,
        externalId: 'SAME',
      });
      expect(await ledger.links.get(b, crm)).toBeUndefined();
      // The same external id on another connection or of another kind is fine.
      await ledger.links.upsert({
        recordId: b,
        connectionId: uid('crm'),
        kind: 'customer',
        externalId: 'SAME',
        lastHash: null,
      });
      await ledger.links.upsert({
        recordId: b,
        connectionId: crm,
        kind: 'product',
        externalId: 'SAME',
        lastHash: null,
      });
    });
  });

  describe('quarantine', () => {
    it('keeps one row per distinct payload and reopens it when it fails again after resolve', async () => {
      const conn = uid('pos');
      const payload = { id: 'S-1', total: 'abc' };
      const id = await ledger.quarantine.add({
        connectionId: conn,
        stream: 'sales',
        externalId: 'S-1',
        reason: 'bad total',
        payload,
      });
      expect(
        await ledger.quarantine.add({ connectionId: conn, stream: 'sales', reason: 'still bad', payload }),
      ).toBe(id);
      const other = await ledger.quarantine.add({
        connectionId: conn,
        stream: 'sales',
        reason: 'x',
        payload: { id: 'S-2' },
      });
      expect(other).not.toBe(id);
      // Same payload on another stream is a different entry.
      expect(
        await ledger.quarantine.add({ connectionId: conn, stream: 'refunds', reason: 'x', payload }),
      ).not.toBe(id);

      const open = await ledger.quarantine.list({ connectionId: conn, limit: 10, offset: 0 });
      expect(open.total).toBe(3);
      const entry = open.items.find((i) => i.id === id);
      expect(entry).toMatchObject({
        stream: 'sales',
        externalId: 'S-1',
        reason: 'still bad',
        payload,
        resolvedAt: null,
      });
      expect(entry?.payloadHash).toMatch(/^[0-9a-f]{64}$/);

      const countBefore = await ledger.quarantine.count();
      expect(await ledger.quarantine.resolve(id)).toBe(true);
      expect(await ledger.quarantine.resolve(id)).toBe(false);
      expect(await ledger.quarantine.count()).toBe(countBefore - 1);
      expect((await ledger.quarantine.list({ connectionId: conn })).total).toBe(2);
      const all = await ledger.quarantine.list({ connectionId: conn, includeResolved: true, limit: 1 });
      expect(all.total).toBe(3);
      expect(all.items).toHaveLength(1);

      expect(
        await ledger.quarantine.add({ connectionId: conn, stream: 'sales', reason: 'broke again', payload }),
      ).toBe(id);
      expect(await ledger.quarantine.get(id)).toMatchObject({ resolvedAt: null, reason: 'broke again' });
    });

    it('absorbs concurrent adds of the same payload', async () => {
      const other = dialect === 'postgres' ? await env.openAnother() : ledger;
      const conn = uid('pos');
      const ids = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          (i % 2 ? other : ledger).quarantine.add({
            connectionId: conn,
            stream: 's',
            reason: 'r',
            payload: { n: 1 },
          }),
        ),
      );
      expect(new Set(ids).size).toBe(1);
      expect((await ledger.quarantine.list({ connectionId: conn })).total).toBe(1);
    });
  });

  it('stores, overwrites, lists and resets checkpoints', async () => {
    const conn = uid('pos');
    expect(await ledger.checkpoints.get(conn, 'sales')).toBeNull();
    await ledger.checkpoints.set(conn, 'sales', 'page-1');
    await ledger.checkpoints.set(conn, 'sales', 'page-2');
    await ledger.checkpoints.set(conn, 'customers', null);
    expect(await ledger.checkpoints.get(conn, 'sales')).toBe('page-2');
    expect(
      (await ledger.checkpoints.list())
        .filter((c) => c.connectionId === conn)
        .map((c) => [c.stream, c.cursor]),
    ).toEqual([
      ['customers', null],
      ['sales', 'page-2'],
    ]);
    expect(await ledger.checkpoints.reset(conn, 'sales')).toBe(true);
    expect(await ledger.checkpoints.reset(conn, 'sales')).toBe(false);
    expect(await ledger.checkpoints.get(conn, 'sales')).toBeNull();
  });

  it('records a webhook event id once', async () => {
    const conn = uid('pos');
    expect(await ledger.webhookEvents.recordOnce(conn, 'evt-1', new Date('2020-01-01T00:00:00Z'))).toBe(true);
    expect(await ledger.webhookEvents.recordOnce(conn, 'evt-1')).toBe(false);
    expect(await ledger.webhookEvents.recordOnce(uid('pos'), 'evt-1')).toBe(true);
    expect(
      await ledger.webhookEvents.purgeOlderThan(new Date('2021-01-01T00:00:00Z')),
    ).toBeGreaterThanOrEqual(1);
    expect(await ledger.webhookEvents.recordOnce(conn, 'evt-1')).toBe(true);
  });

  it('appends audit entries and lists them newest first', async () => {
    const target = uid('delivery');
    const first = await ledger.audit.append({
      actor: 'admin',
      action: 'delivery.retry',
      target,
      details: { from: 'dead' },
    });
    const second = await ledger.audit.append({ actor: 'cli', action: 'connection.pause', target });
    expect(second).toBeGreaterThan(first);
    const page = await ledger.audit.list({ limit: 2, offset: 0 });
    expect(page.total).toBeGreaterThanOrEqual(2);
    expect(page.items.map((i) => [i.id, i.action, i.details])).toEqual([
      [second, 'connection.pause', null],
      [first, 'delivery.retry', { from: 'dead' }],
    ]);
  });
});
