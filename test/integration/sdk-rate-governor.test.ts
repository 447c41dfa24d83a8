import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { RateGovernor, RateWaitAbortedError } from '../../src/sdk/rate-governor';

describe('RateGovernor (real Redis)', () => {
  const prefix = `test:governor:${randomUUID()}`;
  let a: Redis;
  let b: Redis;

  beforeAll(() => {
    a = new Redis({ host: '127.0.0.1', port: 6379, lazyConnect: false });
    b = new Redis({ host: '127.0.0.1', port: 6379, lazyConnect: false });
  });

  afterAll(async () => {
    const keys = await a.keys(`${prefix}:*`);
    if (keys.length > 0) await a.del(...keys);
    a.disconnect();
    b.disconnect();
  });

  it('shares one budget across two governors on separate clients', async () => {
    const g1 = new RateGovernor(a, prefix);
    const g2 = new RateGovernor(b, prefix);
    const policy = { requestsPerSecond: 20, burst: 5 };
    const started = Date.now();
    const stamps: number[] = [];
    // 25 requests at 20/s after a burst of 5 need at least (25 - 5) / 20 s = 1 s in total.
    await Promise.all(
      Array.from({ length: 25 }, async (_, i) => {
        await (i % 2 === 0 ? g1 : g2).acquire('conn-shared', policy);
        stamps.push(Date.now() - started);
      }),
    );
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(950);
    expect(elapsed).toBeLessThan(3000);
    // Within any window after the burst, grants never exceed the rate by more than the burst.
    const firstSecond = stamps.filter((t) => t < 500).length;
    expect(firstSecond).toBeLessThanOrEqual(5 + 11);
  });

  it('grants the burst at once and reports the wait', async () => {
    const g = new RateGovernor(a, prefix);
    // A slow refill (one token per 500 ms), so a slow machine between the calls cannot refill the
    // bucket before the fourth.
    const policy = { requestsPerSecond: 2, burst: 3 };
    const waits: number[] = [];
    for (let i = 0; i < 4; i += 1) waits.push(await g.acquire('conn-burst', policy));
    expect(waits.slice(0, 3)).toEqual([0, 0, 0]);
    expect(waits[3]).toBeGreaterThanOrEqual(250);
  });

  it('keeps connections apart', async () => {
    const g = new RateGovernor(a, prefix);
    const policy = { requestsPerSecond: 1, burst: 1 };
    expect(await g.acquire('conn-x', policy)).toBe(0);
    expect(await g.acquire('conn-y', policy)).toBe(0);
  });

  it('block() delays every acquire for the connection and is never shortened', async () => {
    const g1 = new RateGovernor(a, prefix);
    const g2 = new RateGovernor(b, prefix);
    const policy = { requestsPerSecond: 1000, burst: 100 };
    await g1.block('conn-blocked', 400);
    await g1.block('conn-blocked', 50); // shorter: ignored
    const remaining = await g2.blockedFor('conn-blocked');
    expect(remaining).toBeGreaterThan(300);
    expect(remaining).toBeLessThanOrEqual(400);
    const started = Date.now();
    const waited = await g2.acquire('conn-blocked', policy);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(waited).toBeGreaterThanOrEqual(300);
    expect(await g1.blockedFor('conn-blocked')).toBe(0);
    expect(await g1.blockedFor('conn-never')).toBe(0);
  });

  it('stops waiting when the signal aborts', async () => {
    const g = new RateGovernor(a, prefix);
    await g.block('conn-abort', 5000);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    await expect(
      g.acquire('conn-abort', { requestsPerSecond: 1, burst: 1 }, controller.signal),
    ).rejects.toBeInstanceOf(RateWaitAbortedError);
  });

  it('rejects a nonsensical policy', async () => {
    const g = new RateGovernor(a, prefix);
    await expect(g.acquire('c', { requestsPerSecond: 0, burst: 1 })).rejects.toThrow(RangeError);
  });
});
