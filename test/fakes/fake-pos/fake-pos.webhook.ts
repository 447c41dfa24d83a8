import { z } from 'zod';
import {
  hmac,
  RejectedError,
  timingSafeEqualString,
  type WebhookEvent,
  type WebhookVerifier,
} from '../../../src/sdk';
import type { FakePosConfig } from './fake-pos.connector';

/** Header carrying base64 HMAC-SHA256(webhookSecret, raw body), the scheme Shopify uses. */
export const FAKE_POS_SIGNATURE_HEADER = 'x-fake-pos-hmac-sha256';

const EventSchema = z.object({
  id: z.string().min(1),
  type: z.enum(['transaction.updated', 'customer.updated']),
  /** transaction events name the transaction; customer events carry the whole customer. */
  transaction_id: z.string().min(1).optional(),
  customer: z.record(z.string(), z.unknown()).optional(),
});
const BodySchema = z.object({ events: z.array(EventSchema).min(1) });

/** Signs a body the way the fake POS does (tests and the demo use it to send webhooks). */
export function signFakePosWebhook(secret: string, rawBody: string | Buffer): string {
  return hmac('sha256', secret, rawBody, 'base64');
}

/** Webhooks of the reference source: a batch of events per request, signed over the raw body. */
export const fakePosWebhook: WebhookVerifier<FakePosConfig> = {
  verify(request, config) {
    const given = request.headers[FAKE_POS_SIGNATURE_HEADER];
    if (!config.webhookSecret || !given) return false;
    return timingSafeEqualString(given, signFakePosWebhook(config.webhookSecret, request.rawBody));
  },
  parse(request) {
    let json: unknown;
    try {
      json = JSON.parse(request.rawBody.toString('utf8'));
    } catch {
      throw new RejectedError('fake-pos webhook body is not JSON');
    }
    const parsed = BodySchema.safeParse(json);
    if (!parsed.success) throw new RejectedError(`fake-pos webhook body: ${parsed.error.issues[0]?.message}`);
    return parsed.data.events.map((event): WebhookEvent => {
      if (event.type === 'customer.updated' && event.customer && typeof event.customer.id === 'string') {
        return {
          eventId: event.id,
          type: event.type,
          stream: 'customers',
          record: { externalId: event.customer.id, data: event.customer },
        };
      }
      return {
        eventId: event.id,
        type: event.type,
        stream: 'transactions',
        fetchIds: event.transaction_id ? [event.transaction_id] : [],
      };
    });
  },
};
