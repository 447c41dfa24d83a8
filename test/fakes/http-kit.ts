import http from 'node:http';
import { listenOnLoopback } from '../../src/sdk/simulator-kit';
import type { FaultInjector } from './faults';

/** A parsed request as the fake servers' routers see it. */
export interface FakeRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: http.IncomingHttpHeaders;
  /** Parsed JSON body; undefined when empty. */
  readonly body: unknown;
  /** True when fault injection will answer 500 after this (write) request is performed. */
  readonly responseWillBeLost: boolean;
}

/** A router's answer. */
export interface FakeReply {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** Shape of every error body the fakes send, like many real vendor APIs. */
export function errorReply(status: number, code: string, message: string, extra: object = {}): FakeReply {
  return { status, body: { error: { code, message, ...extra } } };
}

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** A started loopback server with bearer auth and fault injection in front of a router. */
export interface RunningFakeServer {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Starts a JSON server on 127.0.0.1. Order per request: faults (latency, hang, 429, 500), bearer
 * auth, body parsing, the router, then a possible "failed after commit" 500 for writes.
 */
export async function startFakeServer(options: {
  readonly port?: number;
  readonly apiKey: string;
  readonly faults: FaultInjector;
  readonly route: (req: FakeRequest) => FakeReply;
}): Promise<RunningFakeServer> {
  const { faults } = options;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void handle(req, res, Buffer.concat(chunks).toString('utf8'));
    });
  });

  const send = (res: http.ServerResponse, reply: FakeReply): void => {
    faults.countStatus(reply.status);
    const text = reply.body === undefined ? '' : JSON.stringify(reply.body);
    res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
    res.end(text);
  };

  async function handle(req: http.IncomingMessage, res: http.ServerResponse, raw: string): Promise<void> {
    const method = req.method ?? 'GET';
    const decision = faults.decide(MUTATING.has(method));
    if (faults.latencyMs > 0) await new Promise((r) => setTimeout(r, faults.latencyMs));
    if (decision.kind === 'timeout') {
      faults.countStatus('hung');
      return; // never answered; the socket is destroyed by close()
    }
    if (decision.kind === 'rate-limit') {
      const reply = errorReply(429, 'RATE_LIMITED', 'Too many requests');
      return send(res, { ...reply, headers: { 'retry-after': decision.retryAfter } });
    }
    if (decision.kind === 'error') return send(res, errorReply(500, 'INTERNAL', 'Internal server error'));
    if (req.headers.authorization !== `Bearer ${options.apiKey}`) {
      return send(res, errorReply(401, 'UNAUTHORIZED', 'Missing or invalid API key'));
    }
    let body: unknown;
    if (raw.trim() !== '') {
      try {
        body = JSON.parse(raw);
      } catch {
        return send(res, errorReply(400, 'BAD_JSON', 'Request body is not valid JSON'));
      }
    }
    const url = new URL(req.url ?? '/', 'http://fake.local');
    let reply: FakeReply;
    try {
      reply = options.route({
        method,
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body,
        responseWillBeLost: decision.failAfterCommit,
      });
    } catch (err) {
      reply = errorReply(500, 'INTERNAL', err instanceof Error ? err.message : String(err));
    }
    if (decision.failAfterCommit && reply.status < 300) {
      return send(res, errorReply(500, 'INTERNAL', 'Internal server error after commit'));
    }
    send(res, reply);
  }

  return listenOnLoopback(server, options.port ?? 0);
}

/** Parses a non-negative integer query value; undefined when absent, NaN when invalid. */
export function intParam(query: URLSearchParams, name: string): number | undefined {
  const value = query.get(name);
  if (value === null || value === '') return undefined;
  return /^\d+$/.test(value) ? Number(value) : Number.NaN;
}
