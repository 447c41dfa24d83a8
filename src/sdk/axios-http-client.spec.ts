import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHttpClient, type HttpLogger, type HttpMetrics } from './axios-http-client';
import { AuthError, RateLimitedError, RejectedError, TransientError } from './errors';
import type { RateGovernor } from './rate-governor';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void;

describe('createHttpClient', () => {
  let server: http.Server;
  let baseUrl: string;
  let handler: Handler;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => handler(req, res, body));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const json = (
    res: http.ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };

  function recorders() {
    const samples: Parameters<HttpMetrics['observe']>[0][] = [];
    const lines: string[] = [];
    const metrics: HttpMetrics = { observe: (s) => samples.push(s), rateLimitWait: jest.fn() };
    const logger: HttpLogger = {
      debug: (o, m) => lines.push(JSON.stringify(o) + m),
      warn: (o, m) => lines.push(JSON.stringify(o) + m),
    };
    return { samples, lines, metrics, logger };
  }

  it('sends query, headers and JSON body and parses the JSON answer', async () => {
    handler = (req, res, body) => json(res, 200, { url: req.url, auth: req.headers.authorization, body });
    const client = createHttpClient({
      baseUrl,
      connectionId: 'c1',
      headers: { Authorization: 'Bearer t0ken' },
    });
    const res = await client.request<{ url: string; auth: string; body: string }>({
      method: 'POST',
      path: '/v1/things',
      query: { a: 1, b: undefined, c: 'x y' },
      body: { n: 1 },
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('application/json');
    expect(res.data).toEqual({ url: '/v1/things?a=1&c=x+y', auth: 'Bearer t0ken', body: '{"n":1}' });
  });

  it('throws RejectedError with the vendor message and a redacted body', async () => {
    handler = (_req, res) => json(res, 422, { error: { message: 'bad total for key sk_live_999' } });
    const { lines, metrics, logger, samples } = recorders();
    const client = createHttpClient({
      baseUrl,
      connectionId: 'c1',
      headers: { Authorization: 'Bearer sk_live_999' },
      metrics,
      logger,
    });
    const err = await client.request({ method: 'POST', path: '/x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RejectedError);
    expect((err as RejectedError).message).toContain('bad total for key [redacted]');
    expect((err as RejectedError).details.status).toBe(422);
    expect(JSON.stringify((err as RejectedError).details)).not.toContain('sk_live_999');
    expect(lines.join('\n')).not.toContain('sk_live_999');
    expect(samples).toEqual([expect.objectContaining({ connectionId: 'c1', method: 'POST', status: 422 })]);
  });

  it('maps 401 to AuthError and 503 to TransientError', async () => {
    const client = createHttpClient({ baseUrl, connectionId: 'c1' });
    handler = (_req, res) => json(res, 401, { message: 'no' });
    await expect(client.request({ method: 'GET', path: '/' })).rejects.toBeInstanceOf(AuthError);
    handler = (_req, res) => json(res, 503, { message: 'down' });
    await expect(client.request({ method: 'GET', path: '/' })).rejects.toBeInstanceOf(TransientError);
  });

  it('on 429 blocks the governor for Retry-After before throwing RateLimitedError', async () => {
    handler = (_req, res) => json(res, 429, { message: 'slow down' }, { 'retry-after': '4' });
    const calls: string[] = [];
    const governor = {
      acquire: jest.fn(async () => {
        calls.push('acquire');
        return 5;
      }),
      block: jest.fn(async (id: string, ms: number) => {
        calls.push(`block ${id} ${ms}`);
      }),
    } as unknown as RateGovernor;
    const { metrics } = recorders();
    const client = createHttpClient({
      baseUrl,
      connectionId: 'c9',
      governor,
      policy: { requestsPerSecond: 5, burst: 5 },
      metrics,
      rateLimitRetries: 0,
    });
    const err = await client.request({ method: 'GET', path: '/' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitedError);
    expect((err as RateLimitedError).retryAfterMs).toBe(4000);
    expect(calls).toEqual(['acquire', 'block c9 4000']);
    expect(metrics.rateLimitWait).toHaveBeenCalledWith('c9', 5);
  });

  it('sends a 429ed request again after the wait, through the governor, up to rateLimitRetries', async () => {
    let hits = 0;
    handler = (_req, res) => {
      hits += 1;
      if (hits <= 2) json(res, 429, { message: 'slow down' }, { 'retry-after': '1' });
      else json(res, 200, { ok: true });
    };
    const calls: string[] = [];
    const governor = {
      acquire: jest.fn(async () => {
        calls.push('acquire');
        return 0;
      }),
      block: jest.fn(async (_id: string, ms: number) => {
        calls.push(`block ${ms}`);
      }),
    } as unknown as RateGovernor;
    const client = createHttpClient({
      baseUrl,
      connectionId: 'c10',
      governor,
      policy: { requestsPerSecond: 5, burst: 5 },
    });
    const response = await client.request({ method: 'GET', path: '/' });
    expect(response.data).toEqual({ ok: true });
    expect(calls).toEqual(['acquire', 'block 1000', 'acquire', 'block 1000', 'acquire']);

    hits = 0;
    const err = await client
      .request({ method: 'GET', path: '/', rateLimitRetries: 1 })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitedError);
    expect(hits).toBe(2);
  });

  it('takes a token from the named bucket too and holds the connection when pace asks', async () => {
    handler = (_req, res) => json(res, 200, { ok: true }, { 'x-budget-left': '1' });
    const calls: string[] = [];
    const governor = {
      acquire: jest.fn(async (id: string) => {
        calls.push(`acquire ${id}`);
        return 0;
      }),
      block: jest.fn(async (id: string, ms: number) => {
        calls.push(`block ${id} ${ms}`);
      }),
    } as unknown as RateGovernor;
    const client = createHttpClient({
      baseUrl,
      connectionId: 'c11',
      governor,
      policy: { requestsPerSecond: 9, burst: 10 },
      buckets: { search: { requestsPerSecond: 4, burst: 4 } },
      pace: (response) => (response.headers['x-budget-left'] === '1' ? 750 : undefined),
    });
    await client.request({ method: 'POST', path: '/search', bucket: 'search' });
    expect(calls).toEqual(['acquire c11', 'acquire c11#search', 'block c11 750']);
    await expect(client.request({ method: 'GET', path: '/', bucket: 'nope' })).rejects.toThrow(
      'unknown rate bucket nope',
    );
  });

  it('without a governor waits Retry-After itself before sending again', async () => {
    let hits = 0;
    handler = (_req, res) => {
      hits += 1;
      if (hits === 1) json(res, 429, {}, { 'retry-after': '1' });
      else json(res, 200, { ok: true });
    };
    const client = createHttpClient({ baseUrl, connectionId: 'c11' });
    const started = Date.now();
    await expect(client.request({ method: 'GET', path: '/' })).resolves.toMatchObject({ status: 200 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('uses a custom classifier and falls back to the default one', async () => {
    handler = (_req, res) => json(res, 409, { message: 'dup' });
    const custom = createHttpClient({
      baseUrl,
      connectionId: 'c1',
      classifyError: (r) => (r.status === 409 ? new TransientError('retry me') : undefined),
    });
    await expect(custom.request({ method: 'GET', path: '/' })).rejects.toThrow('retry me');
    handler = (_req, res) => json(res, 400, { message: 'bad' });
    await expect(custom.request({ method: 'GET', path: '/' })).rejects.toBeInstanceOf(RejectedError);
  });

  it('turns a timeout into TransientError and records it', async () => {
    handler = () => undefined; // never answers
    const { samples, metrics } = recorders();
    const client = createHttpClient({ baseUrl, connectionId: 'c1', timeoutMs: 150, metrics });
    const err = await client.request({ method: 'GET', path: '/slow' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransientError);
    expect((err as TransientError).message).toContain('timed out');
    expect(samples[0].status).toBe('timeout');
  });

  it('turns a refused connection and a dropped socket into TransientError', async () => {
    const refused = createHttpClient({ baseUrl: 'http://127.0.0.1:1', connectionId: 'c1' });
    await expect(refused.request({ method: 'GET', path: '/' })).rejects.toBeInstanceOf(TransientError);
    handler = (req) => req.socket.destroy();
    const client = createHttpClient({ baseUrl, connectionId: 'c1' });
    await expect(client.request({ method: 'GET', path: '/' })).rejects.toBeInstanceOf(TransientError);
  });

  it('treats an unparseable JSON success body as TransientError and passes text through', async () => {
    const client = createHttpClient({ baseUrl, connectionId: 'c1' });
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"truncated":');
    };
    await expect(client.request({ method: 'GET', path: '/' })).rejects.toBeInstanceOf(TransientError);
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('pong');
    };
    await expect(client.request({ method: 'GET', path: '/' })).resolves.toMatchObject({ data: 'pong' });
  });

  it('never logs header values or secret values, even in the URL', async () => {
    handler = (_req, res) => json(res, 500, { message: 'boom' });
    const { lines, logger } = recorders();
    const client = createHttpClient({
      baseUrl,
      connectionId: 'c1',
      headers: { 'X-Api-Key': 'header-secret-1' },
      secretValues: ['query-secret-2'],
      logger,
    });
    await expect(
      client.request({ method: 'GET', path: '/q', query: { key: 'query-secret-2' } }),
    ).rejects.toBeInstanceOf(TransientError);
    const text = lines.join('\n');
    expect(text).toContain('[redacted]');
    expect(text).not.toContain('header-secret-1');
    expect(text).not.toContain('query-secret-2');
  });
});
