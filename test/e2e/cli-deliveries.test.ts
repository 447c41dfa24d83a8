import { HubHarness } from '../support/hub-harness';
import { waitUntil } from '../support/test-env';
import { runPoshub as poshub } from '../support/poshub-cli';

jest.setTimeout(180_000);

describe('poshub deliveries list | retry | skip', () => {
  let harness: HubHarness;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    harness = await HubHarness.create({ dialect: 'postgres', attempts: 2, backoffMs: 10, maxBackoffMs: 10 });
    harness.pos.generate(4, { currency: 'EUR' });
    harness.erp.setFaults({ errorRate: 1 });
    await harness.start('all');
    const ledger = await harness.ledger();
    await waitUntil(async () => (await ledger.deliveries.countByStatus()).dead >= 4, { timeoutMs: 60_000 });
    harness.erp.setFaults({});
    // The CLI talks to the same database and Redis prefix as the running hub, nothing else.
    env = { ...harness.processEnv('worker'), POSHUB_ADMIN_TOKEN: '' };
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('lists dead deliveries, skips one, retries the rest with progress, all audited', async () => {
    const list = await poshub(['deliveries', 'list', '--status', 'dead'], env);
    expect(list.code).toBe(0);
    const ids = list.stdout
      .trim()
      .split('\n')
      .map((line) => line.split('\t')[0]!);
    expect(ids).toHaveLength(4);
    expect(list.stdout).toMatch(/\tdead\terp\tsales-to-erp\t/);
    expect(list.stderr).toContain('4 of 4 deliveries');

    const skip = await poshub(['deliveries', 'skip', ids[0]!, '--reason', 'test sale'], env);
    expect(skip.code).toBe(0);
    expect(skip.stdout.trim()).toBe(`${ids[0]}\tskipped`);

    const retry = await poshub(['deliveries', 'retry', '--all', '--destination', 'erp'], env);
    expect(retry.code).toBe(0);
    expect(retry.stdout.trim()).toBe('3 deliveries retried');
    expect(retry.stderr).toContain('retried 3/3');
    await harness.waitForDone(3, 30_000);

    const ledger = await harness.ledger();
    expect(await ledger.deliveries.countByStatus()).toMatchObject({ done: 3, skipped: 1, dead: 0 });
    expect(harness.erp.invoices()).toHaveLength(3);
    const audit = (await ledger.audit.list()).items.map((e) => `${e.action} ${e.actor}`);
    expect(audit).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^delivery\.skip cli:/),
        expect.stringMatching(/^delivery\.retry-all cli:/),
      ]),
    );

    const json = await poshub(['deliveries', 'list', '--status', 'skipped', '--json'], env);
    expect(JSON.parse(json.stdout.trim())).toMatchObject({ id: ids[0], status: 'skipped' });
  });

  it('retries one by id and explains what it cannot do', async () => {
    const ledger = await harness.ledger();
    const done = (await ledger.deliveries.list({ status: 'done', limit: 1 })).items[0]!;
    const again = await poshub(['deliveries', 'retry', done.id], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already delivered');
    const both = await poshub(['deliveries', 'retry', done.id, '--all'], env);
    expect(both.code).toBe(1);
    const missing = await poshub(['deliveries', 'skip', 'dnope'], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no delivery dnope');
    const skipped = (await ledger.deliveries.list({ status: 'skipped', limit: 1 })).items[0]!;
    const one = await poshub(['deliveries', 'retry', skipped.id], env);
    expect(one.code).toBe(0);
    await harness.waitForDone(4, 30_000);
  });
});
