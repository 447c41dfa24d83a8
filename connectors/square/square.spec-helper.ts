import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createConnectorContext, type ConnectorInstance } from '../../src/sdk';
import { square } from './square.connector';
import { SquareClient } from './square.client';
import { SquareConfigSchema } from './square.config';

/** One request the stub server received. */
export interface StubCall {
  readonly method: string;
  readonly path: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: unknown;
}

/** A stub answer. */
export interface StubReply {
  readonly status?: number;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

/** A loopback JSON server answering with `route`, recording every call (unit tests only). */
export interface StubServer {
  readonly url: string;
  readonly calls: StubCall[];
  close(): Promise<void>;
}

export async function startStub(route: (call: StubCall, index: number) => StubReply): Promise<StubServer> {
  const calls: StubCall[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const call: StubCall = {
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        headers: req.headers,
        body: text === '' ? undefined : (JSON.parse(text) as unknown),
      };
      calls.push(call);
      const reply = route(call, calls.length - 1);
      res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
      res.end(reply.body === undefined ? '' : JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A config for the stub, with overrides. */
export function stubConfig(url: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { accessToken: 'tok-123', baseUrl: url, locationIds: ['L1'], ...overrides };
}

/** A Square connector instance wired like the hub does, against `url`. */
export function stubInstance(url: string, overrides: Record<string, unknown> = {}): ConnectorInstance {
  const config = SquareConfigSchema.parse(stubConfig(url, overrides));
  return square.create(createConnectorContext(square.manifest, { connectionId: 'sq-test', config }));
}

/** A bare SquareClient against `url` with a fixed random source. */
export function stubClient(
  url: string,
  overrides: Record<string, unknown> = {},
  random = () => 0,
): SquareClient {
  const config = SquareConfigSchema.parse(stubConfig(url, overrides));
  const context = createConnectorContext(square.manifest, { connectionId: 'sq-test', config });
  // Every 429 surfaces as RateLimitedError here, so tests see each wait the client asks for
  // (the hub's client would otherwise send the request again by itself).
  return new SquareClient(
    { config, http: (options) => context.http({ ...options, rateLimitRetries: 0 }) },
    random,
  );
}

/** Square's error body. */
export function squareError(category: string, code: string, detail?: string): { errors: object[] } {
  return { errors: [{ category, code, ...(detail ? { detail } : {}) }] };
}
