import request from 'supertest';
import { HubHarness } from '../support/hub-harness';
import { ADMIN_TOKEN, waitUntil } from '../support/test-env';

jest.setTimeout(120_000);

const auth = { Authorization: `Bearer ${ADMIN_TOKEN}`, 'X-Poshub-Actor': 'alice' };

describe.each(['sqlite', 'postgres'] as const)('deliveries API on %s', (dialect) => {
  let harness: HubHarness;
  let server: Parameters<typeof request>[0];

  beforeAll(async () => {
    harness = await HubHarness.create({ dialect, attempts: 2, backoffMs: 10, maxBackoffMs: 10 });
    harness.pos.generate(4, { currency: 'EUR' });
    harness.erp.setFaults({ errorRate: 1 });
    await harness.start('all');
    server = harness.hub!.http!.getHttpServer();
    const ledger = await harness.ledger();
    await waitUntil(async () => (await ledger.deliveries.countByStatus()).dead >= 4, {
      timeoutMs: 60_000,
      describe: async () => JSON.stringify(await ledger.deliveries.countByStatus()),
    });
    harness.erp.setFaults({});
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('groups the dead deliveries by reason, one line with a count', async () => {
    const errors = await request(server).get('/api/v1/errors').set(auth).expect(200);
    expect(errors.body.items).toHaveLength(1);
    expect(errors.body.items[0]).toMatchObject({
      destinationConnectionId: 'erp',
      count: 4,
      sampleIds: expect.any(Array),
      reason: expect.stringContaining('HTTP 500'),
      retry: expect.objectContaining({ status: 'dead', destination: 'erp', reason: expect.any(String) }),
    });
    expect(errors.body.items[0].sampleIds).toHaveLength(4);
  });

  it('edit and retry lands the edited payload once and audits who and what', async () => {
    const dead = await request(server).get('/api/v1/deliveries?status=dead&limit=1').set(auth).expect(200);
    const id = dead.body.items[0].id as string;
    const reference = `poshub:${dead.body.items[0].recordId as string}`;
    const bad = await request(server)
      .post(`/api/v1/deliveries/${id}/edit-and-retry`)
      .set(auth)
      .send({ overrides: { '__proto__.x': 1 } })
      .expect(400);
    expect(bad.body.error.code).toBe('BAD_REQUEST');

    await request(server)
      .post(`/api/v1/deliveries/${id}/edit-and-retry`)
      .set(auth)
      .send({ overrides: { store: 'STORE-EDITED', 'customer.name': 'Edited Name' } })
      .expect(202);
    const ledger = await harness.ledger();
    await waitUntil(async () => (await ledger.deliveries.get(id))?.status === 'done', { timeoutMs: 30_000 });

    const landed = harness.erp.invoices().filter((i) => i.reference === reference);
    expect(landed).toHaveLength(1);
    expect(landed[0]).toMatchObject({ store: 'STORE-EDITED', customer: { name: 'Edited Name' } });
    expect(harness.erp.creates().filter((c) => JSON.stringify(c).includes(reference))).toHaveLength(1);

    const row = await request(server).get(`/api/v1/deliveries/${id}`).set(auth).expect(200);
    expect(row.body.overrides).toEqual({ store: 'STORE-EDITED', 'customer.name': 'Edited Name' });
    const audit = await request(server).get('/api/v1/audit').set(auth).expect(200);
    expect(audit.body.items).toContainEqual(
      expect.objectContaining({
        actor: 'admin:alice',
        action: 'delivery.edit-and-retry',
        target: id,
        details: expect.objectContaining({
          overrides: { store: 'STORE-EDITED', 'customer.name': 'Edited Name' },
        }),
      }),
    );
    // Done is done: a second edit is refused.
    await request(server)
      .post(`/api/v1/deliveries/${id}/edit-and-retry`)
      .set(auth)
      .send({ overrides: { store: 'AGAIN' } })
      .expect(409);
  });

  it('skips one, then retries all matching a filter, audited with the count', async () => {
    const dead = await request(server).get('/api/v1/deliveries?status=dead').set(auth).expect(200);
    expect(dead.body.total).toBe(3);
    const skipped = dead.body.items[0].id as string;
    await request(server)
      .post(`/api/v1/deliveries/${skipped}/skip`)
      .set(auth)
      .send({ reason: 'duplicate sale' })
      .expect(200, { id: skipped, status: 'skipped' });

    // The console's "retry" button on an error group sends the group's own filter.
    const group = (await request(server).get('/api/v1/errors').set(auth).expect(200)).body.items[0];
    const retried = await request(server)
      .post('/api/v1/deliveries/retry')
      .set(auth)
      .send(group.retry)
      .expect(202);
    expect(retried.body).toEqual({ count: 2, more: false });
    await harness.waitForDone(3, 30_000);
    const ledger = await harness.ledger();
    expect(await ledger.deliveries.countByStatus()).toMatchObject({ done: 3, skipped: 1, dead: 0 });
    expect(harness.erp.duplicateReferences()).toEqual([]);

    const audit = await request(server).get('/api/v1/audit?limit=10').set(auth).expect(200);
    const actions = audit.body.items.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['delivery.skip', 'delivery.retry-all']));
    expect(
      audit.body.items.find((e: { action: string }) => e.action === 'delivery.retry-all').details,
    ).toEqual({
      filter: expect.objectContaining({
        destinationConnectionId: 'erp',
        status: 'dead',
        reason: group.reason,
      }),
      count: 2,
    });
  });

  it('finds a record by external id and shows its history, links and deliveries', async () => {
    const ledger = await harness.ledger();
    const done = (await ledger.deliveries.list({ status: 'done', limit: 1 })).items[0]!;
    const record = await ledger.records.get(done.recordId);
    const found = await request(server)
      .get(`/api/v1/records?kind=transaction&externalId=${encodeURIComponent(record!.externalId)}`)
      .set(auth)
      .expect(200);
    expect(found.body.items.map((r: { id: string }) => r.id)).toEqual([record!.id]);
    const detail = await request(server).get(`/api/v1/records/${record!.id}`).set(auth).expect(200);
    expect(detail.body.versions).toHaveLength(1);
    expect(detail.body.links).toEqual([
      expect.objectContaining({ connectionId: 'erp', externalId: done.targetId }),
    ]);
    expect(detail.body.deliveries[0]).toMatchObject({ id: done.id, status: 'done' });
    await request(server).get('/api/v1/records').set(auth).expect(400);
  });
});
