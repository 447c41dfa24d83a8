import { HubHarness } from '../support/hub-harness';
import { runPoshub as poshub } from '../support/poshub-cli';

jest.setTimeout(180_000);

describe('poshub sync', () => {
  let harness: HubHarness;

  beforeAll(async () => {
    harness = await HubHarness.create({ dialect: 'sqlite' });
    harness.pos.generate(130, { refundRatio: 0 });
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('pulls a stream now with no hub running, pages and all, and queues its deliveries', async () => {
    const run = await poshub(['sync', 'pos', '--stream', 'transactions'], harness.processEnv('worker'));
    expect(run.stderr).toContain('pos/transactions: pulling');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^pos\/transactions: 2 pages, 130 stored, 0 unchanged, 0 quarantined, 130 deliveries queued/,
    );
    const ledger = await harness.ledger();
    expect(await ledger.records.count('transaction')).toBe(130);
    expect(await ledger.checkpoints.get('pos', 'transactions')).not.toBeNull();

    // A second sync resumes from the checkpoint: nothing new.
    const again = await poshub(['sync', 'pos', '--stream', 'transactions'], harness.processEnv('worker'));
    expect(again.stdout).toMatch(/pos\/transactions: 0 pages, 0 stored/);
  });

  it('refuses --since for a connector whose cursor is not a time, and an unknown stream', async () => {
    const since = await poshub(
      ['sync', 'pos', '--since', '2025-01-01T00:00:00Z'],
      harness.processEnv('worker'),
    );
    expect(since.code).toBe(2);
    expect(since.stderr).toContain('--since works for square, hubspot, odoo');
    const stream = await poshub(['sync', 'pos', '--stream', 'nope'], harness.processEnv('worker'));
    expect(stream.code).toBe(2);
    expect(stream.stderr).toContain('reads transactions, customers');
  });
});
