import type { RateLimitPolicy } from './connector';

/**
 * HTTP client contract for connectors (implementation: axios-http-client.ts).
 * Placeholder interface; see helper notes. Every request goes through the rate governor.
 */
export interface HttpRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path relative to `baseUrl`, or an absolute URL. */
  readonly path: string;
  readonly query?: Readonly<Record<string, string | number | boolean | undefined>>;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: unknown;
  /** Overrides the client's timeout for this call, in ms. */
  readonly timeoutMs?: number;
  /** Overrides the client's `rateLimitRetries` for this call. */
  readonly rateLimitRetries?: number;
  /**
   * Name of an extra rate bucket (declared in `HttpClientOptions.buckets`) this call must also take a
   * token from, for endpoints with their own tighter limit (HubSpot search: about 5 per second).
   */
  readonly bucket?: string;
}

export interface HttpResponse<T = unknown> {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly data: T;
}

export interface HttpClientOptions {
  readonly baseUrl: string;
  /** Headers on every request (auth). Values listed here are redacted from logs. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Per-request timeout in ms (default 30,000). */
  readonly timeoutMs?: number;
  /**
   * How many times a request answered 429 is sent again, after the wait the vendor asked for,
   * before RateLimitedError is thrown (default 2). A 429 means the request was not processed, so
   * sending it again is safe; it keeps a long paged read from starting over because of one 429.
   */
  readonly rateLimitRetries?: number;
  /**
   * Maps a non-2xx response to a connector error. The default treats 429 as RateLimitedError
   * (Retry-After in seconds or HTTP-date), 401/403 as AuthError, 408/5xx as TransientError,
   * other 4xx as RejectedError.
   */
  readonly classifyError?: (response: HttpResponse) => Error | undefined;
  /**
   * Extra token buckets for endpoints with their own limit, by name (see `HttpRequest.bucket`).
   * Shared by every worker of the connection, like the connection's own bucket.
   */
  readonly buckets?: Readonly<Record<string, RateLimitPolicy>>;
  /**
   * Reads a response's rate-limit headers (any status) and returns how long the whole connection
   * should hold its next request, in ms, or undefined/0 to go on. Vendors whose limit is shared with
   * other apps (HubSpot's per-account budget) tell the remaining budget only this way.
   */
  readonly pace?: (response: HttpResponse) => number | undefined;
}

export interface HttpClient {
  /** Sends a request; resolves for 2xx, throws a connector error otherwise. */
  request<T = unknown>(request: HttpRequest): Promise<HttpResponse<T>>;
}
