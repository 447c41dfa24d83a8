import { loadOpenApi, validateTraffic } from '../../../test/support/openapi-validator';
import { squareCall } from './sim-test.client';
import { SquareSimulator, type SquareCustomer } from './square-simulator';

const validator = loadOpenApi(`${__dirname}/../../../../shared/specs/square/square-api-subset.openapi.json`);

describe('SquareSimulator customers', () => {
  let sim: SquareSimulator;
  beforeAll(async () => {
    sim = await SquareSimulator.start({ seed: 5 });
    sim.generateOrders(10, { customers: 25 });
  });
  afterAll(() => sim.close());

  const call = (method: string, path: string, body?: unknown) => squareCall(sim, method, path, body);
  const errorCode = (body: Record<string, unknown>) => (body.errors as { code: string }[])[0]!.code;

  it('pages through customers by updated_at with a cursor and counts them', async () => {
    const query = {
      filter: { updated_at: { start_at: '2000-01-01T00:00:00Z' } },
      sort: { field: 'CREATED_AT', order: 'ASC' },
    };
    const ids: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const res = await call('POST', '/v2/customers/search', {
        limit: 10,
        query,
        count: true,
        ...(cursor ? { cursor } : {}),
      });
      expect(res.status).toBe(200);
      expect(res.body.count).toBe(25);
      ids.push(...(res.body.customers as SquareCustomer[]).map((c) => c.id));
      cursor = res.body.cursor as string | undefined;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(new Set(ids)).toEqual(new Set(sim.customers().map((c) => c.id)));
  });

  it('finds customers by exact email (case-insensitive), phone and reference id', async () => {
    const target = sim.customers()[3]!;
    for (const filter of [
      { email_address: { exact: target.email_address!.toUpperCase() } },
      { phone_number: { exact: target.phone_number } },
      { reference_id: { exact: target.reference_id } },
    ]) {
      const res = await call('POST', '/v2/customers/search', { query: { filter } });
      expect((res.body.customers as SquareCustomer[]).map((c) => c.id)).toEqual([target.id]);
    }
    const none = await call('POST', '/v2/customers/search', {
      query: { filter: { email_address: { exact: 'nobody@example.com' } } },
    });
    expect(none).toEqual({ status: 200, body: {} });
  });

  it.each([
    [0, 'VALUE_TOO_LOW'],
    [101, 'VALUE_TOO_HIGH'],
  ])('rejects limit %d with %s', async (limit, code) => {
    const res = await call('POST', '/v2/customers/search', { limit });
    expect(res.status).toBe(400);
    expect(errorCode(res.body)).toBe(code);
  });

  it('creates a customer; needs a name, email or phone', async () => {
    const res = await call('POST', '/v2/customers', { given_name: 'Lan', email_address: 'lan@example.com' });
    expect(res.status).toBe(200);
    expect(res.body.customer).toMatchObject({
      given_name: 'Lan',
      version: 0,
      creation_source: 'THIRD_PARTY',
    });
    const bad = await call('POST', '/v2/customers', { note: 'no identity' });
    expect(bad.status).toBe(400);
    expect(errorCode(bad.body)).toBe('MISSING_REQUIRED_PARAMETER');
    const badEmail = await call('POST', '/v2/customers', { email_address: 'not-an-email' });
    expect(errorCode(badEmail.body)).toBe('INVALID_EMAIL_ADDRESS');
  });

  it('replays the first response for a repeated idempotency key and refuses a reused one', async () => {
    const before = sim.customerCreates();
    const body = { idempotency_key: 'create-1', given_name: 'Bao', phone_number: '+84901234567' };
    const first = await call('POST', '/v2/customers', body);
    const again = await call('POST', '/v2/customers', body);
    expect(again).toEqual(first);
    expect(sim.customerCreates()).toBe(before + 1);
    const reused = await call('POST', '/v2/customers', { ...body, given_name: 'Other' });
    expect(reused.status).toBe(400);
    expect(reused.body).toEqual({
      errors: [
        {
          category: 'INVALID_REQUEST_ERROR',
          code: 'IDEMPOTENCY_KEY_REUSED',
          detail: expect.any(String),
          field: 'idempotency_key',
        },
      ],
    });
    expect(sim.customerCreates()).toBe(before + 1);
  });

  it('updates sparsely with version checks (409 CONFLICT on a stale version) and deletes', async () => {
    const created = (
      await call('POST', '/v2/customers', { given_name: 'Kim', family_name: 'Le', note: 'vip' })
    ).body.customer as SquareCustomer;
    const updated = await call('PUT', `/v2/customers/${created.id}`, {
      family_name: 'Ly',
      note: null,
      version: 0,
    });
    expect(updated.status).toBe(200);
    const after = updated.body.customer as SquareCustomer;
    expect(after).toMatchObject({ given_name: 'Kim', family_name: 'Ly', version: 1 });
    expect(after.note).toBeUndefined();
    expect(after.updated_at > created.updated_at).toBe(true);

    const stale = await call('PUT', `/v2/customers/${created.id}`, { given_name: 'X', version: 0 });
    expect(stale.status).toBe(409);
    expect(stale.body).toEqual({
      errors: [
        { category: 'INVALID_REQUEST_ERROR', code: 'CONFLICT', detail: expect.any(String), field: 'version' },
      ],
    });
    expect((await call('GET', `/v2/customers/${created.id}`)).body.customer).toEqual(after);

    expect((await call('DELETE', `/v2/customers/${created.id}?version=0`)).status).toBe(409);
    expect(await call('DELETE', `/v2/customers/${created.id}?version=1`)).toEqual({ status: 200, body: {} });
    expect((await call('GET', `/v2/customers/${created.id}`)).status).toBe(404);
    expect((await call('PUT', `/v2/customers/${created.id}`, { given_name: 'Y' })).status).toBe(404);
  });

  it('every request and response of this file validates against the official spec', () => {
    expect(validateTraffic(validator, sim.requestLog())).toEqual([]);
  });
});
