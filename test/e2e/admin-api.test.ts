import request from 'supertest';
import { HubHarness } from '../support/hub-harness';
import { ADMIN_TOKEN } from '../support/test-env';

jest.setTimeout(120_000);

describe('admin surface', () => {
  let harness: HubHarness;
  let server: Parameters<typeof request>[0];

  beforeAll(async () => {
    harness = await HubHarness.create({ dialect: 'sqlite', attempts: 2, backoffMs: 10, maxBackoffMs: 10 });
    harness.pos.generate(5, { currency: 'EUR' });
    harness.erp.setFaults({ errorRate: 1 });
    await harness.start('all');
    server = harness.hub!.http!.getHttpServer();
    const ledger = await harness.ledger();
    // With every call failing and two attempts, all five deliveries go dead.
    for (let i = 0; i < 300 && (await ledger.deliveries.countByStatus()).dead < 5; i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
  });

  afterAll(async () => {
    await harness?.close();
  });

  it.each(['/api/v1/deliveries?status=dead', '/api/v1/quarantine', '/metrics'])(
    'GET %s without a token answers 401 with a JSON error body',
    async (path) => {
      const response = await request(server).get(path).expect(401);
      expect(response.body).toEqual({
        error: { code: 'UNAUTHORIZED', message: expect.any(String), details: null },
      });
    },
  );

  it('refuses a wrong token', async () => {
    await request(server).get('/api/v1/deliveries').set('Authorization', 'Bearer wrong-token').expect(401);
  });

  it('serves health without a token', async () => {
    await request(server).get('/health/live').expect(200, { status: 'ok' });
    const ready = await request(server).get('/health/ready').expect(200);
    expect(ready.body.checks).toEqual({ redis: 'ok', database: 'ok' });
  });

  it('lists dead deliveries with their error, then retries one to done', async () => {
    const auth = { Authorization: `Bearer ${ADMIN_TOKEN}` };
    const dead = await request(server).get('/api/v1/deliveries?status=dead').set(auth).expect(200);
    expect(dead.body.total).toBe(5);
    expect(dead.body.items[0]).toMatchObject({
      status: 'dead',
      lastError: expect.stringMatching(/500|gave up/),
    });

    harness.erp.setFaults({});
    const id = dead.body.items[0].id as string;
    await request(server)
      .post(`/api/v1/deliveries/${id}/retry`)
      .set(auth)
      .expect(202, { id, status: 'pending' });
    const ledger = await harness.ledger();
    for (let i = 0; i < 100 && (await ledger.deliveries.get(id))?.status !== 'done'; i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    expect((await ledger.deliveries.get(id))?.status).toBe('done');
    expect(harness.erp.creates()).toHaveLength(1);
  });

  it('answers 400 with a JSON body for a bad filter and 404 for an unknown delivery', async () => {
    const auth = { Authorization: `Bearer ${ADMIN_TOKEN}` };
    const bad = await request(server).get('/api/v1/deliveries?status=lost').set(auth).expect(400);
    expect(bad.body.error.code).toBe('BAD_REQUEST');
    expect(bad.body.error.details[0].parameter).toBe('status');
    const missing = await request(server).post('/api/v1/deliveries/dnope/retry').set(auth).expect(404);
    expect(missing.body.error.code).toBe('NOT_FOUND');
  });

  it('exposes the Prometheus series', async () => {
    const response = await request(server)
      .get('/metrics')
      .set('Authorization', `Bearer ${ADMIN_TOKEN}`)
      .expect(200);
    for (const series of [
      'poshub_jobs_total',
      'poshub_deliveries{',
      'poshub_delivery_latency_seconds_bucket',
      'poshub_quarantined_records',
      'poshub_queue_jobs',
      'poshub_records_pulled_total',
    ]) {
      expect(response.text).toContain(series);
    }
    expect(response.text).toMatch(/poshub_deliveries\{destination="erp",status="dead"\} 4/);
  });
});
