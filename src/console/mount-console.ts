import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { ServerResponse } from 'node:http';
import { packageRoot } from '../config/package-root';

/** Where the console's static files live: `<package root>/public/console` (copied into the image). */
export function consoleAssetsDir(): string {
  return join(packageRoot(), 'public', 'console');
}

/**
 * Serves the web console at /console as plain static files. Only these assets are public: the page
 * asks for the admin token and every figure comes from the admin API with it, so nothing here
 * reveals data. Mounted as express middleware (not a Nest route), so it is outside the router the
 * auth tests enumerate.
 */
export function mountConsole(http: NestExpressApplication): void {
  http.useStaticAssets(consoleAssetsDir(), {
    prefix: '/console',
    index: 'index.html',
    // Small files: revalidate every time so an upgrade shows at once.
    maxAge: 0,
    setHeaders: (res: ServerResponse) => {
      // No inline script or style and no third-party origin: a stolen token cannot be exfiltrated
      // by injected markup, and the page cannot be framed.
      res.setHeader(
        'Content-Security-Policy',
        "default-src 'self'; connect-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
      );
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.setHeader('Referrer-Policy', 'no-referrer');
      res.setHeader('Cache-Control', 'no-cache');
    },
  });
}
