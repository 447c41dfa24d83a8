import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { AuthError, RateGovernor, RateLimitedError, TransientError } from '../../src/sdk';
import { connect, readAll } from '../fakes/connector-harness';
import { fakePos } from '../fakes/fake-pos/fake-pos.connector';
import { FakePosServer, type FakePosTransaction } from '../fakes/fake-pos/fake-pos.server';

describe('fake-pos server + connector over real HTTP', () => {
  let server: FakePosServer;
  let redis: Redis;
  const prefix = `test:fakes-pos:${randomUUID()}`;

  beforeAll(async () => {
    server = await FakePosServer.start({ seed: 42, apiKey: 'pos-key-1234' });
    redis = new Redis({ host: '127.0.0.1', port: 6379 });
  });

  afterAll(async () => {
    await server.close();
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  afterEach(() => server.setFaults({}));

  const config = (extra: object = {}) => ({ baseUrl: server.url, apiKey: 'pos-key-1234', ...extra });
  const ids = (pages: { records: readonly { externalId: string }[] }[]) =>
    pages.flatMap((p) => p.records.map((r) => r.externalId));

  let generated: FakePosTransaction[] = [];
  let endCursor: string | null = null;

  it('check() passes with a good key', async () => {
    await expect(connect(fakePos, config()).check()).resolves.toEqual({
      ok: true,
      message: `connected to ${server.url}`,
    });
  });

  it('pages through every transaction in seq order, and resumes from a page cursor', async () => {
    generated = server.generate(250, { currency: 'USD', refundRatio: 0.2 });
    const pos = connect(fakePos, config({ pageSize: 100 }));
    const pages = await readAll(pos, 'transactions', null);
    expect(pages.map((p) => p.records.length)).toEqual([100, 100, 50]);
    expect(ids(pages)).toEqual(generated.map((t) => t.id));
    expect(pages.map((p) => Number(p.cursor))).toEqual([
      generated[99].seq,
      generated[199].seq,
      generated[249].seq,
    ]);
    expect(pages[0].records[0]).toEqual({ externalId: generated[0].id, version: '1', data: generated[0] });
    endCursor = pages[2].cursor;

    const resumed = await readAll(pos, 'transactions', pages[0].cursor);
    expect(ids(resumed)).toEqual(generated.slice(100).map((t) => t.id));
    expect(await readAll(pos, 'transactions', endCursor)).toEqual([]);
  });

  it('an updated transaction reappears after the cursor with version + 1', async () => {
    const target = generated[10];
    server.update(target.id, { receipt_no: 'S1-EDITED' });
    const pages = await readAll(connect(fakePos, config()), 'transactions', endCursor);
    expect(pages).toHaveLength(1);
    const [record] = pages[0].records;
    expect(record.externalId).toBe(target.id);
    expect(record.version).toBe('2');
    expect(record.data).toMatchObject({ id: target.id, version: 2, receipt_no: 'S1-EDITED' });
    expect(Number(pages[0].cursor)).toBeGreaterThan(Number(endCursor));
    // The feed holds the latest state only: a full re-read still has 250 records.
    expect(
      ids(await readAll(connect(fakePos, config({ pageSize: 500 })), 'transactions', null)),
    ).toHaveLength(250);
  });

  it('reads customers and fetches records by id, skipping missing ones', async () => {
    const pos = connect(fakePos, config());
    const customers = ids(await readAll(pos, 'customers', null));
    expect(customers).toEqual(['C0001', 'C0002', 'C0003', 'C0004', 'C0005']);
    const fetched = await pos.fetch!('transactions', [generated[3].id, 'T999999']);
    expect(fetched.map((r) => r.externalId)).toEqual([generated[3].id]);
    const customer = await pos.fetch!('customers', ['C0002']);
    expect(customer[0].data).toMatchObject({ id: 'C0002', first_name: expect.any(String) });
  });

  it('delivers malformed changes as records so the pipeline can quarantine them', async () => {
    const before = (await readAll(connect(fakePos, config()), 'transactions', null)).at(-1)!.cursor;
    server.add({ id: 'T-BROKEN', type: 'SALE', total: 'not money' });
    server.add('garbage');
    const pages = await readAll(connect(fakePos, config()), 'transactions', before);
    const records = pages.flatMap((p) => p.records);
    expect(records.map((r) => r.externalId)).toEqual(['T-BROKEN', expect.stringMatching(/^unidentified-/)]);
    expect(records[1].data).toBe('garbage');
  });

  it('answers 400 for an invalid limit or cursor', async () => {
    const headers = { authorization: 'Bearer pos-key-1234' };
    const bad = await fetch(`${server.url}/v1/transactions?limit=501`, { headers });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: 'INVALID_LIMIT' } });
    expect((await fetch(`${server.url}/v1/transactions?limit=0`, { headers })).status).toBe(400);
    expect((await fetch(`${server.url}/v1/transactions?cursor=abc`, { headers })).status).toBe(400);
  });

  it('a bad key fails check() and makes read() throw AuthError', async () => {
    const pos = connect(fakePos, config({ apiKey: 'wrong-key' }));
    await expect(pos.check()).resolves.toMatchObject({ ok: false });
    await expect(readAll(pos, 'transactions', null)).rejects.toBeInstanceOf(AuthError);
  });

  it('429 becomes RateLimitedError with the Retry-After wait, and blocks the governor', async () => {
    const governor = new RateGovernor(redis, prefix);
    const pos = connect(fakePos, config(), { governor }, 'pos-429');
    server.setFaults({ rateLimitRate: 1, retryAfterSeconds: 3 });
    const err = await readAll(pos, 'transactions', null).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitedError);
    expect((err as RateLimitedError).retryAfterMs).toBe(3000);
    const blocked = await governor.blockedFor('pos-429');
    expect(blocked).toBeGreaterThan(2500);
    expect(blocked).toBeLessThanOrEqual(3000);

    server.setFaults({ rateLimitRate: 1, retryAfterSeconds: 'http-date' });
    const dated = await readAll(connect(fakePos, config()), 'transactions', null).catch((e: unknown) => e);
    expect((dated as RateLimitedError).retryAfterMs).toBeGreaterThan(0);
    expect((dated as RateLimitedError).retryAfterMs).toBeLessThanOrEqual(2000);
  });

  it('500 and timeouts become TransientError', async () => {
    server.setFaults({ errorRate: 1 });
    await expect(readAll(connect(fakePos, config()), 'transactions', null)).rejects.toBeInstanceOf(
      TransientError,
    );
    server.setFaults({ timeoutRate: 1 });
    const started = Date.now();
    const err = await readAll(connect(fakePos, config({ timeoutMs: 200 })), 'transactions', null).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(TransientError);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(server.stats().timeouts).toBeGreaterThanOrEqual(1);
  });

  it('fault injection is reproducible for a seed', async () => {
    const headers = { authorization: 'Bearer pos-key-1234' };
    const sample = async () => {
      server.setFaults({ errorRate: 0.5, seed: 7 });
      const statuses: number[] = [];
      for (let i = 0; i < 20; i += 1)
        statuses.push((await fetch(`${server.url}/v1/customers`, { headers })).status);
      return statuses;
    };
    const first = await sample();
    expect(await sample()).toEqual(first);
    expect(new Set(first)).toEqual(new Set([200, 500]));
  });
});

describe('fake-pos generator', () => {
  it('is deterministic for a seed and differs across seeds', async () => {
    const [a, b, c] = await Promise.all([
      FakePosServer.start({ seed: 9 }),
      FakePosServer.start({ seed: 9 }),
      FakePosServer.start({ seed: 10 }),
    ]);
    try {
      const options = { currency: 'KWD', refundRatio: 0.3, customers: 3, locations: ['K1'] };
      const first = a.generate(40, options);
      expect(b.generate(40, options)).toEqual(first);
      expect(c.generate(40, options)).not.toEqual(first);
      expect(first.some((t) => t.type === 'REFUND')).toBe(true);
      expect(first.every((t) => t.store_id === 'K1' && /^\d+\.\d{3}$/.test(t.total))).toBe(true);
    } finally {
      await Promise.all([a.close(), b.close(), c.close()]);
    }
  });
});
