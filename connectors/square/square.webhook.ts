import {
  RejectedError,
  hmac,
  timingSafeEqualString,
  type WebhookEvent,
  type WebhookRequest,
  type WebhookVerifier,
} from '../../src/sdk';
import type { SquareConfig } from './square.config';
import { countRecord, customerRecord } from './square.records';
import { SquareWebhookEnvelopeSchema, type SquareWebhookEnvelope } from './square.schemas';

/** Header carrying base64(HMAC-SHA256(signature key, notification URL + raw body)). */
export const SQUARE_SIGNATURE_HEADER = 'x-square-hmacsha256-signature';

type WebhookConfig = Pick<SquareConfig, 'webhookSignatureKey' | 'webhookNotificationUrl'>;

/**
 * Square's signature over a delivery: the URL is the one registered with the subscription, used
 * verbatim (not rebuilt from the request, which a proxy may rewrite), followed by the exact body
 * bytes with no separator.
 */
export function squareSignature(
  signatureKey: string,
  notificationUrl: string,
  rawBody: Buffer | string,
): string {
  const body = typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody;
  return hmac('sha256', signatureKey, Buffer.concat([Buffer.from(notificationUrl, 'utf8'), body]), 'base64');
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function orderIdOf(envelope: SquareWebhookEnvelope): string | undefined {
  const object = envelope.data?.object ?? {};
  // order.created → order_created, order.updated → order_updated, order.fulfillment.updated → …
  for (const value of Object.values(object)) {
    const id = record(value)?.order_id;
    if (typeof id === 'string' && id !== '') return id;
  }
  return undefined;
}

function fetchOrder(envelope: SquareWebhookEnvelope, orderId: string | undefined): WebhookEvent[] {
  if (orderId === undefined) return [];
  return [{ eventId: envelope.event_id, type: envelope.type, stream: 'transactions', fetchIds: [orderId] }];
}

function customerEvents(envelope: SquareWebhookEnvelope): WebhookEvent[] {
  const customer = envelope.data?.object?.customer;
  if (customer === undefined) return [];
  const deleted = envelope.type === 'customer.deleted' || envelope.data?.deleted === true;
  const rec = customerRecord(customer, envelope.data?.id ?? envelope.event_id, deleted);
  return [{ eventId: envelope.event_id, type: envelope.type, stream: 'customers', record: rec }];
}

function inventoryEvents(envelope: SquareWebhookEnvelope): WebhookEvent[] {
  const counts = envelope.data?.object?.inventory_counts;
  if (!Array.isArray(counts)) return [];
  // The stock stream reads IN_STOCK counts only; other states (SOLD, WASTE…) are not stock on hand.
  const inStock = counts.filter((c) => record(c)?.state === 'IN_STOCK');
  return inStock.map((count, i) => ({
    // The hub drops repeated event ids, so each count of one delivery needs its own, stable id.
    eventId: inStock.length === 1 ? envelope.event_id : `${envelope.event_id}:${i}`,
    type: envelope.type,
    stream: 'stock',
    record: countRecord(count, `${envelope.event_id}:${i}`),
  }));
}

/**
 * Square webhook verifier. `verify` is false for anything not signed with the connection's key
 * over its registered notification URL (including when either is not configured). `parse` maps:
 * order.* → fetch the order (events carry a summary); payment.* / refund.* → fetch their order;
 * customer.created/updated → the full customer; customer.deleted → the customer marked
 * `deleted: true`; inventory.count.updated → one stock record per IN_STOCK count; others → none.
 */
export const squareWebhook: WebhookVerifier<SquareConfig> = {
  verify(request: WebhookRequest, config: Readonly<WebhookConfig>): boolean {
    try {
      const key = config.webhookSignatureKey;
      const url = config.webhookNotificationUrl;
      const given = request.headers[SQUARE_SIGNATURE_HEADER];
      if (!key || !url || typeof given !== 'string' || given.trim() === '') return false;
      if (!Buffer.isBuffer(request.rawBody)) return false;
      return timingSafeEqualString(squareSignature(key, url, request.rawBody), given.trim());
    } catch {
      return false;
    }
  },

  parse(request: WebhookRequest): WebhookEvent[] {
    let json: unknown;
    try {
      json = JSON.parse(request.rawBody.toString('utf8'));
    } catch {
      throw new RejectedError('Square webhook body is not JSON');
    }
    const parsed = SquareWebhookEnvelopeSchema.safeParse(json);
    if (!parsed.success) throw new RejectedError('Square webhook body has no event_id or type');
    const envelope = parsed.data;
    const type = envelope.type;
    if (type.startsWith('order.')) return fetchOrder(envelope, orderIdOf(envelope));
    if (type.startsWith('payment.')) {
      const orderId = record(envelope.data?.object?.payment)?.order_id;
      return fetchOrder(envelope, typeof orderId === 'string' && orderId !== '' ? orderId : undefined);
    }
    if (type.startsWith('refund.')) {
      const orderId = record(envelope.data?.object?.refund)?.order_id;
      return fetchOrder(envelope, typeof orderId === 'string' && orderId !== '' ? orderId : undefined);
    }
    if (type === 'customer.created' || type === 'customer.updated' || type === 'customer.deleted') {
      return customerEvents(envelope);
    }
    if (type === 'inventory.count.updated') return inventoryEvents(envelope);
    return [];
  },
};
