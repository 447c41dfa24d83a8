import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { AuthError, RateGovernor, RateLimitedError, RejectedError, TransientError } from '../../src/sdk';
import { connect } from '../fakes/connector-harness';
import { fakeErp } from '../fakes/fake-erp/fake-erp.connector';
import type { ErpInvoicePayload } from '../fakes/fake-erp/fake-erp.schemas';
import { FakeErpServer } from '../fakes/fake-erp/fake-erp.server';

function invoice(reference: string, total = '21.80'): ErpInvoicePayload {
  return {
    reference,
    type: 'invoice',
    external_id: `T-${reference}`,
    issue_date: '2024-03-01T09:00:00+07:00',
    store: 'S1',
    currency: 'USD',
    lines: [
      {
        sku: 'CAF-LAT',
        description: 'Caffe latte',
        quantity: '2',
        unit_price: '10.00',
        discount: '0.00',
        tax_rate: '9',
        tax: '1.80',
        total,
      },
    ],
    discount_total: '0.00',
    tax_total: '1.80',
    service_charge: '0.00',
    tip: '0.00',
    total,
    payments: [{ method: 'card:VISA', amount: total }],
  };
}

describe('fake-erp server + connector over real HTTP', () => {
  let server: FakeErpServer;
  const config = (extra: object = {}) => ({ baseUrl: server.url, apiKey: 'erp-key-5678', ...extra });

  beforeEach(async () => {
    server = await FakeErpServer.start({ apiKey: 'erp-key-5678' });
  });

  afterEach(async () => {
    await server.close();
  });

  it('check() passes with a good key and fails with a bad one', async () => {
    await expect(connect(fakeErp, config()).check()).resolves.toMatchObject({ ok: true });
    await expect(connect(fakeErp, config({ apiKey: 'nope' })).check()).resolves.toMatchObject({ ok: false });
  });

  it('creates an invoice, and writing it twice still makes one create', async () => {
    const erp = connect(fakeErp, config());
    const options = { reference: 'poshub:1', idempotencyKey: 'poshub:1:v1' };
    const first = await erp.write!('invoice', invoice('poshub:1'), options);
    expect(first).toEqual({ externalId: 'INV-000001', created: true });
    const second = await erp.write!('invoice', invoice('poshub:1'), options);
    expect(second).toEqual({ externalId: 'INV-000001', created: false });
    expect(server.creates()).toHaveLength(1);
    expect(server.creates()[0]).toMatchObject({
      resource: 'invoice',
      reference: 'poshub:1',
      idempotencyKey: 'poshub:1:v1',
    });
    expect(server.duplicateReferences()).toEqual([]);
  });

  it('a write committed but answered 500 is not duplicated by the retry', async () => {
    const erp = connect(fakeErp, config());
    const options = { reference: 'poshub:2', idempotencyKey: 'poshub:2:v1' };
    server.setFaults({ failAfterCommitRate: 1 });
    await expect(erp.write!('invoice', invoice('poshub:2'), options)).rejects.toBeInstanceOf(TransientError);
    expect(server.creates()).toEqual([
      expect.objectContaining({ reference: 'poshub:2', responseLost: true }),
    ]);
    server.setFaults({});
    await expect(erp.write!('invoice', invoice('poshub:2'), options)).resolves.toEqual({
      externalId: 'INV-000001',
      created: false,
    });
    expect(server.creates()).toHaveLength(1);
    expect(server.invoices()).toHaveLength(1);
  });

  it('the Idempotency-Key replays the first answer, and refuses reuse with another body', async () => {
    const post = (body: unknown, key?: string) =>
      fetch(`${server.url}/api/invoices`, {
        method: 'POST',
        headers: {
          authorization: 'Bearer erp-key-5678',
          'content-type': 'application/json',
          ...(key ? { 'idempotency-key': key } : {}),
        },
        body: JSON.stringify(body),
      });
    const a = await post(invoice('poshub:3'), 'k-3');
    const b = await post(invoice('poshub:3'), 'k-3');
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.headers.get('idempotent-replayed')).toBe('true');
    expect(((await b.json()) as { id: string }).id).toBe(((await a.json()) as { id: string }).id);
    const reused = await post(invoice('poshub:3', '99.00'), 'k-3');
    expect(reused.status).toBe(409);
    expect(await reused.json()).toMatchObject({ error: { code: 'IDEMPOTENCY_KEY_REUSED' } });
    expect(server.creates()).toHaveLength(1);
    // Like a real ERP, creates without a key are not deduplicated by reference.
    await post(invoice('poshub:3'));
    expect(server.duplicateReferences()).toEqual(['poshub:3']);
  });

  it('updates in place when the target id is known', async () => {
    const erp = connect(fakeErp, config());
    await erp.write!('invoice', invoice('poshub:4'), { reference: 'poshub:4', idempotencyKey: 'k4-v1' });
    const updated = await erp.write!('invoice', invoice('poshub:4', '30.00'), {
      reference: 'poshub:4',
      idempotencyKey: 'k4-v2',
      existingId: 'INV-000001',
    });
    expect(updated).toEqual({ externalId: 'INV-000001', created: false });
    expect(server.invoices()[0]).toMatchObject({ total: '30.00', version: 2 });
    const missing = erp.write!('invoice', invoice('poshub:4'), {
      reference: 'poshub:4',
      idempotencyKey: 'k4-v3',
      existingId: 'INV-404',
    });
    await expect(missing).rejects.toBeInstanceOf(RejectedError);
  });

  it('422 becomes RejectedError carrying the server message', async () => {
    const erp = connect(fakeErp, config());
    const { lines: _lines, ...noLines } = invoice('poshub:5');
    const err = await erp.write!('invoice', noLines, { reference: 'poshub:5', idempotencyKey: 'k5' }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(RejectedError);
    expect((err as RejectedError).message).toContain('lines: Invalid input');
    expect((err as RejectedError).details).toMatchObject({ status: 422 });
    expect(server.creates()).toHaveLength(0);
    await expect(erp.write!('invoice', {}, { reference: 'x', idempotencyKey: 'k' })).rejects.toBeInstanceOf(
      RejectedError,
    );
  });

  it('writes customers, found again by reference', async () => {
    const erp = connect(fakeErp, config());
    const payload = {
      reference: 'poshub:c1',
      external_id: 'C0001',
      name: 'Binh Tran',
      email: 'b@example.com',
    };
    const options = { reference: 'poshub:c1', idempotencyKey: 'c1-v1' };
    expect(await erp.write!('customer', payload, options)).toEqual({
      externalId: 'CUS-000001',
      created: true,
    });
    expect(await erp.write!('customer', payload, options)).toEqual({
      externalId: 'CUS-000001',
      created: false,
    });
    expect(server.customers()).toEqual([
      expect.objectContaining({ name: 'Binh Tran', email: 'b@example.com' }),
    ]);
    const byEmail = await fetch(`${server.url}/api/customers?email=b%40example.com`, {
      headers: { authorization: 'Bearer erp-key-5678' },
    });
    expect(((await byEmail.json()) as { data: unknown[] }).data).toHaveLength(1);
  });

  it('a bad key gives AuthError; 500 and timeouts give TransientError', async () => {
    const options = { reference: 'poshub:6', idempotencyKey: 'k6' };
    await expect(
      connect(fakeErp, config({ apiKey: 'bad' })).write!('invoice', invoice('poshub:6'), options),
    ).rejects.toBeInstanceOf(AuthError);
    server.setFaults({ errorRate: 1 });
    await expect(
      connect(fakeErp, config()).write!('invoice', invoice('poshub:6'), options),
    ).rejects.toBeInstanceOf(TransientError);
    server.setFaults({ timeoutRate: 1 });
    await expect(
      connect(fakeErp, config({ timeoutMs: 150 })).write!('invoice', invoice('poshub:6'), options),
    ).rejects.toBeInstanceOf(TransientError);
    expect(server.creates()).toHaveLength(0);
  });

  it('429 becomes RateLimitedError and blocks the connection in the governor', async () => {
    const redis = new Redis({ host: '127.0.0.1', port: 6379 });
    const prefix = `test:fakes-erp:${randomUUID()}`;
    try {
      const governor = new RateGovernor(redis, prefix);
      const erp = connect(fakeErp, config(), { governor }, 'erp-429');
      server.setFaults({ rateLimitRate: 1, retryAfterSeconds: 2 });
      const err = await erp.write!('invoice', invoice('poshub:7'), {
        reference: 'poshub:7',
        idempotencyKey: 'k7',
      }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RateLimitedError);
      expect((err as RateLimitedError).retryAfterMs).toBe(2000);
      expect(await governor.blockedFor('erp-429')).toBeGreaterThan(1500);
    } finally {
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
    }
  });
});
