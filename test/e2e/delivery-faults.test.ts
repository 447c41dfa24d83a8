import { HubHarness } from '../support/hub-harness';
import { expectExactlyOnce } from '../support/exactly-once';

jest.setTimeout(600_000);

describe('a sink that fails, throttles and loses answers', () => {
  let harness: HubHarness;

  afterEach(async () => {
    await harness?.close();
  });

  it('still gets each of 1,000 sales exactly once with 30% 500s and 10% 429 + Retry-After; none dead', async () => {
    harness = await HubHarness.create({ dialect: 'sqlite', attempts: 25, backoffMs: 20, maxBackoffMs: 500 });
    const sent = harness.pos.generate(1000, { currency: 'VND' });
    harness.erp.setFaults({ errorRate: 0.3, rateLimitRate: 0.1, retryAfterSeconds: 1, seed: 11 });
    await harness.start('all');

    await harness.waitForDone(1000, 480_000);

    expectExactlyOnce(harness.erp, sent);
    const ledger = await harness.ledger();
    const counts = await ledger.deliveries.countByStatus();
    expect(counts).toMatchObject({ done: 1000, dead: 0 });
    const stats = harness.erp.stats();
    // The faults really happened: hundreds of 500s and 429s were answered.
    expect(stats.errors).toBeGreaterThan(200);
    expect(stats.rateLimited).toBeGreaterThan(50);
  });

  it('does not duplicate when the sink commits a write and then answers 500', async () => {
    harness = await HubHarness.create({ dialect: 'sqlite', attempts: 25, backoffMs: 20, maxBackoffMs: 500 });
    const sent = harness.pos.generate(300, { currency: 'KWD' });
    harness.erp.setFaults({ failAfterCommitRate: 0.3, seed: 5 });
    await harness.start('all');

    await harness.waitForDone(300, 240_000);

    expectExactlyOnce(harness.erp, sent);
    expect(harness.erp.stats().failedAfterCommit).toBeGreaterThan(30);
  });
});
