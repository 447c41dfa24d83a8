import { square } from '../../connectors/square/square.connector';
import { signSquareWebhook, SquareSimulator } from '../../connectors/square/simulator/square-simulator';
import { SQUARE_SIGNATURE_HEADER } from '../../connectors/square/square.webhook';
import type { WebhookRequest } from '../../src/sdk';
import { describeConnectorConformance, type ConformanceEnvironment } from './conformance.suite';

let sim: SquareSimulator;
const WEBHOOK_KEY = 'conformance-square-key';
const WEBHOOK_URL = 'https://hub.example.com/webhooks/square';
const EVENT = JSON.stringify({
  merchant_id: 'M1',
  type: 'order.updated',
  event_id: 'e0c7b7a4-conformance',
  created_at: '2025-08-20T10:00:00Z',
  data: {
    type: 'order_updated',
    id: 'O1',
    object: {
      order_updated: {
        order_id: 'O1',
        state: 'COMPLETED',
        version: 2,
        location_id: 'L1',
        created_at: '2025-08-20T09:00:00Z',
        updated_at: '2025-08-20T10:00:00Z',
      },
    },
  },
});
const webhookRequest = (signature: string): WebhookRequest => ({
  method: 'POST',
  url: '/webhooks/square',
  headers: { [SQUARE_SIGNATURE_HEADER]: signature, 'content-type': 'application/json' },
  rawBody: Buffer.from(EVENT),
  receivedAt: new Date(),
});

describeConnectorConformance('square', {
  definition: square,
  invalidConfig: { accessToken: '', locationIds: [], baseUrl: 'not a url' },
  async start(): Promise<ConformanceEnvironment> {
    sim = await SquareSimulator.start({ seed: 31 });
    const base = {
      baseUrl: sim.url,
      locationIds: sim.locationIds,
      pageSize: 50,
      rateLimitBackoffMs: 1000,
      webhookSignatureKey: WEBHOOK_KEY,
      webhookNotificationUrl: WEBHOOK_URL,
    };
    return {
      goodConfig: { ...base, accessToken: sim.accessToken },
      badConfig: { ...base, accessToken: 'refused-token' },
      // Square answers 429 with no Retry-After header; the simulator does the same.
      rateLimit: (s) => sim.setFaults(s === 'off' ? {} : { rateLimitRate: 1 }),
      sendsRetryAfter: false,
      teardown: () => sim.close(),
    };
  },
  webhook: {
    signed: () => webhookRequest(signSquareWebhook(WEBHOOK_KEY, WEBHOOK_URL, EVENT)),
    forged: () => [
      webhookRequest(signSquareWebhook('another-key', WEBHOOK_URL, EVENT)),
      webhookRequest(signSquareWebhook(WEBHOOK_KEY, 'https://elsewhere.example/webhooks/square', EVENT)),
    ],
  },
  source: {
    stream: 'transactions',
    seed: (_env, count) => void sim.generateOrders(count, { currency: 'USD', refundRatio: 0 }),
  },
  sink: {
    entity: 'customer',
    payload: (reference) => ({
      given_name: 'Conformance',
      family_name: 'Check',
      email_address: `${reference.replace(/[^a-z0-9]/gi, '')}@example.com`,
    }),
    count: (_env, reference) => sim.customers().filter((c) => c.reference_id === reference).length,
  },
});
