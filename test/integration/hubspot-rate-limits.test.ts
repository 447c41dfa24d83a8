import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { contactPayload, item, salePayload, simInstance } from '../../connectors/hubspot/hubspot.spec-helper';
import { HubSpotSimulator } from '../../connectors/hubspot/simulator/hubspot-simulator';
import { RateGovernor, type BatchItem, type ConnectorInstance } from '../../src/sdk';

/** Runs `tasks` with `width` in flight at once, like several hub workers sharing one connection. */
async function pool<T>(width: number, tasks: (() => Promise<T>)[]): Promise<T[]> {
  const out: T[] = new Array<T>(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < tasks.length) {
        const i = next++;
        out[i] = await tasks[i]!();
      }
    }),
  );
  return out;
}

function batches(items: BatchItem[], size: number): BatchItem[][] {
  const out: BatchItem[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

describe('hubspot pacing under the Free/Starter limit with the real rate governor', () => {
  const prefix = `test:hubspot-rate:${randomUUID()}`;
  let redis: Redis;
  let sim: HubSpotSimulator;

  beforeAll(async () => {
    redis = new Redis({ host: '127.0.0.1', port: 6379 });
    sim = await HubSpotSimulator.start({ seed: 3, limits: { tenSecondly: 100 } });
  });
  afterAll(async () => {
    await sim.close();
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  it('writes 1,000 contacts and 300 deals in about 160 calls with at most a handful of 429s, losing nothing', async () => {
    const governor = new RateGovernor(redis, prefix);
    const hs: ConnectorInstance = simInstance(sim, {}, { governor }, { connectionId: `hs-${randomUUID()}` });
    const contacts = Array.from({ length: 1000 }, (_, n) => item(contactPayload(n), `poshub:c-${n}`));
    const contactResults = (
      await pool(
        4,
        batches(contacts, 20).map((b) => () => hs.writeBatch!('contact', b)),
      )
    ).flat();
    expect(contactResults.every((r) => r.ok)).toBe(true);
    const contactIds = contactResults.map((r) => (r.ok ? r.result.externalId : ''));

    const deals = Array.from({ length: 300 }, (_, n) => item(salePayload(n, contactIds[n]), `poshub:s-${n}`));
    const dealResults = (
      await pool(
        4,
        batches(deals, 10).map((b) => () => hs.writeBatch!('deal', b)),
      )
    ).flat();
    expect(dealResults.every((r) => r.ok)).toBe(true);

    expect(sim.objects('contacts')).toHaveLength(1000);
    expect(sim.objects('deals')).toHaveLength(300);
    expect(sim.objects('line_items')).toHaveLength(600);
    expect(sim.duplicates()).toBe(0);
    expect(sim.counters.requests).toBeGreaterThan(150);
    const limited = sim.counters.rateLimited;
    expect(limited.TEN_SECONDLY_ROLLING + limited.DAILY + limited.SECONDLY).toBeLessThanOrEqual(5);
  }, 90_000);
});
