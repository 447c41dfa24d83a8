/**
 * Square's error envelope: `{ errors: [{ category, code, detail, field }] }`, with the category the
 * spec's ErrorCode list pairs with each code.
 */

/** What a route handler answers. */
export interface SimReply {
  readonly status: number;
  readonly body: unknown;
}

export type SquareErrorCategory =
  'API_ERROR' | 'AUTHENTICATION_ERROR' | 'INVALID_REQUEST_ERROR' | 'RATE_LIMIT_ERROR';

/** Thrown by handlers; the server turns it into Square's error body. */
export class SquareApiError extends Error {
  constructor(
    readonly status: number,
    readonly category: SquareErrorCategory,
    readonly code: string,
    readonly detail: string,
    readonly field?: string,
  ) {
    super(detail);
  }

  toReply(): SimReply {
    const error: Record<string, string> = { category: this.category, code: this.code, detail: this.detail };
    if (this.field !== undefined) error.field = this.field;
    return { status: this.status, body: { errors: [error] } };
  }
}

/** 400 INVALID_REQUEST_ERROR with the given code. */
export function invalid(code: string, detail: string, field?: string): SquareApiError {
  return new SquareApiError(400, 'INVALID_REQUEST_ERROR', code, detail, field);
}

export function notFound(detail: string): SquareApiError {
  return new SquareApiError(404, 'INVALID_REQUEST_ERROR', 'NOT_FOUND', detail);
}

export const unauthorized = (): SquareApiError =>
  new SquareApiError(
    401,
    'AUTHENTICATION_ERROR',
    'UNAUTHORIZED',
    'This request could not be authorized. The access token is missing, malformed or not valid.',
  );

// Square documents no rate-limit headers, so the 429 carries none.
export const rateLimited = (): SquareApiError =>
  new SquareApiError(429, 'RATE_LIMIT_ERROR', 'RATE_LIMITED', 'Rate limited. Please retry later.');

export const internalError = (): SquareApiError =>
  new SquareApiError(500, 'API_ERROR', 'INTERNAL_SERVER_ERROR', 'An internal error has occurred.');
