import {
  AuthError,
  RateLimitedError,
  RejectedError,
  TransientError,
  bodyExcerpt,
  parseRetryAfter,
  DEFAULT_RETRY_AFTER_MS,
  type ConnectorError,
  type HttpResponse,
} from '../../src/sdk';

/** An Odoo error as both transports describe it: exception class path and message. */
export interface OdooFault {
  /** Python class path, e.g. `odoo.exceptions.ValidationError` (JSON-RPC `error.data.name`). */
  readonly name?: string;
  readonly message: string;
  /** HTTP status (JSON-2), absent for JSON-RPC errors, which come with 200. */
  readonly status?: number;
}

// Credentials refused (wrong key, expired key, session gone): fixing them is an operator's job.
const AUTH_NAMES = ['AccessDenied', 'SessionExpiredException', 'Unauthorized'];
// The user lacks the rights for this model/record: also the operator's job (add the group).
const RIGHTS_NAMES = ['AccessError', 'Forbidden'];
// The record itself is refused; sending it again does not help.
const REJECT_NAMES = ['ValidationError', 'UserError', 'MissingError', 'RedirectWarning', 'NotFound'];
// Raised by the ORM for bad arguments (unknown field, wrong type): a mapping bug, not a passing fault.
const BAD_CALL_NAMES = [
  'ValueError',
  'KeyError',
  'TypeError',
  'AttributeError',
  'UnprocessableEntity',
  'BadRequest',
];

function shortName(name: string | undefined): string {
  return (name ?? '').split('.').pop() ?? '';
}

/**
 * Turns an Odoo error into the connector error that tells the pipeline what to do:
 * AccessDenied / 401 → AuthError; AccessError / 403 → AuthError (missing rights);
 * ValidationError, UserError, MissingError, bad arguments, 404 / 422 → RejectedError with Odoo's
 * message; 429 → RateLimitedError (a proxy in front of Odoo); everything else (serialization
 * failures, 5xx, unknown exceptions) → TransientError.
 */
export function odooError(fault: OdooFault, details: Record<string, unknown> = {}): ConnectorError {
  const short = shortName(fault.name);
  const status = fault.status;
  const label = fault.name ? `${short}: ` : '';
  const where = status !== undefined ? ` (HTTP ${status})` : '';
  const message = `Odoo ${label}${fault.message}${where}`;
  const info = { ...details, ...(fault.name ? { odooError: fault.name } : {}), status };
  if (AUTH_NAMES.includes(short) || status === 401) return new AuthError(message, info);
  if (RIGHTS_NAMES.includes(short) || status === 403) {
    return new AuthError(`${message}; the API user lacks the access rights for this operation`, info);
  }
  if (REJECT_NAMES.includes(short) || BAD_CALL_NAMES.includes(short)) return new RejectedError(message, info);
  if (status === 404 || status === 422) return new RejectedError(message, info);
  return new TransientError(message, info);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/**
 * HTTP-level classification for both transports. JSON-2 answers errors as
 * `{name, message, arguments, context, debug}` with 4xx/5xx; JSON-RPC only fails at HTTP level in
 * front of Odoo (proxy, 404 on a missing route, 5xx).
 */
export function classifyOdooResponse(response: HttpResponse): Error {
  const status = response.status;
  const body = response.data;
  const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const details = { body: bodyExcerpt(body) };
  if (status === 429) {
    const wait = parseRetryAfter(response.headers['retry-after'], Date.now()) ?? DEFAULT_RETRY_AFTER_MS;
    return new RateLimitedError(`Odoo (or a proxy in front of it) asked to slow down (HTTP 429)`, wait, {
      ...details,
      status,
    });
  }
  const message = text(record.message) ?? text(typeof body === 'string' ? body.slice(0, 300) : undefined);
  return odooError({ name: text(record.name), message: message ?? `HTTP ${status}`, status }, details);
}
