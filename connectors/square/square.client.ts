import type { z } from 'zod';
import {
  AuthError,
  RateLimitedError,
  RejectedError,
  TransientError,
  bodyExcerpt,
  parseRetryAfter,
  type ConnectorContext,
  type HttpClient,
  type HttpRequest,
  type HttpResponse,
} from '../../src/sdk';
import { squareBaseUrl, type SquareConfig } from './square.config';
import { SquareErrorBodySchema, type SquareError } from './square.schemas';

/** Longest wait one 429 may ask for, however many came in a row. */
export const MAX_RATE_LIMIT_BACKOFF_MS = 5 * 60 * 1000;

const AUTH_CODES = new Set([
  'UNAUTHORIZED',
  'ACCESS_TOKEN_EXPIRED',
  'ACCESS_TOKEN_REVOKED',
  'FORBIDDEN',
  'INSUFFICIENT_SCOPES',
  'V1_ACCESS_TOKEN',
]);

/** The Square error entries of a failed response (empty when the body is not Square's shape). */
export function squareErrors(data: unknown): SquareError[] {
  const parsed = SquareErrorBodySchema.safeParse(data);
  return parsed.success ? parsed.data.errors : [];
}

/** "CODE: detail; CODE2: detail2 (field)" for messages. */
function describe(errors: readonly SquareError[], status: number): string {
  if (errors.length === 0) return `HTTP ${status}`;
  return errors
    .map((e) => `${e.code}${e.detail ? `: ${e.detail}` : ''}${e.field ? ` (field ${e.field})` : ''}`)
    .join('; ');
}

/**
 * Exponential backoff with jitter for the n-th 429 in a row (n ≥ 1): base × 2^(n−1), capped, plus up
 * to a quarter more at random so that several workers do not come back in the same millisecond.
 * Square publishes neither its limits nor a Retry-After header; its staff advise exactly this.
 */
export function rateLimitBackoff(baseMs: number, consecutive: number, random: () => number): number {
  const exponential = Math.min(MAX_RATE_LIMIT_BACKOFF_MS, baseMs * 2 ** Math.max(0, consecutive - 1));
  return Math.min(MAX_RATE_LIMIT_BACKOFF_MS, Math.round(exponential + exponential * 0.25 * random()));
}

/**
 * Maps a failed Square response to a connector error. Square's body is
 * `{errors:[{category, code, detail, field}]}`: 401 and token codes → AuthError; 429 or
 * RATE_LIMITED → RateLimitedError after `backoffMs` (a Retry-After header wins if one ever appears);
 * 5xx → TransientError; any other 4xx (IDEMPOTENCY_KEY_REUSED, CONFLICT, NOT_FOUND, VALUE_TOO_HIGH…) →
 * RejectedError. Details carry `status`, `code` (first error's code) and `codes` for callers.
 */
export function classifySquareError(response: HttpResponse, backoffMs: () => number): Error {
  const errors = squareErrors(response.data);
  const codes = errors.map((e) => e.code);
  const status = response.status;
  const message = `Square ${describe(errors, status)} (HTTP ${status})`;
  const details = { status, code: codes[0], codes, body: bodyExcerpt(response.data) };
  if (status === 429 || codes.includes('RATE_LIMITED')) {
    const retryAfter = parseRetryAfter(response.headers['retry-after'], Date.now());
    return new RateLimitedError(message, retryAfter ?? backoffMs(), details);
  }
  if (status === 401 || status === 403 || codes.some((c) => AUTH_CODES.has(c))) {
    return new AuthError(message, details);
  }
  if (status === 408 || status >= 500) return new TransientError(message, details);
  return new RejectedError(message, details);
}

/** The error code Square gave for a RejectedError, if any. */
export function rejectedCode(err: unknown): string | undefined {
  if (!(err instanceof RejectedError)) return undefined;
  const code = err.details.code;
  return typeof code === 'string' ? code : undefined;
}

/** The HTTP status of a connector error raised from a Square response, if any. */
export function errorStatus(err: unknown): number | undefined {
  if (!(err instanceof RejectedError)) return undefined;
  const status = err.details.status;
  return typeof status === 'number' ? status : undefined;
}

/**
 * Thin Square HTTP client over the hub's shared client: bearer token, `Square-Version`, Square's
 * error classification and the 429 backoff state (consecutive 429s of this connection instance).
 * Responses are parsed with the given zod schema at the edge.
 */
export class SquareClient {
  private consecutiveRateLimits = 0;
  private readonly http: HttpClient;

  constructor(
    context: Pick<ConnectorContext<SquareConfig>, 'config' | 'http'>,
    private readonly random: () => number = Math.random,
  ) {
    const { config } = context;
    this.http = context.http({
      baseUrl: squareBaseUrl(config),
      headers: {
        Authorization: `Bearer ${config.accessToken}`,
        'Square-Version': config.squareVersion,
        'Content-Type': 'application/json',
      },
      timeoutMs: config.timeoutMs,
      classifyError: (response) =>
        classifySquareError(response, () => {
          this.consecutiveRateLimits += 1;
          return rateLimitBackoff(config.rateLimitBackoffMs, this.consecutiveRateLimits, this.random);
        }),
    });
  }

  /** Sends one request and parses the 2xx body with `schema`; a body of another shape is Transient. */
  async call<S extends z.ZodType>(request: HttpRequest, schema: S): Promise<z.output<S>> {
    const response = await this.http.request(request);
    this.consecutiveRateLimits = 0;
    const parsed = schema.safeParse(response.data ?? {});
    if (!parsed.success) {
      throw new TransientError(
        `Square answered ${request.method} ${request.path} with an unexpected body: ${parsed.error.issues
          .slice(0, 3)
          .map((i) => `${i.path.join('.')}: ${i.message}`)
          .join('; ')}`,
        { body: bodyExcerpt(response.data) },
      );
    }
    return parsed.data;
  }

  post<S extends z.ZodType>(path: string, body: unknown, schema: S): Promise<z.output<S>> {
    return this.call({ method: 'POST', path, body }, schema);
  }

  get<S extends z.ZodType>(path: string, schema: S): Promise<z.output<S>> {
    return this.call({ method: 'GET', path }, schema);
  }

  put<S extends z.ZodType>(path: string, body: unknown, schema: S): Promise<z.output<S>> {
    return this.call({ method: 'PUT', path, body }, schema);
  }
}
