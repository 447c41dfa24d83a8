import { fakePos } from '../fakes/fake-pos/fake-pos.connector';
import { FakePosServer } from '../fakes/fake-pos/fake-pos.server';
import { describeConnectorConformance, type ConformanceEnvironment } from './conformance.suite';

let server: FakePosServer;

describeConnectorConformance('fake-pos', {
  definition: fakePos,
  invalidConfig: { baseUrl: 'not a url', apiKey: '' },
  async start(): Promise<ConformanceEnvironment> {
    server = await FakePosServer.start({ seed: 11 });
    return {
      goodConfig: { baseUrl: server.url, apiKey: server.apiKey, pageSize: 50 },
      badConfig: { baseUrl: server.url, apiKey: 'refused-key' },
      rateLimit: (s) => server.setFaults(s === 'off' ? {} : { rateLimitRate: 1, retryAfterSeconds: s }),
      teardown: () => server.close(),
    };
  },
  source: {
    stream: 'transactions',
    seed: (_env, count) => void server.generate(count, { currency: 'USD' }),
  },
});
