/**
 * Errors a connector throws to tell the pipeline what to do next. Domain code never throws HTTP
 * exceptions; one translator (src/pipeline/error-policy.ts) turns these into queue behaviour.
 */

/** Base class: every connector error carries a stable machine code and optional details. */
export abstract class ConnectorError extends Error {
  abstract readonly code: string;
  constructor(
    message: string,
    /** Extra facts for operators (vendor error code, field, request id). Never secrets. */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The connection's configuration is wrong (missing key, bad URL). Not retried until fixed. */
export class ConfigError extends ConnectorError {
  readonly code = 'CONFIG';
}

/** Credentials were refused (401/403 that is not a rate limit). The destination is paused and flagged. */
export class AuthError extends ConnectorError {
  readonly code = 'AUTH';
}

/**
 * The remote system asked us to slow down. The job is put back without spending an attempt and the
 * whole connection waits `retryAfterMs` (shared by every worker through the rate governor).
 */
export class RateLimitedError extends ConnectorError {
  readonly code = 'RATE_LIMITED';
  constructor(
    message: string,
    /** How long to wait before the next call to this connection, in milliseconds. */
    readonly retryAfterMs: number,
    details: Record<string, unknown> = {},
  ) {
    super(message, details);
  }
}

/** A failure that may pass on retry: 5xx, timeouts, connection resets. Retried with backoff. */
export class TransientError extends ConnectorError {
  readonly code = 'TRANSIENT';
}

/**
 * The target refused this record for a reason that retrying will not fix (validation error, 4xx).
 * The delivery goes dead at once with the target's message.
 */
export class RejectedError extends ConnectorError {
  readonly code = 'REJECTED';
}

/** True for any of the connector error classes above. */
export function isConnectorError(err: unknown): err is ConnectorError {
  return err instanceof ConnectorError;
}
