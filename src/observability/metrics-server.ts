import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import { resolveCaller } from '../admin/caller';
import type { Env } from '../config';

/** A small HTTP listener serving one process's metrics. */
export interface MetricsServer {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Serves `/metrics` (and `/health/live`) for processes that run no admin API (`worker`,
 * `scheduler`), so the counters and histograms they update (deliveries, latency, jobs, HTTP
 * calls, rate-limit waits) can be scraped. Same tokens as the API: admin or viewer. The gauges
 * that describe ledger and queue state are left to the `api` processes, so summing a series
 * across instances never counts the ledger twice.
 */
export async function startMetricsServer(env: Env, registry: Registry, port: number): Promise<MetricsServer> {
  const server = createServer((req, res) => {
    void answer(env, registry, req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '0.0.0.0', () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function answer(
  env: Env,
  registry: Registry,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const path = (req.url ?? '/').split('?')[0];
  if (req.method !== 'GET' && req.method !== 'HEAD') return json(res, 405, 'METHOD_NOT_ALLOWED', 'only GET');
  if (path === '/health/live') {
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ status: 'ok' }));
    return;
  }
  if (path !== '/metrics') return json(res, 404, 'NOT_FOUND', `no route ${path}; try /metrics`);
  if (!resolveCaller(req.headers, env)) {
    return json(res, 401, 'UNAUTHORIZED', 'a valid admin or viewer token is required');
  }
  try {
    const body = await registry.metrics();
    res
      .writeHead(200, { 'Content-Type': registry.contentType })
      .end(req.method === 'HEAD' ? undefined : body);
  } catch (error) {
    json(res, 500, 'INTERNAL', error instanceof Error ? error.message : 'metrics failed');
  }
}

function json(res: ServerResponse, status: number, code: string, message: string): void {
  res
    .writeHead(status, { 'Content-Type': 'application/json' })
    .end(JSON.stringify({ error: { code, message, details: null } }));
}
