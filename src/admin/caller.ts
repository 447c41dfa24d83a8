import type { IncomingHttpHeaders } from 'node:http';
import type { Env } from '../config';
import { timingSafeEqualString } from '../sdk/signature';

/** What a token allows: `admin` everything, `viewer` reading only (GET/HEAD). */
export type CallerRole = 'admin' | 'viewer';

/** Who is calling, as the auth layer established it; the actor goes into the audit log. */
export interface Caller {
  readonly role: CallerRole;
  /**
   * `admin` or `viewer`, or `admin:<name>` when the request names a person in `X-Poshub-Actor`.
   * Tokens are shared per role, so the role is authenticated and the name is only declared.
   */
  readonly actor: string;
  /** How the token came: browsers send Basic and cookies on their own, which matters for CSRF. */
  readonly via: TokenSource;
}

/** Where a request carried its token. */
export type TokenSource = 'bearer' | 'basic' | 'cookie';

/** Cookie a browser page may carry the token in (set by the web console's login form). */
export const TOKEN_COOKIE = 'poshub_token';

/** Header a client may use to name the person acting (console login name, CLI user). */
export const ACTOR_HEADER = 'x-poshub-actor';

/** Methods a viewer may use: nothing that changes state. */
export const READ_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD']);

/**
 * The token a request presents: `Authorization: Bearer <token>` (API clients), HTTP Basic with the
 * token as password (browsers prompted by /docs and /admin/queues), or the `poshub_token` cookie.
 */
export function presentedToken(
  headers: IncomingHttpHeaders,
): { token: string; via: TokenSource } | undefined {
  const authorization = headers.authorization ?? '';
  const bearer = /^Bearer\s+(.+)$/i.exec(authorization);
  if (bearer) return { token: bearer[1].trim(), via: 'bearer' };
  const basic = /^Basic\s+(.+)$/i.exec(authorization);
  if (basic) {
    const decoded = Buffer.from(basic[1].trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon >= 0 ? { token: decoded.slice(colon + 1), via: 'basic' } : undefined;
  }
  const cookie = cookieValue(headers.cookie, TOKEN_COOKIE);
  return cookie ? { token: cookie, via: 'cookie' } : undefined;
}

/**
 * The caller a request authenticates as, or undefined. Both comparisons always run (constant
 * time each), so timing does not tell which role a guess came close to.
 */
export function resolveCaller(headers: IncomingHttpHeaders, env: Env): Caller | undefined {
  const presented = presentedToken(headers);
  if (!presented) return undefined;
  const { token, via } = presented;
  const admin = env.POSHUB_ADMIN_TOKEN !== undefined && timingSafeEqualString(token, env.POSHUB_ADMIN_TOKEN);
  const viewer =
    env.POSHUB_VIEWER_TOKEN !== undefined && timingSafeEqualString(token, env.POSHUB_VIEWER_TOKEN);
  const role: CallerRole | undefined = admin ? 'admin' : viewer ? 'viewer' : undefined;
  if (!role) return undefined;
  const name = declaredName(headers[ACTOR_HEADER]);
  return { role, actor: name ? `${role}:${name}` : role, via };
}

/** A short printable name, or undefined (anything odd is dropped rather than logged into the audit). */
function declaredName(value: string | string[] | undefined): string | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  const name = raw?.trim();
  return name && /^[\w .@+-]{1,64}$/.test(name) ? name : undefined;
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      const value = part.slice(eq + 1).trim();
      try {
        return decodeURIComponent(value) || undefined;
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}
