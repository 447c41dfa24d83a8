import type { WebhookRequest } from '../../src/sdk';
import { HubSpotConfigSchema } from './hubspot.config';
import { SIGNATURE_V3_HEADER, TIMESTAMP_HEADER, hubspotSignatureV3, hubspotWebhook } from './hubspot.webhook';

const SECRET = 'client-secret-0123';
const PUBLIC = 'https://hub.example.com/base-ignored';
const config = HubSpotConfigSchema.parse({ accessToken: 't', clientSecret: SECRET, webhookUrl: PUBLIC });
const NOW = new Date('2025-03-03T10:00:00.000Z');
const EVENTS = [
  { eventId: 101, subscriptionType: 'contact.creation', objectId: 5001, portalId: 1, occurredAt: 1 },
  { eventId: 102, subscriptionType: 'contact.propertyChange', objectId: 5002, propertyName: 'email' },
  { eventId: 103, subscriptionType: 'deal.creation', objectId: 9 },
];

function request(
  overrides: Partial<WebhookRequest> = {},
  sign: { uri?: string; ts?: string; secret?: string } = {},
) {
  const rawBody = Buffer.from(JSON.stringify(EVENTS));
  const url = '/webhooks/hs-main?x=1';
  const ts = sign.ts ?? String(NOW.getTime() - 1000);
  const uri = sign.uri ?? `https://hub.example.com${url}`;
  const signature = hubspotSignatureV3(sign.secret ?? SECRET, 'POST', uri, rawBody, ts);
  const base: WebhookRequest = {
    method: 'POST',
    url,
    headers: { [SIGNATURE_V3_HEADER]: signature, [TIMESTAMP_HEADER]: ts, host: 'internal:3000' },
    rawBody,
    receivedAt: NOW,
  };
  return { ...base, ...overrides };
}

describe('hubspotWebhook.verify', () => {
  it('accepts a v3 signature over method + public origin + path + body + timestamp', () => {
    expect(hubspotWebhook.verify(request(), config)).toBe(true);
  });

  it('rebuilds the uri from forwarded headers when no webhookUrl is configured', () => {
    const noUrl = HubSpotConfigSchema.parse({ accessToken: 't', clientSecret: SECRET });
    const signed = request({}, { uri: 'https://proxy.example.com/webhooks/hs-main?x=1' });
    const forwarded = { ...signed, headers: { ...signed.headers, 'x-forwarded-host': 'proxy.example.com' } };
    expect(hubspotWebhook.verify(forwarded, noUrl)).toBe(true);
    expect(hubspotWebhook.verify(signed, noUrl)).toBe(false);
  });

  it('refuses stale, future, missing or junk timestamps, other secrets, tampering and no secret', () => {
    const old = String(NOW.getTime() - 5 * 60 * 1000 - 1);
    const future = String(NOW.getTime() + 5 * 60 * 1000 + 1);
    expect(hubspotWebhook.verify(request({}, { ts: old }), config)).toBe(false);
    expect(hubspotWebhook.verify(request({}, { ts: future }), config)).toBe(false);
    expect(hubspotWebhook.verify(request({}, { ts: 'soon' }), config)).toBe(false);
    const noTs = request();
    expect(
      hubspotWebhook.verify(
        { ...noTs, headers: { [SIGNATURE_V3_HEADER]: noTs.headers[SIGNATURE_V3_HEADER] } },
        config,
      ),
    ).toBe(false);
    expect(hubspotWebhook.verify(request({}, { secret: 'other' }), config)).toBe(false);
    expect(hubspotWebhook.verify(request({ rawBody: Buffer.from('[]') }), config)).toBe(false);
    expect(hubspotWebhook.verify(request({ method: 'PUT' }), config)).toBe(false);
    expect(hubspotWebhook.verify(request(), HubSpotConfigSchema.parse({ accessToken: 't' }))).toBe(false);
    expect(hubspotWebhook.verify({ ...request(), rawBody: undefined as unknown as Buffer }, config)).toBe(
      false,
    );
  });
});

describe('hubspotWebhook.parse', () => {
  it('turns contact creation and property changes into customers fetches and ignores the rest', () => {
    expect(hubspotWebhook.parse(request(), config)).toEqual([
      { eventId: '101', type: 'contact.creation', stream: 'customers', fetchIds: ['5001'] },
      { eventId: '102', type: 'contact.propertyChange', stream: 'customers', fetchIds: ['5002'] },
    ]);
  });

  it('refuses bodies that are not a JSON array', () => {
    expect(() => hubspotWebhook.parse(request({ rawBody: Buffer.from('{"eventId":1}') }), config)).toThrow(
      'array',
    );
    expect(() => hubspotWebhook.parse(request({ rawBody: Buffer.from('{nope') }), config)).toThrow('JSON');
  });
});
