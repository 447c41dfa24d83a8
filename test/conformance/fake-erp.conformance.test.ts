import { fakeErp } from '../fakes/fake-erp/fake-erp.connector';
import { FakeErpServer } from '../fakes/fake-erp/fake-erp.server';
import { describeConnectorConformance, type ConformanceEnvironment } from './conformance.suite';

let server: FakeErpServer;

describeConnectorConformance('fake-erp', {
  definition: fakeErp,
  invalidConfig: { baseUrl: 'http://127.0.0.1:1' },
  async start(): Promise<ConformanceEnvironment> {
    server = await FakeErpServer.start({ seed: 12 });
    return {
      goodConfig: { baseUrl: server.url, apiKey: server.apiKey },
      badConfig: { baseUrl: server.url, apiKey: 'refused-key' },
      rateLimit: (s) => server.setFaults(s === 'off' ? {} : { rateLimitRate: 1, retryAfterSeconds: s }),
      teardown: () => server.close(),
    };
  },
  sink: {
    entity: 'customer',
    payload: (reference) => ({ reference, external_id: 'C-1', name: 'Conformance Customer' }),
    count: (_env, reference) => server.customers().filter((c) => c.reference === reference).length,
  },
});
