import { z } from 'zod';
import { component } from './zod-openapi';

/** The one error body every API error has (ApiErrorFilter, and the /docs auth middleware). */
export const ApiErrorBody = component(
  'ApiError',
  z
    .object({
      error: z.object({
        code: z
          .string()
          .describe(
            'Stable code: BAD_REQUEST, UNAUTHORIZED, FORBIDDEN, NOT_FOUND, CONFLICT, or a more precise one ' +
              'named by the operation (READ_ONLY, ALREADY_DONE, INVALID_SIGNATURE, ...); HTTP_<status> otherwise',
          ),
        message: z.string().describe('What went wrong, for a person; never a secret value'),
        details: z
          .unknown()
          .describe(
            'null, or for 400 the offending inputs: [{ "field" | "parameter": "...", "message": "..." }]',
          ),
      }),
    })
    .describe('Every error answer: { "error": { "code", "message", "details" } }'),
);

/** The error statuses operations document. */
export type DocumentedErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 500 | 503;

/** What each error status means on this API, unless an operation says more. */
export const ERROR_DESCRIPTIONS: Readonly<Record<DocumentedErrorStatus, string>> = {
  400: 'BAD_REQUEST: a query parameter or body field is invalid; `details` lists each one',
  401: 'UNAUTHORIZED: no token, or not the admin or viewer token',
  403: 'FORBIDDEN: the viewer token is read-only (a cookie or Basic write also needs X-Requested-With)',
  404: 'NOT_FOUND: nothing has that id',
  409: 'CONFLICT: the resource is not in a state that allows this',
  413: 'PAYLOAD_TOO_LARGE: the JSON body is over 2 MB',
  415: 'UNSUPPORTED_MEDIA_TYPE: a body that is not application/json',
  500: 'INTERNAL: an unexpected error; the message says no more, the logs (same x-request-id) do',
  503: 'HTTP_503: not ready',
};
