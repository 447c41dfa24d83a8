import type { WebhookRequest } from '../../src/sdk';
import { SquareConfigSchema } from './square.config';
import { SQUARE_SIGNATURE_HEADER, squareSignature, squareWebhook } from './square.webhook';

const URL = 'https://hub.example.com/webhooks/square-main';
const KEY = 'sig-key-0123456789';
const config = SquareConfigSchema.parse({
  accessToken: 't',
  locationIds: ['L1'],
  webhookSignatureKey: KEY,
  webhookNotificationUrl: URL,
});

function request(body: object | string, signature?: string): WebhookRequest {
  const rawBody = Buffer.from(typeof body === 'string' ? body : JSON.stringify(body), 'utf8');
  return {
    method: 'POST',
    url: '/webhooks/square-main',
    headers: { [SQUARE_SIGNATURE_HEADER]: signature ?? squareSignature(KEY, URL, rawBody) },
    rawBody,
    receivedAt: new Date(),
  };
}

describe('squareWebhook.verify', () => {
  const body = {
    event_id: 'e1',
    type: 'order.updated',
    data: { object: { order_updated: { order_id: 'O1' } } },
  };

  it('accepts base64 HMAC-SHA256 over notification URL + raw body', () => {
    expect(squareWebhook.verify(request(body), config)).toBe(true);
  });

  it('rejects a forged body, a signature made for another URL, garbage and a missing key', () => {
    const good = request(body);
    const tampered = { ...good, rawBody: Buffer.from(JSON.stringify({ ...body, event_id: 'e2' })) };
    expect(squareWebhook.verify(tampered, config)).toBe(false);
    const otherUrl = request(
      body,
      squareSignature(KEY, 'https://evil.example.com/webhooks/square-main', good.rawBody),
    );
    expect(squareWebhook.verify(otherUrl, config)).toBe(false);
    expect(squareWebhook.verify(request(body, 'not base64 at all'), config)).toBe(false);
    expect(squareWebhook.verify({ ...good, headers: {} }, config)).toBe(false);
    const noKey = SquareConfigSchema.parse({ accessToken: 't', locationIds: ['L1'] });
    expect(squareWebhook.verify(good, noKey)).toBe(false);
  });
});

describe('squareWebhook.parse', () => {
  it('asks to fetch orders named by order, payment and refund events', () => {
    const order = request({
      event_id: 'e1',
      type: 'order.created',
      data: { object: { order_created: { order_id: 'O1' } } },
    });
    const payment = request({
      event_id: 'e2',
      type: 'payment.updated',
      data: { object: { payment: { id: 'P', order_id: 'O2' } } },
    });
    const refund = request({
      event_id: 'e3',
      type: 'refund.created',
      data: { object: { refund: { id: 'R', order_id: 'O3' } } },
    });
    expect(squareWebhook.parse(order, config)).toEqual([
      { eventId: 'e1', type: 'order.created', stream: 'transactions', fetchIds: ['O1'] },
    ]);
    expect(squareWebhook.parse(payment, config)[0].fetchIds).toEqual(['O2']);
    expect(squareWebhook.parse(refund, config)[0].fetchIds).toEqual(['O3']);
  });

  it('carries full customers, marks deleted ones, and splits inventory counts into stock records', () => {
    const customer = { id: 'C1', version: 3, given_name: 'Ann' };
    const [updated] = squareWebhook.parse(
      request({ event_id: 'e4', type: 'customer.updated', data: { object: { customer } } }),
      config,
    );
    expect(updated.record).toEqual({ externalId: 'C1', version: '3', data: customer });
    const [deleted] = squareWebhook.parse(
      request({ event_id: 'e5', type: 'customer.deleted', data: { deleted: true, object: { customer } } }),
      config,
    );
    expect(deleted.record?.data).toEqual({ ...customer, deleted: true });
    const counts = [
      {
        catalog_object_id: 'V1',
        location_id: 'L1',
        state: 'IN_STOCK',
        quantity: '3',
        calculated_at: '2025-01-01T00:00:00Z',
      },
      {
        catalog_object_id: 'V1',
        location_id: 'L1',
        state: 'SOLD',
        quantity: '1',
        calculated_at: '2025-01-01T00:00:00Z',
      },
      {
        catalog_object_id: 'V2',
        location_id: 'L1',
        state: 'IN_STOCK',
        quantity: '0',
        calculated_at: '2025-01-01T00:00:00Z',
      },
    ];
    const stock = squareWebhook.parse(
      request({
        event_id: 'e6',
        type: 'inventory.count.updated',
        data: { object: { inventory_counts: counts } },
      }),
      config,
    );
    expect(stock.map((e) => [e.eventId, e.stream, e.record?.externalId])).toEqual([
      ['e6:0', 'stock', 'V1@L1'],
      ['e6:1', 'stock', 'V2@L1'],
    ]);
  });

  it('ignores unknown types and refuses bodies that are not Square events', () => {
    expect(
      squareWebhook.parse(request({ event_id: 'e7', type: 'catalog.version.updated', data: {} }), config),
    ).toEqual([]);
    expect(() => squareWebhook.parse(request('{not json'), config)).toThrow('not JSON');
    expect(() => squareWebhook.parse(request({ type: 'order.updated' }), config)).toThrow('event_id');
  });
});
