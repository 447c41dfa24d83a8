import { AuthError, RateLimitedError, RejectedError, TransientError } from './errors';
import type { HttpResponse } from './http-client';
import { DEFAULT_RETRY_AFTER_MS, parseRetryAfter } from './retry-after';

/** Longest response body excerpt kept in error details and logs. */
export const MAX_BODY_EXCERPT = 2000;

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/**
 * Pulls the human message out of a vendor error body, trying the shapes vendors use in order:
 * `error.message`, `message`, `errors[0].detail` / `errors[0].message`, `detail`, then the raw text.
 */
export function extractVendorMessage(data: unknown): string | undefined {
  const errors = field(data, 'errors');
  const first = Array.isArray(errors) ? errors[0] : undefined;
  return (
    nonEmpty(field(field(data, 'error'), 'message')) ??
    nonEmpty(field(data, 'message')) ??
    nonEmpty(field(first, 'detail')) ??
    nonEmpty(field(first, 'message')) ??
    nonEmpty(field(data, 'detail')) ??
    nonEmpty(typeof data === 'string' ? data.slice(0, MAX_BODY_EXCERPT) : undefined)
  );
}

/** A response body as a trimmed string for error details and logs. */
export function bodyExcerpt(data: unknown): string {
  const text = typeof data === 'string' ? data : data === undefined ? '' : JSON.stringify(data);
  const trimmed = text.trim();
  return trimmed.length > MAX_BODY_EXCERPT ? `${trimmed.slice(0, MAX_BODY_EXCERPT)}…` : trimmed;
}

/** Where a failed response came from, for error messages. */
export interface FailedRequestInfo {
  readonly method: string;
  readonly path: string;
}

/**
 * The default mapping from a non-2xx response to a connector error: 429 → RateLimitedError (with
 * Retry-After, default 1 s, capped at 15 min), 401/403 → AuthError, 408/5xx → TransientError,
 * any other status → RejectedError carrying the vendor's message. `now` is injectable for tests.
 */
export function defaultClassifyError(
  response: HttpResponse,
  request: FailedRequestInfo = { method: 'HTTP', path: '' },
  now: number = Date.now(),
): Error {
  const vendorMessage = extractVendorMessage(response.data) ?? `HTTP ${response.status}`;
  const where = `${request.method} ${request.path}`.trim();
  const message = `${vendorMessage} (HTTP ${response.status} from ${where})`;
  const details = { status: response.status, body: bodyExcerpt(response.data) };
  const status = response.status;
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(response.headers['retry-after'], now) ?? DEFAULT_RETRY_AFTER_MS;
    return new RateLimitedError(message, retryAfterMs, details);
  }
  if (status === 401 || status === 403) return new AuthError(message, details);
  if (status === 408 || status >= 500) return new TransientError(message, details);
  return new RejectedError(message, details);
}
