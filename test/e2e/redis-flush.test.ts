import { HubHarness } from '../support/hub-harness';
import { expectExactlyOnce } from '../support/exactly-once';
import { PrivateRedis } from '../support/redis-server';
import { waitUntil } from '../support/test-env';

jest.setTimeout(300_000);

describe('Redis loses every job in the middle of a run', () => {
  let redis: PrivateRedis;
  let harness: HubHarness;

  afterEach(async () => {
    await harness?.close();
    await redis?.stop();
  });

  it('rebuilds the queues from the ledger: exactly 1,000 after the relay runs', async () => {
    redis = await PrivateRedis.start();
    harness = await HubHarness.create({ dialect: 'sqlite', redisUrl: redis.url, relayIntervalMs: 1000 });
    const sent = harness.pos.generate(1000, { currency: 'JPY' });
    // Slow answers keep most deliveries queued when the flush hits.
    harness.erp.setFaults({ latencyMs: 15 });
    await harness.start('all');

    const ledger = await harness.ledger();
    await waitUntil(async () => (await ledger.deliveries.countByStatus()).done >= 150, {
      timeoutMs: 120_000,
    });
    await redis.flushAll();
    const afterFlush = await ledger.deliveries.countByStatus();
    expect(afterFlush.done).toBeLessThan(1000);

    await harness.waitForDone(1000, 180_000);
    expectExactlyOnce(harness.erp, sent);
  });
});
