import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';

const CODES: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  422: 'UNPROCESSABLE',
  429: 'RATE_LIMITED',
};

/** An API error with a stable code and optional details, shaped by ApiErrorFilter. */
export class ApiError extends HttpException {
  constructor(
    status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message, status);
  }
}

/** Shapes every API error as `{ "error": { "code", "message", "details" } }`; hides internals on 500. */
@Catch()
export class ApiErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('api');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    if (exception instanceof ApiError) {
      response.status(exception.getStatus()).json({
        error: { code: exception.code, message: exception.message, details: exception.details ?? null },
      });
      return;
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      const message =
        typeof body === 'object' && body !== null && 'message' in body
          ? String((body as { message: unknown }).message)
          : exception.message;
      response
        .status(status)
        .json({ error: { code: CODES[status] ?? `HTTP_${status}`, message, details: null } });
      return;
    }
    const clientError = clientErrorOf(exception);
    if (clientError) {
      response.status(clientError.status).json({
        error: {
          code: CODES[clientError.status] ?? `HTTP_${clientError.status}`,
          message: clientError.message,
          details: null,
        },
      });
      return;
    }
    this.logger.error({
      msg: 'unhandled error',
      err: exception instanceof Error ? exception.stack : String(exception),
    });
    response
      .status(HttpStatus.INTERNAL_SERVER_ERROR)
      .json({ error: { code: 'INTERNAL', message: 'internal error', details: null } });
  }
}

/**
 * A 4xx raised by Express middleware before Nest's router (body-parser's "request entity too
 * large", an unsupported charset…): http-errors objects carrying their status and `expose: true`,
 * whose message is meant for the client. Anything else is an internal error.
 */
function clientErrorOf(exception: unknown): { status: number; message: string } | undefined {
  if (typeof exception !== 'object' || exception === null) return undefined;
  const { status, statusCode, expose, message } = exception as {
    status?: unknown;
    statusCode?: unknown;
    expose?: unknown;
    message?: unknown;
  };
  const code = typeof status === 'number' ? status : statusCode;
  if (typeof code !== 'number' || code < 400 || code > 499 || expose !== true) return undefined;
  return { status: code, message: typeof message === 'string' ? message : `HTTP ${code}` };
}
