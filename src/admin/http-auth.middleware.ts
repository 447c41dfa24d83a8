import type { NextFunction, Request, Response } from 'express';
import type { Env } from '../config';
import { READ_METHODS, resolveCaller } from './caller';
import { requestCaller } from './request-caller';

/**
 * Auth for the browser pages poshub mounts outside Nest's router (OpenAPI at /docs, Bull Board at
 * /admin/queues), where the global guard does not run. Same tokens and roles as the API; a browser
 * without one is asked for HTTP Basic credentials (any user name, the token as password).
 * `viewerMayRead`: whether a viewer may GET/HEAD here (writes always need the admin token).
 */
export function httpAuthMiddleware(env: Env, options: { viewerMayRead: boolean }) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const caller = resolveCaller(req.headers, env);
    if (!caller) {
      res
        .status(401)
        .set('WWW-Authenticate', 'Basic realm="poshub", charset="UTF-8"')
        .json({
          error: {
            code: 'UNAUTHORIZED',
            message: 'a valid admin or viewer token is required',
            details: null,
          },
        });
      return;
    }
    const reads = READ_METHODS.has(req.method.toUpperCase());
    if (caller.role !== 'admin' && !(reads && options.viewerMayRead)) {
      res
        .status(403)
        .json({ error: { code: 'FORBIDDEN', message: 'the viewer role is read-only', details: null } });
      return;
    }
    // The handlers after this one see who called (Bull Board's retry writes it into the audit log).
    requestCaller.run(caller, next);
  };
}
