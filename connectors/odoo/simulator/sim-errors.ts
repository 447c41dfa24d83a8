/**
 * Odoo's exceptions as the simulator raises them. JSON-RPC answers them inside its `error.data`
 * envelope (always HTTP 200); JSON-2 answers them with an HTTP status and a flat body.
 */

/** Fully qualified Python names the simulator can answer in `error.data.name` / JSON-2 `name`. */
export type OdooExceptionName =
  | 'odoo.exceptions.AccessDenied'
  | 'odoo.exceptions.AccessError'
  | 'odoo.exceptions.ValidationError'
  | 'odoo.exceptions.UserError'
  | 'odoo.exceptions.MissingError'
  | 'builtins.TypeError'
  | 'builtins.AttributeError'
  | 'builtins.KeyError'
  | 'builtins.Exception'
  | 'psycopg2.OperationalError'
  | 'psycopg2.errors.SerializationFailure'
  | 'werkzeug.exceptions.Unauthorized'
  | 'werkzeug.exceptions.NotFound'
  | 'werkzeug.exceptions.BadRequest'
  | 'werkzeug.exceptions.MethodNotAllowed'
  | 'werkzeug.exceptions.UnprocessableEntity';

/** Thrown anywhere in the simulator; the transports turn it into Odoo's error answer. */
export class OdooError extends Error {
  constructor(
    readonly exception: OdooExceptionName,
    message: string,
    /** JSON-2 status; JSON-RPC ignores it (Odoo answers its errors with HTTP 200). */
    readonly status: number = statusOf(exception),
  ) {
    super(message);
  }

  /** `error.data` of JSON-RPC and the body of JSON-2 share these fields. */
  toData(): { name: string; message: string; arguments: unknown[]; context: object; debug: string } {
    return {
      name: this.exception,
      message: this.message,
      arguments: [this.message],
      context: {},
      debug: `Traceback (most recent call last):\n  (odoo simulator)\n${this.exception}: ${this.message}\n`,
    };
  }
}

function statusOf(exception: OdooExceptionName): number {
  switch (exception) {
    case 'odoo.exceptions.AccessDenied':
    case 'werkzeug.exceptions.Unauthorized':
      return 401;
    case 'odoo.exceptions.AccessError':
      return 403;
    case 'werkzeug.exceptions.BadRequest':
      return 400;
    case 'werkzeug.exceptions.MethodNotAllowed':
      return 405;
    case 'odoo.exceptions.MissingError':
    case 'werkzeug.exceptions.NotFound':
      return 404;
    case 'odoo.exceptions.ValidationError':
    case 'odoo.exceptions.UserError':
    case 'builtins.TypeError':
    case 'werkzeug.exceptions.UnprocessableEntity':
      return 422;
    default:
      return 500;
  }
}

export const validationError = (message: string): OdooError =>
  new OdooError('odoo.exceptions.ValidationError', message);
export const userError = (message: string): OdooError => new OdooError('odoo.exceptions.UserError', message);
export const accessError = (message: string): OdooError =>
  new OdooError('odoo.exceptions.AccessError', message);
export const accessDenied = (): OdooError => new OdooError('odoo.exceptions.AccessDenied', 'Access Denied');
export const missingError = (model: string, ids: number[]): OdooError =>
  new OdooError(
    'odoo.exceptions.MissingError',
    `Record does not exist or has been deleted.\n(Record: ${model}(${ids.join(', ')},), User: 2)`,
  );
export const typeError = (message: string): OdooError => new OdooError('builtins.TypeError', message);

/** What an injected fault answers: the error Odoo gives after exhausting its concurrency retries. */
export const serverError = (): OdooError =>
  new OdooError(
    'psycopg2.errors.SerializationFailure',
    'could not serialize access due to concurrent update',
    500,
  );
