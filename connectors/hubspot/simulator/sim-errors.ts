import { randomUUID } from 'node:crypto';
import type { RateLimitPolicy } from './sim.types';

/**
 * HubSpot's error envelope: `{status:'error', message, correlationId, category, subCategory?,
 * errors?:[{message, in?, code?, context?}], context?}`. Every field is optional for readers, so
 * connectors must parse defensively; the simulator always fills status, message, correlationId and
 * category.
 */

/** What a route handler answers; `body` undefined means no body (204). */
export interface SimReply {
  readonly status: number;
  readonly body?: unknown;
}

export interface ErrorDetail {
  message: string;
  in?: string;
  code?: string;
  subCategory?: string;
  context?: Record<string, string[]>;
}

export interface ErrorExtras {
  subCategory?: string;
  errors?: ErrorDetail[];
  context?: Record<string, string[]>;
}

/** Thrown by handlers and stores; the server turns it into HubSpot's error body. */
export class HubSpotApiError extends Error {
  constructor(
    readonly status: number,
    readonly category: string,
    message: string,
    readonly extras: ErrorExtras = {},
  ) {
    super(message);
  }

  toBody(): Record<string, unknown> {
    return {
      status: 'error',
      message: this.message,
      correlationId: randomUUID(),
      category: this.category,
      ...this.extras,
    };
  }

  toReply(): SimReply {
    return { status: this.status, body: this.toBody() };
  }
}

export const validationError = (message: string, extras: ErrorExtras = {}): HubSpotApiError =>
  new HubSpotApiError(400, 'VALIDATION_ERROR', message, extras);

export const notFound = (message: string, extras: ErrorExtras = {}): HubSpotApiError =>
  new HubSpotApiError(404, 'OBJECT_NOT_FOUND', message, extras);

export const conflict = (message: string, extras: ErrorExtras = {}): HubSpotApiError =>
  new HubSpotApiError(409, 'CONFLICT', message, extras);

export const unauthorized = (expired: boolean): HubSpotApiError =>
  expired
    ? new HubSpotApiError(401, 'EXPIRED_AUTHENTICATION', 'The access token used for this call has expired.')
    : new HubSpotApiError(401, 'INVALID_AUTHENTICATION', 'The request carries no valid access token.');

export const internalError = (): HubSpotApiError =>
  new HubSpotApiError(500, 'INTERNAL_ERROR', 'internal error');

const POLICY_WORDS: Record<RateLimitPolicy, string> = {
  TEN_SECONDLY_ROLLING: 'ten_secondly_rolling',
  DAILY: 'daily',
  SECONDLY: 'secondly',
};

/** A 429 body: HubSpot's rate-limit answers use `errorType` and `policyName`, not `category`. */
export function rateLimitedReply(policy: RateLimitPolicy): SimReply {
  return {
    status: 429,
    body: {
      status: 'error',
      message: `You have reached your ${POLICY_WORDS[policy]} limit.`,
      errorType: 'RATE_LIMIT',
      correlationId: randomUUID(),
      policyName: policy,
      requestId: randomUUID(),
    },
  };
}
