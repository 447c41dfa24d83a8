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
}

export interface HttpClient {
  /** Sends a request; resolves for 2xx, throws a connector error otherwise. */
  request<T = unknown>(request: HttpRequest): Promise<HttpResponse<T>>;
}
