import http from 'node:http';
import https from 'node:https';
import axios, { AxiosError, type AxiosResponse, type RawAxiosRequestConfig } from 'axios';
import type { RateLimitPolicy } from './connector';
import { RateLimitedError, TransientError } from './errors';
import type { HttpClient, HttpClientOptions, HttpRequest, HttpResponse } from './http-client';
import type { RateGovernor } from './rate-governor';
import { headerSecretValues, redactText } from './redact';
import { bodyExcerpt, defaultClassifyError } from './vendor-error';

export { parseRetryAfter } from './retry-after';
export { redactText } from './redact';

/** Default per-request timeout. */
export const DEFAULT_TIMEOUT_MS = 30_000;

/** Receives one sample per HTTP exchange (wired to Prometheus by the admin module). */
export interface HttpMetrics {
  observe(sample: {
    connectionId: string;
    method: string;
    status: number | 'network' | 'timeout';
    durationMs: number;
  }): void;
  /** Time a request spent waiting for the rate governor. */
  rateLimitWait(connectionId: string, ms: number): void;
}

/** The two log levels the client uses (a pino logger fits). Objects and messages are pre-redacted. */
export interface HttpLogger {
  debug(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

/** Everything `createHttpClient` needs for one connection. */
export interface CreateHttpClientOptions extends HttpClientOptions {
  readonly connectionId: string;
  /** Shared rate governor; requests wait for a token when both it and `policy` are given. */
  readonly governor?: RateGovernor;
  readonly policy?: RateLimitPolicy;
  readonly metrics?: HttpMetrics;
  readonly logger?: HttpLogger;
  /** Secret strings (API keys, passwords) that must never reach a log line or error detail. */
  readonly secretValues?: readonly string[];
}

// Module-wide keep-alive agents: one per process, pooled per host, so clients built per job reuse sockets.
// Idle sockets are dropped after 4 s, before the common 5 s server keep-alive timeout: reusing a socket
// the server is closing at that moment ends in ECONNRESET. (Node honours a server's `Keep-Alive:
// timeout=` hint only when it is shorter than this value, so it must be set.)
const agentOptions = { keepAlive: true, maxSockets: 256, timeout: 4000 };
const httpAgent = new http.Agent(agentOptions);
const httpsAgent = new https.Agent(agentOptions);

/** Default of `HttpClientOptions.rateLimitRetries`. */
export const DEFAULT_RATE_LIMIT_RETRIES = 2;

const NETWORK_TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT']);

function flattenHeaders(headers: AxiosResponse['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined || value === null) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return out;
}

function parseBody(
  text: string,
  contentType: string | undefined,
): { ok: true; data: unknown } | { ok: false } {
  if (text === '') return { ok: true, data: undefined };
  const looksJson = /json/i.test(contentType ?? '') || /^\s*[[{]/.test(text);
  if (!looksJson) return { ok: true, data: text };
  try {
    return { ok: true, data: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/**
 * Builds the HTTP client connectors use: keep-alive agents, timeouts, the shared rate governor,
 * error classification into connector errors, metrics and secret-safe logging.
 *
 * - 2xx resolves with the parsed JSON body (or text).
 * - Non-2xx throws the error chosen by `classifyError` (falling back to `defaultClassifyError`).
 *   On a RateLimitedError the governor blocks the whole connection for `retryAfterMs` first.
 * - Timeouts and network failures (reset, refused, hang-up) throw TransientError.
 */
export function createHttpClient(options: CreateHttpClientOptions): HttpClient {
  const { connectionId, governor, policy, metrics, logger } = options;
  const secrets = [...(options.secretValues ?? []), ...headerSecretValues(options.headers)];
  const redact = (text: string): string => redactText(text, secrets);
  const instance = axios.create({
    baseURL: options.baseUrl,
    httpAgent,
    httpsAgent,
    timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    responseType: 'text',
    transformResponse: [(data: unknown) => data],
    validateStatus: () => true,
    transitional: { clarifyTimeoutError: true, silentJSONParsing: true, forcedJSONParsing: false },
  });

  async function request<T = unknown>(req: HttpRequest): Promise<HttpResponse<T>> {
    const retries = req.rateLimitRetries ?? options.rateLimitRetries ?? DEFAULT_RATE_LIMIT_RETRIES;
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await send<T>(req);
      } catch (error) {
        if (!(error instanceof RateLimitedError) || attempt >= retries) throw error;
        // With a governor the next acquire() waits out the block; without one, wait here.
        if (!(governor && policy)) await new Promise((r) => setTimeout(r, error.retryAfterMs));
      }
    }
  }

  async function send<T>(req: HttpRequest): Promise<HttpResponse<T>> {
    if (governor && policy) {
      let waited = await governor.acquire(connectionId, policy);
      const bucket = req.bucket === undefined ? undefined : options.buckets?.[req.bucket];
      if (req.bucket !== undefined && !bucket) throw new RangeError(`unknown rate bucket ${req.bucket}`);
      if (bucket) waited += await governor.acquire(`${connectionId}#${req.bucket}`, bucket);
      if (waited > 0) metrics?.rateLimitWait(connectionId, waited);
    }
    const params = Object.fromEntries(Object.entries(req.query ?? {}).filter(([, v]) => v !== undefined));
    const config: RawAxiosRequestConfig = {
      method: req.method,
      url: req.path,
      params,
      headers: { Accept: 'application/json', ...options.headers, ...req.headers },
      data: req.body,
      ...(req.timeoutMs !== undefined ? { timeout: req.timeoutMs } : {}),
    };
    const url = redact(instance.getUri(config));
    const started = performance.now();
    let raw: AxiosResponse<string>;
    try {
      raw = await instance.request<string>(config);
    } catch (err) {
      const durationMs = Math.round(performance.now() - started);
      if (!(err instanceof AxiosError)) throw err;
      const timedOut = NETWORK_TIMEOUT_CODES.has(err.code ?? '');
      metrics?.observe({
        connectionId,
        method: req.method,
        status: timedOut ? 'timeout' : 'network',
        durationMs,
      });
      const reason = redact(timedOut ? `timed out after ${durationMs} ms` : err.message);
      logger?.warn({ connectionId, method: req.method, url, code: err.code, durationMs }, `http ${reason}`);
      throw new TransientError(`${req.method} ${url}: ${reason}`, { code: err.code ?? 'NETWORK' });
    }
    const durationMs = Math.round(performance.now() - started);
    const status = raw.status;
    metrics?.observe({ connectionId, method: req.method, status, durationMs });
    const headers = flattenHeaders(raw.headers);
    const ok = status >= 200 && status < 300;
    const text = ok ? (raw.data ?? '') : redact(raw.data ?? '');
    const parsed = parseBody(text, headers['content-type']);
    logger?.debug({ connectionId, method: req.method, url, status, durationMs }, 'http request');
    const holdMs = options.pace?.({ status, headers, data: parsed.ok ? parsed.data : text });
    if (holdMs !== undefined && holdMs > 0 && governor) {
      await governor.block(connectionId, holdMs);
      logger?.debug({ connectionId, holdMs }, 'rate budget low: holding the connection');
    }
    if (ok) {
      if (!parsed.ok) {
        throw new TransientError(
          `${req.method} ${url}: answered ${status} with a body that is not valid JSON`,
          {
            status,
            body: bodyExcerpt(redact(text)),
          },
        );
      }
      return { status, headers, data: parsed.data as T };
    }
    const response: HttpResponse = { status, headers, data: parsed.ok ? parsed.data : text };
    const error =
      options.classifyError?.(response) ?? defaultClassifyError(response, { method: req.method, path: url });
    logger?.warn(
      { connectionId, method: req.method, url, status, durationMs, body: bodyExcerpt(response.data) },
      `http ${status}: ${redact(error.message)}`,
    );
    if (error instanceof RateLimitedError && governor) await governor.block(connectionId, error.retryAfterMs);
    throw error;
  }

  return { request };
}
