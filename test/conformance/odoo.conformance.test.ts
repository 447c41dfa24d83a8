import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { odoo } from '../../connectors/odoo/odoo.connector';
import { OdooSimulator } from '../../connectors/odoo/simulator/odoo-simulator';
import { describeConnectorConformance, type ConformanceEnvironment } from './conformance.suite';

/**
 * Odoo itself never answers 429 (it has no rate limiter), but hosted Odoo and reverse proxies in
 * front of it do. This loopback proxy forwards to the simulator and answers 429 with Retry-After
 * while throttling is switched on, which is what the suite's 429 checks need.
 */
async function throttlingProxy(
  target: string,
): Promise<{ url: string; throttle(s: number | 'off'): void; close(): Promise<void> }> {
  let retryAfter: number | 'off' = 'off';
  const upstream = new URL(target);
  const server: Server = createServer((req, res) => {
    if (retryAfter !== 'off') {
      res.writeHead(429, { 'Retry-After': String(retryAfter), 'Content-Type': 'text/plain' });
      res.end('Too Many Requests');
      return;
    }
    const forward = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        path: req.url,
        method: req.method,
        headers: req.headers,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    throttle: (s) => void (retryAfter = s),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function describeOdoo(version: '17.0' | '19.0', transport: 'jsonrpc' | 'json2'): void {
  let sim: OdooSimulator;
  let seeded = 0;
  describeConnectorConformance(`odoo ${version} over ${transport}`, {
    definition: odoo,
    invalidConfig: { baseUrl: 'not a url', database: '', login: 'x', apiKey: '' },
    async start(): Promise<ConformanceEnvironment> {
      sim = await OdooSimulator.start({ version, seed: 17 });
      const proxy = await throttlingProxy(sim.url);
      const base = { baseUrl: proxy.url, database: sim.db, login: sim.login, transport, pageSize: 50 };
      return {
        goodConfig: { ...base, apiKey: sim.apiKey },
        badConfig: { ...base, apiKey: 'refused-key' },
        rateLimit: (s) => proxy.throttle(s),
        teardown: async () => {
          await proxy.close();
          await sim.close();
        },
      };
    },
    source: {
      stream: 'customers',
      seed: (_env, count) => {
        for (let i = 0; i < count; i += 1) {
          seeded += 1;
          sim.insert('res.partner', { name: `Conformance ${seeded}`, email: `c${seeded}@example.com` });
        }
      },
    },
    sink: {
      entity: 'customer',
      payload: (reference) => ({
        name: 'Conformance Customer',
        email: `${reference.replace(/[^a-z0-9]/gi, '')}@example.com`,
      }),
      count: (_env, reference) => sim.records('res.partner').filter((p) => p.ref === reference).length,
    },
  });
}

describeOdoo('17.0', 'jsonrpc');
describeOdoo('19.0', 'json2');
