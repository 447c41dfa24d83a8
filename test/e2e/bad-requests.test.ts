import request from 'supertest';
import { HubHarness } from '../support/hub-harness';
import { ADMIN_TOKEN } from '../support/test-env';

jest.setTimeout(60_000);

const admin = { Authorization: `Bearer ${ADMIN_TOKEN}` };

/*
 * A bad call gets a 4xx with the JSON error body, whichever layer refuses it: Express's body
 * parser (malformed or oversized JSON) before Nest's router, the router (unknown path), or a route.
 */
describe('bad requests get a 4xx with a JSON error body', () => {
  let harness: HubHarness;
  let server: Parameters<typeof request>[0];

  beforeAll(async () => {
    harness = await HubHarness.create({ dialect: 'sqlite' });
    await harness.start('all');
    server = harness.hub!.http!.getHttpServer();
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('malformed JSON → 400 on the API and on a webhook', async () => {
    for (const path of ['/api/v1/deliveries/retry', '/webhooks/pos']) {
      const answer = await request(server)
        .post(path)
        .set(admin)
        .set('Content-Type', 'application/json')
        .send('{"status": ');
      expect(answer.status).toBe(400);
      expect(answer.headers['content-type']).toContain('application/json');
      expect(answer.body.error).toMatchObject({ code: 'BAD_REQUEST', details: null });
    }
  });

  it('a body over the 2 MB limit → 413, not an internal error', async () => {
    const answer = await request(server)
      .post('/api/v1/deliveries/retry')
      .set(admin)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ reason: 'x'.repeat(3 * 1024 * 1024) }));
    expect(answer.status).toBe(413);
    expect(answer.body).toEqual({
      error: { code: 'PAYLOAD_TOO_LARGE', message: 'request entity too large', details: null },
    });
  });

  it('a body that is not JSON → 415, and nothing is done', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded']) {
      const answer = await request(server)
        .post('/api/v1/deliveries/retry')
        .set(admin)
        .set('Content-Type', type)
        .send('status=dead');
      expect(answer.status).toBe(415);
      expect(answer.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    }
    const ledger = await harness.ledger();
    expect(await ledger.audit.list({ limit: 5, offset: 0 })).toMatchObject({ items: [] });
    // No body at all is still fine where the body is optional.
    await request(server).post('/api/v1/deliveries/retry').set(admin).expect(202);
  });

  it('an unknown path → 404, a bad query → 400 naming the parameter', async () => {
    const missing = await request(server).get('/api/v1/nope').set(admin);
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('NOT_FOUND');
    const bad = await request(server).get('/api/v1/deliveries?limit=0').set(admin);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.error.details)).toContain('limit');
  });
});
