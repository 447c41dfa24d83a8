import { HubHarness } from '../support/hub-harness';
import { expectExactlyOnce } from '../support/exactly-once';
import type { TestDialect } from '../support/test-env';

jest.setTimeout(300_000);

describe.each<TestDialect>(['sqlite', 'postgres'])(
  '1,000 sales reach the ERP exactly once on %s',
  (dialect) => {
    let harness: HubHarness;

    afterEach(async () => {
      await harness?.close();
    });

    it('delivers every sale once, totals equal to the minor unit', async () => {
      harness = await HubHarness.create({ dialect });
      const sent = harness.pos.generate(1000, { currency: 'USD' });
      await harness.start('all');

      await harness.waitForDone(1000, 180_000);

      expectExactlyOnce(harness.erp, sent);
      const ledger = await harness.ledger();
      expect(await ledger.deliveries.countByStatus()).toMatchObject({ done: 1000, dead: 0, pending: 0 });
    });
  },
);
