import { hubspot } from '../../connectors/hubspot/hubspot.connector';
import { simInstance } from '../../connectors/hubspot/hubspot.spec-helper';
import { SIGNATURE_V3_HEADER, TIMESTAMP_HEADER } from '../../connectors/hubspot/hubspot.webhook';
import { HubSpotSimulator, signHubSpotV3 } from '../../connectors/hubspot/simulator/hubspot-simulator';
import type { WebhookRequest } from '../../src/sdk';
import { describeConnectorConformance, type ConformanceEnvironment } from './conformance.suite';

let sim: HubSpotSimulator;
const WEBHOOK_URL = 'https://hub.example.com/webhooks/hubspot';
const EVENTS = JSON.stringify([
  {
    eventId: 4001,
    subscriptionId: 11,
    portalId: 1234567,
    appId: 7654321,
    occurredAt: 1741000000000,
    subscriptionType: 'contact.creation',
    attemptNumber: 0,
    objectId: 512,
    changeSource: 'CRM_UI',
  },
]);

function webhookRequest(secret: string, uri: string): WebhookRequest {
  const timestamp = Date.now();
  const signature = signHubSpotV3({ clientSecret: secret, method: 'POST', uri, body: EVENTS, timestamp });
  return {
    method: 'POST',
    url: '/webhooks/hubspot',
    headers: {
      [SIGNATURE_V3_HEADER]: signature,
      [TIMESTAMP_HEADER]: String(timestamp),
      'x-hubspot-signature-version': 'v3',
      'content-type': 'application/json',
    },
    rawBody: Buffer.from(EVENTS),
    receivedAt: new Date(),
  };
}

describeConnectorConformance('hubspot', {
  definition: hubspot,
  invalidConfig: { accessToken: '', baseUrl: 'not a url', pageSize: 500 },
  async start(): Promise<ConformanceEnvironment> {
    sim = await HubSpotSimulator.start({ seed: 41 });
    // `check` passes only once poshub's properties exist, as after `poshub connections setup`.
    await simInstance(sim).setup!();
    const base = { baseUrl: sim.url, clientSecret: sim.clientSecret, webhookUrl: WEBHOOK_URL, pageSize: 50 };
    return {
      goodConfig: { ...base, accessToken: sim.accessToken },
      badConfig: { ...base, accessToken: 'pat-na1-refused' },
      // HubSpot answers 429 with a policyName and no Retry-After; the simulator does the same.
      rateLimit: (s) => sim.setFaults(s === 'off' ? {} : { rateLimitRate: 1 }),
      sendsRetryAfter: false,
      teardown: () => sim.close(),
    };
  },
  webhook: {
    signed: () => webhookRequest(sim.clientSecret, WEBHOOK_URL),
    forged: () => [
      webhookRequest('another-secret', WEBHOOK_URL),
      webhookRequest(sim.clientSecret, 'https://elsewhere.example/webhooks/hubspot'),
    ],
  },
  source: {
    stream: 'customers',
    seed: (_env, count) => void sim.seedContacts(count),
  },
  sink: {
    entity: 'contact',
    payload: (reference) => ({
      properties: {
        firstname: 'Conformance',
        lastname: 'Check',
        email: `${reference.replace(/[^a-z0-9]/gi, '')}@example.com`,
      },
    }),
    count: (_env, reference) =>
      sim.objects('contacts').filter((c) => c.properties.poshub_customer_id === reference).length,
  },
});
