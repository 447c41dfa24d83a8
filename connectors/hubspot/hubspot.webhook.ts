import {
  RejectedError,
  hmac,
  timingSafeEqualString,
  type WebhookEvent,
  type WebhookRequest,
  type WebhookVerifier,
} from '../../src/sdk';
import type { HubSpotConfig } from './hubspot.config';

/** Headers of HubSpot's v3 request signatures (lower-cased, as the hub hands them over). */
export const SIGNATURE_V3_HEADER = 'x-hubspot-signature-v3';
export const TIMESTAMP_HEADER = 'x-hubspot-request-timestamp';

/** HubSpot's advice: refuse requests whose timestamp is more than 5 minutes away from now. */
export const MAX_SKEW_MS = 5 * 60 * 1000;

/** Subscription types that become `customers` events; others are ignored. */
const CONTACT_EVENTS = new Set(['contact.creation', 'contact.propertyChange']);

type WebhookConfig = Pick<HubSpotConfig, 'clientSecret' | 'webhookUrl'>;

/**
 * base64(HMAC-SHA256(client secret, method + uri + body + timestamp)), HubSpot's v3 signature. The
 * body is the exact bytes received (as UTF-8 text); the timestamp is the header's text in ms.
 */
export function hubspotSignatureV3(
  clientSecret: string,
  method: string,
  uri: string,
  rawBody: Buffer | string,
  timestamp: string,
): string {
  const body = typeof rawBody === 'string' ? rawBody : rawBody.toString('utf8');
  return hmac('sha256', clientSecret, `${method}${uri}${body}${timestamp}`, 'base64');
}

/**
 * The `uri` HubSpot signed: the configured public URL's origin + the path and query received (a
 * proxy may rewrite the host, never the path HubSpot called), else rebuilt from the forwarded
 * headers.
 */
export function signedUri(request: WebhookRequest, config: Readonly<WebhookConfig>): string {
  if (config.webhookUrl) return `${new URL(config.webhookUrl).origin}${request.url}`;
  const proto = request.headers['x-forwarded-proto']?.split(',')[0]?.trim() || 'https';
  const host = request.headers['x-forwarded-host']?.split(',')[0]?.trim() || request.headers.host || '';
  return `${proto}://${host}${request.url}`;
}

/**
 * HubSpot webhook verifier (signature v3 only; v1/v2 carry no timestamp and cannot stop replays).
 * `verify` is false without a client secret, a v3 signature, or a timestamp within 5 minutes of
 * `receivedAt`. `parse` turns contact.creation / contact.propertyChange events into `customers`
 * events to fetch; other subscription types are ignored.
 */
export const hubspotWebhook: WebhookVerifier<HubSpotConfig> = {
  verify(request: WebhookRequest, config: Readonly<WebhookConfig>): boolean {
    try {
      const secret = config.clientSecret;
      const given = request.headers[SIGNATURE_V3_HEADER];
      const timestamp = request.headers[TIMESTAMP_HEADER]?.trim();
      if (!secret || typeof given !== 'string' || given.trim() === '' || !timestamp) return false;
      if (!/^\d+$/.test(timestamp)) return false;
      const skew = Math.abs(request.receivedAt.getTime() - Number(timestamp));
      if (!(skew <= MAX_SKEW_MS)) return false;
      if (!Buffer.isBuffer(request.rawBody)) return false;
      const expected = hubspotSignatureV3(
        secret,
        request.method.toUpperCase(),
        signedUri(request, config),
        request.rawBody,
        timestamp,
      );
      return timingSafeEqualString(expected, given.trim());
    } catch {
      return false;
    }
  },

  parse(request: WebhookRequest): WebhookEvent[] {
    let json: unknown;
    try {
      json = JSON.parse(request.rawBody.toString('utf8'));
    } catch {
      throw new RejectedError('HubSpot webhook body is not JSON');
    }
    if (!Array.isArray(json)) throw new RejectedError('HubSpot webhook body is not an array of events');
    const events: WebhookEvent[] = [];
    for (const entry of json as unknown[]) {
      if (typeof entry !== 'object' || entry === null) continue;
      const { eventId, subscriptionType, objectId } = entry as Record<string, unknown>;
      if (typeof subscriptionType !== 'string' || !CONTACT_EVENTS.has(subscriptionType)) continue;
      const okId = (v: unknown): v is string | number =>
        (typeof v === 'number' && Number.isFinite(v)) || (typeof v === 'string' && v !== '');
      if (!okId(eventId) || !okId(objectId)) continue;
      events.push({
        eventId: String(eventId),
        type: subscriptionType,
        stream: 'customers',
        fetchIds: [String(objectId)],
      });
    }
    return events;
  },
};
