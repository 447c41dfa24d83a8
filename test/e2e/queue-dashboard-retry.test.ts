import request from 'supertest';
import { HubHarness } from '../support/hub-harness';
import { ADMIN_TOKEN, waitUntil } from '../support/test-env';

jest.setTimeout(120_000);

const admin = { Authorization: `Bearer ${ADMIN_TOKEN}`, 'X-Poshub-Actor': 'bob' };

interface BoardQueue {
  name: string;
  allowCompletedRetries: boolean;
  jobs: { id: string; data: { deliveryId?: string } }[];
}

/*
 * Bull Board's retry buttons on a deliver queue act on the ledger (the system of record): a dead
 * delivery goes back to pending with an audit entry and lands once, exactly as the API's retry.
 */
describe('Bull Board retry on a deliver queue', () => {
  let harness: HubHarness;
  let server: Parameters<typeof request>[0];

  beforeAll(async () => {
    harness = await HubHarness.create({ dialect: 'sqlite', attempts: 2, backoffMs: 10, maxBackoffMs: 10 });
    harness.pos.generate(3, { currency: 'USD' });
    harness.erp.setFaults({ errorRate: 1 });
    await harness.start('all');
    server = harness.hub!.http!.getHttpServer();
    const ledger = await harness.ledger();
    await waitUntil(async () => (await ledger.deliveries.countByStatus()).dead >= 3, {
      timeoutMs: 60_000,
      describe: async () => JSON.stringify(await ledger.deliveries.countByStatus()),
    });
    harness.erp.setFaults({});
  });

  afterAll(async () => {
    await harness?.close();
  });

  async function deliverQueue(): Promise<BoardQueue> {
    const answer = await request(server)
      .get('/admin/queues/api/queues?activeQueue=deliver.erp&status=failed')
      .set(admin)
      .expect(200);
    const queue = (answer.body.queues as BoardQueue[]).find((q) => q.name.endsWith('deliver.erp'));
    if (!queue)
      throw new Error(
        `no deliver.erp queue in ${JSON.stringify(answer.body.queues.map((q: BoardQueue) => q.name))}`,
      );
    return queue;
  }

  it('retries one failed job as a ledger retry, audited with the caller', async () => {
    const queue = await deliverQueue();
    expect(queue.allowCompletedRetries).toBe(false);
    expect(queue.jobs.length).toBe(3);
    const job = queue.jobs[0];
    const deliveryId = job.data.deliveryId!;
    const ledger = await harness.ledger();
    expect((await ledger.deliveries.get(deliveryId))?.status).toBe('dead');

    // (A viewer's 403 on Bull Board's writes is covered by admin-routes-auth.test.ts.)
    await request(server)
      .put(`/admin/queues/api/queues/${encodeURIComponent(queue.name)}/${job.id}/retry`)
      .set(admin)
      .expect(204);

    await waitUntil(async () => (await ledger.deliveries.get(deliveryId))?.status === 'done', {
      timeoutMs: 30_000,
      describe: async () => JSON.stringify(await ledger.deliveries.get(deliveryId)),
    });
    const row = await ledger.deliveries.get(deliveryId);
    expect(harness.erp.invoices().filter((i) => i.reference === `poshub:${row!.recordId}`)).toHaveLength(1);
    const audit = await request(server).get('/api/v1/audit?limit=20').set(admin).expect(200);
    expect(audit.body.items).toContainEqual(
      expect.objectContaining({ actor: 'admin:bob', action: 'delivery.retry', target: deliveryId }),
    );
  });

  it('"retry all failed" retries every dead delivery of the queue once', async () => {
    const queue = await deliverQueue();
    await request(server)
      .put(`/admin/queues/api/queues/${encodeURIComponent(queue.name)}/retry/failed`)
      .set(admin)
      .expect(200);
    await harness.waitForDone(3, 30_000);
    const ledger = await harness.ledger();
    expect(await ledger.deliveries.countByStatus()).toMatchObject({ done: 3, dead: 0, pending: 0 });
    expect(harness.erp.duplicateReferences()).toEqual([]);
    expect(harness.erp.invoices()).toHaveLength(3);
  });
});
