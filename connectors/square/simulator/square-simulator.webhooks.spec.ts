import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadOpenApi, validateTraffic } from '../../../test/support/openapi-validator';
import { squareCall } from './sim-test.client';
import { RETRY_UNITS, SquareSimulator, signSquareWebhook } from './square-simulator';

const validator = loadOpenApi(`${__dirname}/../../../../shared/specs/square/square-api-subset.openapi.json`);

/** Schema of each event type, as the spec's `x-webhook.event` names them. */
const EVENT_SCHEMAS: Record<string, string> = {
  'order.created': 'OrderCreatedEvent',
  'order.updated': 'OrderUpdatedEvent',
  'customer.created': 'CustomerCreatedEvent',
  'customer.updated': 'CustomerUpdatedEvent',
  'customer.deleted': 'CustomerDeletedEvent',
  'inventory.count.updated': 'InventoryCountUpdatedEvent',
};

interface Received {
  headers: http.IncomingHttpHeaders;
  raw: string;
  at: number;
}

async function startReceiver(statuses: number[] = []) {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, raw: Buffer.concat(chunks).toString('utf8'), at: Date.now() });
      res.writeHead(statuses.shift() ?? 200).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/square-1`;
  return { url, received, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe('SquareSimulator webhooks', () => {
  it('signs like Square: base64 HMAC-SHA256 over notification URL + raw body', () => {
    // Independent computation with node:crypto on a fixed vector.
    const key = 'sig-key-123';
    const url = 'https://hub.example.com/webhooks/pos-1';
    const body = '{"event_id":"e1","type":"order.updated"}';
    const expected = createHmac('sha256', Buffer.from(key, 'utf8'))
      .update(Buffer.from(url + body, 'utf8'))
      .digest('base64');
    expect(signSquareWebhook(key, url, body)).toBe(expected);
    // Pinned with: printf '%s' "$url$body" | openssl dgst -sha256 -hmac "$key" -binary | base64
    expect(signSquareWebhook(key, url, body)).toBe('B6SYltcsf3YQUWrUlxhu1buPrcjwK8fbrqtC9IqhLUk=');
    expect(signSquareWebhook(key, `${url}/`, body)).not.toBe(expected);
  });

  it('delivers signed events for changes, in Square envelopes that validate against the spec', async () => {
    const receiver = await startReceiver();
    const sim = await SquareSimulator.start({
      webhook: { notificationUrl: receiver.url, signatureKey: 'k1' },
    });
    try {
      const [order] = sim.generateOrders(1, { refundRatio: 0, customers: 1 });
      sim.touchOrder(order!.id);
      const created = await squareCall(sim, 'POST', '/v2/customers', { given_name: 'An' });
      const id = (created.body.customer as { id: string }).id;
      await squareCall(sim, 'PUT', `/v2/customers/${id}`, { family_name: 'Vo' });
      await squareCall(sim, 'DELETE', `/v2/customers/${id}`);
      await squareCall(sim, 'POST', '/v2/inventory/changes/batch-create', {
        idempotency_key: 'w1',
        changes: [
          {
            type: 'PHYSICAL_COUNT',
            physical_count: {
              catalog_object_id: sim.catalogVariations()[0]!.id,
              location_id: sim.locationIds[0],
              state: 'IN_STOCK',
              quantity: '500',
              occurred_at: new Date().toISOString(),
            },
          },
        ],
      });
      await sim.webhooksIdle();

      const events = receiver.received.map((r) => ({
        r,
        body: JSON.parse(r.raw) as {
          type: string;
          event_id: string;
          merchant_id: string;
          data: { type: string; id: string; object: Record<string, unknown> };
        },
      }));
      expect(events.map((e) => e.body.type).sort()).toEqual(
        [
          'customer.created',
          'customer.created',
          'customer.deleted',
          'customer.updated',
          'inventory.count.updated',
          'order.created',
          'order.updated',
        ].sort(),
      );
      for (const { r, body } of events) {
        expect(r.headers['x-square-hmacsha256-signature']).toBe(signSquareWebhook('k1', receiver.url, r.raw));
        expect(r.headers['square-environment']).toBe('Sandbox');
        expect(body.merchant_id).toBe(sim.merchantId);
        expect(validator.validateSchema(EVENT_SCHEMAS[body.type]!, body)).toEqual([]);
      }
      const updated = events.find((e) => e.body.type === 'order.updated')!.body;
      expect(updated.data).toEqual({
        type: 'order_updated',
        id: order!.id,
        object: {
          order_updated: expect.objectContaining({
            order_id: order!.id,
            state: 'COMPLETED',
            version: order!.version + 1,
          }),
        },
      });
      expect(Object.keys(updated.data.object.order_updated as object).sort()).toEqual([
        'created_at',
        'location_id',
        'order_id',
        'state',
        'updated_at',
        'version',
      ]);
      const stock = events.find((e) => e.body.type === 'inventory.count.updated')!.body;
      expect(stock.data.object.inventory_counts).toEqual([expect.objectContaining({ quantity: '500' })]);
      expect(validateTraffic(validator, sim.requestLog())).toEqual([]);
    } finally {
      await sim.close();
      await receiver.close();
    }
  });

  it('retries a failed delivery (500, then 302) on Square’s doubling schedule, same event and signature', async () => {
    const receiver = await startReceiver([500, 302, 500]);
    const scale = 20;
    const sim = await SquareSimulator.start({
      webhook: { notificationUrl: receiver.url, signatureKey: 'k2' },
      webhookRetryScaleMs: scale,
      emitOnChange: false,
    });
    try {
      const { eventId } = await sim.emitWebhook('order.updated', {
        type: 'order_updated',
        id: 'o1',
        object: { order_updated: { order_id: 'o1', version: 2 } },
      });
      await sim.webhooksIdle();
      expect(receiver.received).toHaveLength(4);
      expect(new Set(receiver.received.map((r) => r.raw)).size).toBe(1);
      expect((JSON.parse(receiver.received[0]!.raw) as { event_id: string }).event_id).toBe(eventId);
      const gaps = receiver.received.slice(1).map((r, i) => r.at - receiver.received[i]!.at);
      gaps.forEach((gap, i) => expect(gap).toBeGreaterThanOrEqual(RETRY_UNITS[i]! * scale - 2));
      expect(gaps[2]!).toBeGreaterThan(gaps[0]!);
      expect(sim.webhookAttempts().map((a) => a.status)).toEqual([500, 302, 500, 200]);
    } finally {
      await sim.close();
      await receiver.close();
    }
  });

  it('stops after 10 retries', async () => {
    const receiver = await startReceiver(Array.from({ length: 20 }, () => 503));
    const sim = await SquareSimulator.start({
      webhook: { notificationUrl: receiver.url, signatureKey: 'k3' },
      webhookRetryScaleMs: 1,
    });
    try {
      await sim.emitWebhook('customer.updated', {
        type: 'customer',
        id: 'c',
        object: { customer: { id: 'c' } },
      });
      await sim.webhooksIdle();
      expect(receiver.received).toHaveLength(11);
    } finally {
      await sim.close();
      await receiver.close();
    }
  });
});
