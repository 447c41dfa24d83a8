import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { square } from '../../connectors/square/square.connector';
import { SquareSimulator } from '../../connectors/square/simulator/square-simulator';
import { describeConnectorConformance, type ConformanceEnvironment } from './conformance.suite';

/*
 * Square sends no Retry-After on 429 (the connector backs off exponentially, covered in
 * square.client.spec.ts and square-orders.test.ts). The suite's 429 check asks for a given wait, so a
 * loopback proxy in front of the simulator answers Square's RATE_LIMITED body plus a Retry-After
 * header while rate limiting is on; the connector honours that header when one is present.
 */
async function startRateLimitProxy(target: string): Promise<{
  url: string;
  rateLimit(seconds: number | 'off'): void;
  close(): Promise<void>;
}> {
  let retryAfter: number | 'off' = 'off';
  const upstream = new URL(target);
  const server = http.createServer((req, res) => {
    if (retryAfter !== 'off') {
      req.resume();
      const body = {
        errors: [{ category: 'RATE_LIMIT_ERROR', code: 'RATE_LIMITED', detail: 'Rate limit hit' }],
      };
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': String(retryAfter) });
      res.end(JSON.stringify(body));
      return;
    }
    const forward = http.request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    rateLimit: (seconds) => void (retryAfter = seconds),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let sim: SquareSimulator;

describeConnectorConformance('square', {
  definition: square,
  invalidConfig: { accessToken: '', locationIds: [], baseUrl: 'not a url' },
  async start(): Promise<ConformanceEnvironment> {
    sim = await SquareSimulator.start({ seed: 31 });
    const proxy = await startRateLimitProxy(sim.url);
    const base = { baseUrl: proxy.url, locationIds: sim.locationIds, pageSize: 50 };
    return {
      goodConfig: { ...base, accessToken: sim.accessToken },
      badConfig: { ...base, accessToken: 'refused-token' },
      rateLimit: (s) => proxy.rateLimit(s),
      teardown: async () => {
        await proxy.close();
        await sim.close();
      },
    };
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
