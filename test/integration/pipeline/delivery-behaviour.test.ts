import request from 'supertest';
import { HubHarness } from '../../support/hub-harness';
import { ADMIN_TOKEN, waitUntil } from '../../support/test-env';
import { deliverQueueName } from '../../../src/queue/queue-names';
import { QueueService } from '../../../src/queue/queue.service';

jest.setTimeout(180_000);

describe('delivery behaviour', () => {
  let harness: HubHarness;

  afterEach(async () => {
    await harness?.close();
  });

  it('creates a sale’s customer at the ERP first and links the sale to it, once per customer', async () => {
    harness = await HubHarness.create({ dialect: 'sqlite', withCustomers: true });
    const sales = harness.pos.generate(30, { currency: 'USD', customers: 4 });
    await harness.start('all');

    const withCustomer = sales.filter((s) => s.customer).length;
    const customers = new Set(sales.flatMap((s) => (s.customer ? [s.customer.id] : []))).size;
    expect(withCustomer).toBeGreaterThan(0);
    await harness.waitForDone(30 + customers, 60_000);

    const erpCustomers = harness.erp.customers();
    expect(erpCustomers).toHaveLength(customers);
    expect(harness.erp.duplicateReferences()).toEqual([]);
    const erpCustomerIds = new Set(erpCustomers.map((c) => c.id));
    const linked = harness.erp.invoices().filter((i) => i.customer);
    expect(linked).toHaveLength(withCustomer);
    for (const invoice of linked) expect(erpCustomerIds.has(invoice.customer!.id!)).toBe(true);
  });

  it('writes only the newest version when a sale changes while queued, and updates instead of creating', async () => {
    harness = await HubHarness.create({ dialect: 'sqlite', pullEvery: '200ms' });
    const [sale] = harness.pos.generate(1, { currency: 'USD' });
    await harness.start('all');
    await harness.waitForDone(1, 30_000);

    for (const receipt of ['R-2', 'R-3', 'R-4'])
      harness.pos.update(sale.id, { receipt_no: receipt, store_id: receipt });
    const ledger = await harness.ledger();
    await waitUntil(
      async () => {
        const { items } = await ledger.deliveries.list({ status: 'pending', limit: 10 });
        return items.length === 0 && harness.erp.invoices()[0]?.store === 'R-4';
      },
      { timeoutMs: 30_000, describe: async () => JSON.stringify(harness.erp.invoices()[0]) },
    );
    expect(harness.erp.creates()).toHaveLength(1);
    const all = await ledger.deliveries.list({ limit: 10 });
    const versions = all.items.map((d) => [d.recordVersion, d.status]);
    // Every version got a row; none is left pending; the newest one is done.
    expect(Math.max(...all.items.map((d) => d.recordVersion))).toBeGreaterThanOrEqual(2);
    expect(versions.find(([v]) => v === Math.max(...all.items.map((d) => d.recordVersion)))?.[1]).toBe(
      'done',
    );
  });

  it('does not spend attempts on 429s: one attempt allowed, every sale still arrives', async () => {
    harness = await HubHarness.create({ dialect: 'sqlite', attempts: 1 });
    harness.pos.generate(10, { currency: 'EUR' });
    harness.erp.setFaults({ rateLimitRate: 0.3, retryAfterSeconds: 1, seed: 3 });
    await harness.start('all');

    await harness.waitForDone(10, 120_000);
    const ledger = await harness.ledger();
    expect((await ledger.deliveries.countByStatus()).dead).toBe(0);
    expect(harness.erp.stats().rateLimited).toBeGreaterThan(0);
    expect(harness.erp.creates()).toHaveLength(10);
  });

  it('pauses the destination and flags the connection when credentials are refused; nothing goes dead; a restart with the right key resumes it', async () => {
    harness = await HubHarness.create({ dialect: 'sqlite', erpApiKey: 'revoked-key' });
    harness.pos.generate(5, { currency: 'USD' });
    await harness.start('all');
    const ledger = await harness.ledger();

    await waitUntil(async () => (await ledger.connections.get('erp'))?.status === 'auth_failed', {
      timeoutMs: 30_000,
    });
    const queue = harness.hub!.app.get(QueueService).queue(deliverQueueName('erp'));
    expect(await queue.isPaused()).toBe(true);
    const counts = await ledger.deliveries.countByStatus();
    expect(counts).toMatchObject({ pending: 5, dead: 0, done: 0 });
    expect((await ledger.connections.get('erp'))?.statusMessage).toMatch(/401|unauthori[sz]ed|credentials/i);

    // The operator fixes the key and restarts: the paused destination resumes and everything lands.
    await harness.stop();
    harness.erpApiKey = undefined;
    await harness.start('all');
    await harness.waitForDone(5, 30_000);
    expect((await ledger.connections.get('erp'))?.status).toBe('ok');
    expect(harness.erp.creates()).toHaveLength(5);
  });

  it('pulls on demand through the admin API between schedules', async () => {
    harness = await HubHarness.create({ dialect: 'sqlite', pullEvery: '1h' });
    await harness.start('all');
    await new Promise((r) => setTimeout(r, 1500));
    harness.pos.generate(3, { currency: 'USD' });
    await new Promise((r) => setTimeout(r, 1500));
    const ledger = await harness.ledger();
    expect(await ledger.records.count('transaction')).toBe(0);

    const server = harness.hub!.http!.getHttpServer();
    const auth = { Authorization: `Bearer ${ADMIN_TOKEN}` };
    await request(server).post('/api/v1/connections/pos/streams/nope/sync').set(auth).expect(404);
    await request(server)
      .post('/api/v1/connections/pos/streams/transactions/sync')
      .set(auth)
      .expect(202, { connection: 'pos', stream: 'transactions', status: 'queued' });
    await harness.waitForDone(3, 30_000);
  });

  it('delivers a refund after the sale it refunds and links the credit note to that invoice', async () => {
    harness = await HubHarness.create({ dialect: 'sqlite', concurrency: 16, withCustomers: true });
    const sent = harness.pos.generate(200, { currency: 'USD', refundRatio: 0.3, customers: 6 });
    const refunds = sent.filter((t) => t.type === 'REFUND');
    expect(refunds.length).toBeGreaterThan(20);
    await harness.start('all');
    const customers = new Set(sent.flatMap((t) => (t.customer ? [t.customer.id] : []))).size;
    await harness.waitForDone(sent.length + customers, 90_000);

    const invoices = harness.erp.invoices();
    const byExternal = new Map(invoices.map((i) => [i.external_id, i]));
    for (const refund of refunds) {
      const note = byExternal.get(refund.id)!;
      expect(note.type).toBe('credit_note');
      expect(note.original_id).toBe(byExternal.get(refund.original_id!)!.id);
    }
    // A sale delivered ahead of its refund still went after its own customer.
    for (const sale of sent.filter((t) => t.type === 'SALE' && t.customer)) {
      expect(byExternal.get(sale.id)!.customer?.id).toBeDefined();
    }
  });
});
