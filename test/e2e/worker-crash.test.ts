import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { HubHarness } from '../support/hub-harness';
import { expectExactlyOnce } from '../support/exactly-once';
import { waitUntil } from '../support/test-env';
import { deliverQueueName } from '../../src/queue/queue-names';
import { QueueService } from '../../src/queue/queue.service';

jest.setTimeout(300_000);

const ROOT = join(__dirname, '..', '..');

/** Starts `poshub start` from source in a child process, as an operator would run it. */
function startWorkerProcess(harness: HubHarness): ChildProcess {
  const child = spawn(
    process.execPath,
    ['-r', '@swc-node/register', 'src/cli/main.ts', 'start', '--role', 'worker'],
    {
      cwd: ROOT,
      env: { ...process.env, ...harness.processEnv('worker'), SWC_NODE_PROJECT: join(ROOT, 'tsconfig.json') },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  child.stderr?.on('data', (chunk: Buffer) => {
    if (process.env.TEST_LOG_LEVEL) process.stderr.write(chunk);
  });
  return child;
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

describe('a worker killed with SIGKILL in the middle of a run', () => {
  let harness: HubHarness;
  let worker: ChildProcess | undefined;

  afterEach(async () => {
    if (worker && worker.exitCode === null) {
      worker.kill('SIGKILL');
      await exited(worker);
    }
    await harness?.close();
  });

  it('is started again and every sale still lands exactly once', async () => {
    harness = await HubHarness.create({ dialect: 'sqlite', lockDurationMs: 3000 });
    const sent = harness.pos.generate(1000, { currency: 'USD' });
    harness.erp.setFaults({ latencyMs: 10 });
    // The scheduler (pull schedules) runs here; the workers run in the child process.
    await harness.start('scheduler');
    const ledger = await harness.ledger();

    worker = startWorkerProcess(harness);
    await waitUntil(async () => (await ledger.deliveries.countByStatus()).done >= 250, {
      timeoutMs: 120_000,
    });
    worker.kill('SIGKILL');
    await exited(worker);
    const atKill = (await ledger.deliveries.countByStatus()).done;
    expect(atKill).toBeLessThan(1000);

    worker = startWorkerProcess(harness);
    await harness.waitForDone(1000, 180_000);
    expectExactlyOnce(harness.erp, sent);
  });

  it('on SIGTERM finishes the deliveries in flight, records them, and exits', async () => {
    // A long lock: if shutdown abandoned jobs, nothing would pick them up within this test.
    harness = await HubHarness.create({ dialect: 'sqlite', lockDurationMs: 120_000 });
    harness.pos.generate(40, { currency: 'USD' });
    harness.erp.setFaults({ latencyMs: 400 });
    await harness.start('scheduler');
    const ledger = await harness.ledger();

    worker = startWorkerProcess(harness);
    await waitUntil(async () => (await ledger.deliveries.countByStatus()).done >= 3, { timeoutMs: 60_000 });
    worker.kill('SIGTERM');
    await exited(worker);

    // Every write the ERP received was recorded as done: nothing was cut off half-way.
    const done = (await ledger.deliveries.countByStatus()).done;
    expect(harness.erp.creates()).toHaveLength(done);
    const queue = harness.hub!.app.get(QueueService).queue(deliverQueueName('erp'));
    expect(await queue.getActiveCount()).toBe(0);

    worker = startWorkerProcess(harness);
    await harness.waitForDone(40, 60_000);
    expect(harness.erp.duplicateReferences()).toEqual([]);
    expect(harness.erp.creates()).toHaveLength(40);
  });
});
