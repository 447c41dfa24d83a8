import request from 'supertest';
import { FAKE_POS_SIGNATURE_HEADER, signFakePosWebhook } from '../fakes/fake-pos/fake-pos.webhook';
import { HubHarness } from '../support/hub-harness';
import { waitUntil } from '../support/test-env';

jest.setTimeout(120_000);

const SECRET = 'webhook-secret-0123456789';

describe('webhooks', () => {
  let harness: HubHarness;
  let server: Parameters<typeof request>[0];

  beforeAll(async () => {
    // Schedules far apart: only webhooks bring data in during this test.
    harness = await HubHarness.create({
      dialect: 'sqlite',
      pullEvery: '1h',
      webhookSecret: SECRET,
      withCustomers: true,
    });
    await harness.start('all');
    server = harness.hub!.http!.getHttpServer();
  });

  afterAll(async () => {
    await harness?.close();
  });

  const post = (path: string, body: string, signature?: string) => {
    const req = request(server).post(path).set('Content-Type', 'application/json');
    if (signature !== undefined) req.set(FAKE_POS_SIGNATURE_HEADER, signature);
    return req.send(body);
  };

  it('fetches the announced sales once, and processes a replayed event id once', async () => {
    const sales = harness.pos.generate(3, { currency: 'USD', customers: 0 });
    const body = JSON.stringify({
      events: sales.map((s, i) => ({ id: `evt-${i}`, type: 'transaction.updated', transaction_id: s.id })),
    });
    const first = await post('/webhooks/pos', body, signFakePosWebhook(SECRET, body)).expect(200);
    expect(first.body).toEqual({ received: 3, duplicates: 0, ignored: 0 });
    await harness.waitForDone(3, 30_000);

    const replay = await post('/webhooks/pos', body, signFakePosWebhook(SECRET, body)).expect(200);
    expect(replay.body).toEqual({ received: 3, duplicates: 3, ignored: 0 });
    await new Promise((r) => setTimeout(r, 500));
    expect(harness.erp.creates()).toHaveLength(3);
    const ledger = await harness.ledger();
    expect(await ledger.records.count('transaction')).toBe(3);
  });

  it('commits a record the event carries without fetching it', async () => {
    const customer = {
      id: 'cust-webhook-1',
      name: 'Lan Nguyen',
      email: 'lan@example.com',
      updated_at: new Date().toISOString(),
    };
    const body = JSON.stringify({ events: [{ id: 'evt-cust-1', type: 'customer.updated', customer }] });
    await post('/webhooks/pos', body, signFakePosWebhook(SECRET, body)).expect(200);
    const ledger = await harness.ledger();
    await waitUntil(
      async () => (await ledger.records.findByExternalId('customer', 'pos', 'cust-webhook-1')) !== undefined,
      {
        timeoutMs: 10_000,
      },
    );
  });

  it.each([
    [
      'a signature made with another secret',
      (body: string) => signFakePosWebhook('another-secret-0123456789', body),
    ],
    ['a signature of another body', () => signFakePosWebhook(SECRET, '{"events":[]}')],
    ['garbage in the signature header', () => 'not-base64!!'],
    ['no signature header', () => undefined],
  ])('refuses %s with 401 and a JSON error', async (_name, sign) => {
    const body = JSON.stringify({
      events: [{ id: 'evt-forged', type: 'transaction.updated', transaction_id: 'x' }],
    });
    const response = await post('/webhooks/pos', body, sign(body)).expect(401);
    expect(response.body.error.code).toBe('INVALID_SIGNATURE');
    const ledger = await harness.ledger();
    expect(await ledger.webhookEvents.has('pos', 'evt-forged')).toBe(false);
  });

  it('answers 404 for an unknown connection and for one that takes no webhooks', async () => {
    await post('/webhooks/nope', '{}', 'x').expect(404);
    const response = await post('/webhooks/erp', '{}', 'x').expect(404);
    expect(response.body.error.message).toMatch(/takes no webhooks/);
  });

  it('answers 400 for a signed body it cannot read', async () => {
    const body = JSON.stringify({ nothing: true });
    const response = await post('/webhooks/pos', body, signFakePosWebhook(SECRET, body)).expect(400);
    expect(response.body.error.code).toBe('BAD_REQUEST');
  });
});
