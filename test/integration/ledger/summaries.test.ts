import type { Ledger } from '../../../src/ledger';
import { DIALECTS, createTestLedger, uid, type TestLedger } from './ledger-test-db';

describe.each(DIALECTS)('SummariesRepository on %s', (dialect) => {
  let env: TestLedger;
  let ledger: Ledger;

  beforeAll(async () => {
    env = await createTestLedger(dialect);
    ledger = env.ledger;
  });
  afterAll(() => env.destroy());

  it('tells which document counted which version of each sale, per route', async () => {
    const route = uid('route');
    const [a, b, c, late] = ['a', 'b', 'c', 'late'].map((n) => uid(n));
    await ledger.summaries.assign(route, 'L1@2025-03-01', [
      { recordId: a, version: 1 },
      { recordId: b, version: 1 },
    ]);
    // A rebuild of the open day counts a's new version; a late sale goes into an adjustment.
    await ledger.summaries.assign(route, 'L1@2025-03-01', [
      { recordId: a, version: 2 },
      { recordId: b, version: 1 },
    ]);
    await ledger.summaries.assign(route, 'L1@2025-03-01#1', [{ recordId: late, version: 3 }]);
    await ledger.summaries.assign(uid('other-route'), 'L1@2025-03-01', [{ recordId: c, version: 1 }]);

    const by = await ledger.summaries.countedBy(route, [a, b, c, late]);
    expect(Object.fromEntries(by)).toEqual({
      [a]: { version: 2, summaryExternalId: 'L1@2025-03-01' },
      [b]: { version: 1, summaryExternalId: 'L1@2025-03-01' },
      [late]: { version: 3, summaryExternalId: 'L1@2025-03-01#1' },
    });
    expect(Object.fromEntries(await ledger.summaries.counted(route, [a, b, c, late]))).toEqual({
      [a]: 2,
      [b]: 1,
      [late]: 3,
    });
  });
});
