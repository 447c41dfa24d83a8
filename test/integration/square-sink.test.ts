import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { square } from '../../connectors/square/square.connector';
import { SquareSimulator } from '../../connectors/square/simulator/square-simulator';
import type { ConnectorInstance, WebhookRequest } from '../../src/sdk';
import { connect, readAll } from '../fakes/connector-harness';

/** Captures webhook deliveries exactly as received (raw bytes + headers). */
async function startReceiver(): Promise<{ url: string; received: WebhookRequest[]; close(): Promise<void> }> {
  const received: WebhookRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
      received.push({
        method: 'POST',
        url: req.url ?? '/',
        headers,
        rawBody: Buffer.concat(chunks),
        receivedAt: new Date(),
      });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('square sink, webhooks and other streams against the simulator', () => {
  const KEY = 'square-webhook-signature-key';
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let sim: SquareSimulator;
  let notificationUrl: string;
  let target: ConnectorInstance;
  let config: Record<string, unknown>;

  beforeAll(async () => {
    receiver = await startReceiver();
    notificationUrl = `${receiver.url}/webhooks/square-main`;
    sim = await SquareSimulator.start({
      seed: 99,
      webhook: { notificationUrl, signatureKey: KEY },
      emitOnChange: false,
    });
    sim.generateOrders(20, { customers: 5, refundRatio: 0 });
    config = {
      accessToken: sim.accessToken,
      baseUrl: sim.url,
      locationIds: sim.locationIds,
      webhookSignatureKey: KEY,
      webhookNotificationUrl: notificationUrl,
    };
    target = connect(square, config);
  });
  afterAll(async () => {
    await sim.close();
    await receiver.close();
  });

  it('updates the customer found by email or by phone instead of creating a duplicate', async () => {
    const [byEmail, byPhone] = sim.customers().filter((c) => c.email_address && c.phone_number);
    const creates = sim.customerCreates();
    const first = await target.write!(
      'customer',
      { given_name: 'Renamed', email_address: byEmail.email_address },
      { reference: 'poshub:rec-email', idempotencyKey: 'rec-email:v1' },
    );
    expect(first).toEqual({ externalId: byEmail.id, created: false });
    const second = await target.write!(
      'customer',
      { family_name: 'Phoned', phone_number: byPhone.phone_number },
      { reference: 'poshub:rec-phone', idempotencyKey: 'rec-phone:v1' },
    );
    expect(second).toEqual({ externalId: byPhone.id, created: false });
    expect(sim.customerCreates()).toBe(creates);
    const updated = sim.customers().find((c) => c.id === byEmail.id)!;
    expect(updated.given_name).toBe('Renamed');
    expect(updated.version).toBeGreaterThan(byEmail.version ?? 0);
  });

  it('finds its own earlier create by reference after a lost response, and updates linked ids with version', async () => {
    const creates = sim.customerCreates();
    const payload = { given_name: 'Lost', family_name: 'Response' };
    const options = { reference: 'poshub:rec-lost', idempotencyKey: 'rec-lost:v1' };
    const created = await target.write!('customer', payload, options);
    expect(created.created).toBe(true);
    // The link was never stored: the retry has no existingId and must not create again.
    const retried = await target.write!('customer', payload, { ...options, idempotencyKey: 'rec-lost:v2' });
    expect(retried).toEqual({ externalId: created.externalId, created: false });
    expect(sim.customerCreates()).toBe(creates + 1);
    const linked = await target.write!(
      'customer',
      { given_name: 'Found', family_name: 'Again' },
      { reference: 'poshub:rec-lost', idempotencyKey: 'rec-lost:v3', existingId: created.externalId },
    );
    expect(linked).toEqual({ externalId: created.externalId, created: false });
    const stored = sim.customers().find((c) => c.id === created.externalId)!;
    expect([stored.given_name, stored.reference_id]).toEqual(['Found', 'poshub:rec-lost']);
  });

  it('writes the same stock level version once, and a new version again', async () => {
    const variation = sim.catalogVariations().find((v) => v.type === 'ITEM_VARIATION' && !v.is_deleted)!;
    const payload = {
      catalog_object_id: variation.id,
      location_id: sim.locationIds[0],
      quantity: '17',
      occurred_at: new Date(Date.now() - 60_000).toISOString(),
    };
    const before = sim.inventoryChanges().length;
    const options = { reference: 'poshub:stock-1', idempotencyKey: 'stock-1:v1' };
    const first = await target.write!('stock', payload, options);
    await target.write!('stock', payload, options);
    expect(first.externalId).toBe(`${variation.id}@${sim.locationIds[0]}`);
    expect(sim.inventoryChanges().length).toBe(before + 1);
    await target.write!(
      'stock',
      { ...payload, quantity: '16' },
      { ...options, idempotencyKey: 'stock-1:v2' },
    );
    expect(sim.inventoryChanges().length).toBe(before + 2);
    const count = sim
      .inventoryCounts()
      .find(
        (c) =>
          c.catalog_object_id === variation.id &&
          c.location_id === sim.locationIds[0] &&
          c.state === 'IN_STOCK',
      );
    expect(count?.quantity).toBe('16');
  });

  it('reads customers, products and stock incrementally from their checkpoints', async () => {
    for (const stream of ['customers', 'products', 'stock']) {
      const pages = await readAll(target, stream, null);
      const records = pages.flatMap((p) => p.records);
      expect({ stream, some: records.length > 0 }).toEqual({ stream, some: true });
      const last = pages[pages.length - 1].cursor;
      expect(last).not.toBeNull();
      expect(() => JSON.parse(last!)).not.toThrow();
    }
    const products = (await readAll(target, 'products', null)).flatMap((p) => p.records);
    expect(new Set(products.map((p) => (p.data as { type: string }).type))).toEqual(
      new Set(['ITEM_VARIATION']),
    );
    const customers = (await readAll(target, 'customers', null)).flatMap((p) => p.records);
    expect(customers.length).toBe(sim.customers().length);
  });

  it('verifies simulator-signed deliveries and refuses forged or other-URL signatures', async () => {
    const customer = sim.customers()[0];
    const { eventId } = await sim.emitWebhook('customer.updated', {
      type: 'customer',
      id: customer.id,
      object: { customer },
    });
    const delivery = receiver.received.find((r) => r.rawBody.toString('utf8').includes(eventId))!;
    const parsedConfig = square.manifest.configSchema.parse(config);
    const verifier = square.manifest.webhook!;
    expect(verifier.verify(delivery, parsedConfig)).toBe(true);
    expect(verifier.parse(delivery, parsedConfig)).toEqual([
      expect.objectContaining({
        eventId,
        stream: 'customers',
        record: expect.objectContaining({ externalId: customer.id }),
      }),
    ]);
    const forged = {
      ...delivery,
      rawBody: Buffer.from(delivery.rawBody.toString('utf8').replace(customer.id, 'X')),
    };
    expect(verifier.verify(forged, parsedConfig)).toBe(false);
    const elsewhere = square.manifest.configSchema.parse({
      ...config,
      webhookNotificationUrl: 'https://other.example.com/webhooks/square-main',
    });
    expect(verifier.verify(delivery, elsewhere)).toBe(false);
  });
});
