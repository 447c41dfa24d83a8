import type { NextFunction, Request, Response } from 'express';

/**
 * The admin API reads JSON bodies only. A body in another type (a form post, text/plain from a
 * script that forgot its header) would reach the routes as an empty body, and an empty body is a
 * valid request for some of them ("retry all dead deliveries"): refuse it with 415 instead.
 */
export function jsonBodyOnly(req: Request, res: Response, next: NextFunction): void {
  const length = Number(req.headers['content-length'] ?? 0);
  const hasBody = length > 0 || req.headers['transfer-encoding'] !== undefined;
  if (hasBody && !req.is('application/json')) {
    res.status(415).json({
      error: {
        code: 'UNSUPPORTED_MEDIA_TYPE',
        message: `send the body as JSON (Content-Type: application/json), not ${req.headers['content-type'] ?? 'no type'}`,
        details: null,
      },
    });
    return;
  }
  next();
}
