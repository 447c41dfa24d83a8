import {
  AuthError,
  RateLimitedError,
  RejectedError,
  TransientError,
  bodyExcerpt,
  type HttpResponse,
} from '../../src/sdk';
import { msUntilDailyReset } from './hubspot.pace';

/**
 * HubSpot's error body, read defensively: every field may be missing or of another type
 * (`{status, message, correlationId, category, subCategory, errors:[{message, code, context}],
 * context, policyName, errorType}`).
 */
export interface HubSpotErrorBody {
  readonly message?: string;
  readonly category?: string;
  readonly subCategory?: string;
  readonly correlationId?: string;
  readonly policyName?: string;
  readonly errorType?: string;
  readonly errors: readonly { message?: string; code?: string; context?: Record<string, unknown> }[];
  readonly context?: Record<string, unknown>;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function obj(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** Reads a HubSpot error body (or anything else) into {@link HubSpotErrorBody}; never throws. */
export function parseHubSpotError(data: unknown): HubSpotErrorBody {
  const body = obj(data) ?? {};
  const errors = Array.isArray(body.errors) ? body.errors : [];
  return {
    message: str(body.message) ?? (typeof data === 'string' ? str(data.slice(0, 500)) : undefined),
    category: str(body.category),
    subCategory: str(body.subCategory),
    correlationId: str(body.correlationId),
    policyName: str(body.policyName),
    errorType: str(body.errorType),
    errors: errors.map((e) => {
      const entry = obj(e) ?? {};
      return { message: str(entry.message), code: str(entry.code), context: obj(entry.context) };
    }),
    context: obj(body.context),
  };
}

/** Scopes named by a MISSING_SCOPES answer (`errors[].context.requiredGranularScopes`, or in text). */
function missingScopes(body: HubSpotErrorBody): string[] {
  const scopes = new Set<string>();
  for (const e of [{ context: body.context }, ...body.errors]) {
    for (const key of ['requiredGranularScopes', 'requiredScopes', 'scopes']) {
      const value = e.context?.[key];
      if (Array.isArray(value)) value.filter((s) => typeof s === 'string').forEach((s) => scopes.add(s));
    }
  }
  return [...scopes];
}

/** How long to wait after a 429 of each HubSpot policy (HubSpot sends no Retry-After). */
export function rateLimitWaitMs(policyName: string | undefined, now: Date, timeZone?: string): number {
  if (policyName === 'DAILY') return msUntilDailyReset(now, timeZone);
  if (policyName === 'SECONDLY') return 1000;
  // TEN_SECONDLY_ROLLING (and unknown policies): the rolling window frees slots continuously; 1.5 s
  // lets a few of the oldest requests age out without idling the connection for the whole window.
  return 1500;
}

/** Options of {@link classifyHubSpotError}: the clock and the account time zone (daily resets). */
export interface ClassifyOptions {
  readonly now?: Date;
  readonly timeZone?: string;
}

/**
 * Maps a failed HubSpot response to a connector error: 429 → RateLimitedError with a wait chosen by
 * `policyName` (TEN_SECONDLY_ROLLING ≈ 1.5 s, SECONDLY 1 s, DAILY until the account's midnight);
 * 401 → AuthError; 403 → AuthError (naming missing scopes); 5xx/408 → TransientError; any other 4xx
 * (400 validation, 404, 409 conflict) → RejectedError with HubSpot's message. Details carry
 * `status`, `category`, `subCategory`, `correlationId`, `policyName` when HubSpot gave them.
 */
export function classifyHubSpotError(response: HttpResponse, options: ClassifyOptions = {}): Error {
  const body = parseHubSpotError(response.data);
  const status = response.status;
  const details: Record<string, unknown> = { status, body: bodyExcerpt(response.data) };
  for (const key of ['category', 'subCategory', 'correlationId', 'policyName'] as const) {
    if (body[key] !== undefined) details[key] = body[key];
  }
  const text = body.message ?? body.errors[0]?.message ?? `HTTP ${status}`;
  const message = `HubSpot: ${text} (HTTP ${status}${body.category ? ` ${body.category}` : ''})`;
  if (status === 429) {
    const wait = rateLimitWaitMs(body.policyName, options.now ?? new Date(), options.timeZone);
    return new RateLimitedError(message, wait, details);
  }
  if (status === 401) return new AuthError(message, details);
  if (status === 403) {
    const scopes = missingScopes(body);
    if (scopes.length > 0) details.missingScopes = scopes;
    const hint = scopes.length > 0 ? `; grant the private app these scopes: ${scopes.join(', ')}` : '';
    return new AuthError(`${message}${hint}`, details);
  }
  if (status === 408 || status >= 500) return new TransientError(message, details);
  return new RejectedError(message, details);
}

/** The HTTP status recorded on a connector error raised from a HubSpot response. */
export function errorStatus(err: unknown): number | undefined {
  const status = (err as { details?: Record<string, unknown> } | null)?.details?.status;
  return typeof status === 'number' ? status : undefined;
}
