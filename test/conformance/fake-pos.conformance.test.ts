import { fakePos } from '../fakes/fake-pos/fake-pos.connector';
import { FakePosServer } from '../fakes/fake-pos/fake-pos.server';
import { FAKE_POS_SIGNATURE_HEADER, signFakePosWebhook } from '../fakes/fake-pos/fake-pos.webhook';
import type { WebhookRequest } from '../../src/sdk';
import { describeConnectorConformance, type ConformanceEnvironment } from './conformance.suite';

let server: FakePosServer;
const SECRET = 'conformance-webhook-secret';
const BODY = JSON.stringify({ events: [{ id: 'e1', type: 'transaction.updated', transaction_id: 't1' }] });
const request = (signature: string): WebhookRequest => ({
  method: 'POST',
  url: '/webhooks/pos',
  headers: { [FAKE_POS_SIGNATURE_HEADER]: signature, 'content-type': 'application/json' },
  rawBody: Buffer.from(BODY),
  receivedAt: new Date(),
});

describeConnectorConformance('fake-pos', {
  definition: fakePos,
  invalidConfig: { baseUrl: 'not a url', apiKey: '' },
  async start(): Promise<ConformanceEnvironment> {
    server = await FakePosServer.start({ seed: 11 });
    return {
      goodConfig: { baseUrl: server.url, apiKey: server.apiKey, pageSize: 50, webhookSecret: SECRET },
      badConfig: { baseUrl: server.url, apiKey: 'refused-key' },
      rateLimit: (s) => server.setFaults(s === 'off' ? {} : { rateLimitRate: 1, retryAfterSeconds: s }),
      teardown: () => server.close(),
    };
  },
  webhook: {
    signed: () => request(signFakePosWebhook(SECRET, BODY)),
    forged: () => [request(signFakePosWebhook('another-secret-value', BODY)), request('')],
  },
  source: {
    stream: 'transactions',
    seed: (_env, count) => void server.generate(count, { currency: 'USD' }),
  },
});
