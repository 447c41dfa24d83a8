import http from 'node:http';
import { listenOnLoopback, type LoopbackServer } from '../../../src/sdk/simulator-kit';
import {
  HubSpotApiError,
  internalError,
  rateLimitedReply,
  unauthorized,
  validationError,
  type SimReply,
} from './sim-errors';
import type { SimFaults } from './sim-faults';
import type { RateLimiter } from './sim-rate-limits';
import type { SimRequestHooks } from './sim-request-hooks';
import type { SimRouter } from './sim-router';
import type { HubSpotCounters } from './sim.types';

export interface SimServerOptions {
  readonly port?: number;
  readonly router: SimRouter;
  readonly faults: SimFaults;
  readonly limiter: RateLimiter;
  readonly counters: HubSpotCounters;
  /** Test hooks awaited before and after a matching request is handled. */
  readonly hooks?: SimRequestHooks;
  /** 'ok', 'expired' or 'invalid' for an Authorization header value. */
  readonly authorize: (header: string | undefined) => 'ok' | 'expired' | 'invalid';
}

interface Answer {
  reply: SimReply;
  /** Search answers carry no rate-limit headers. */
  search: boolean;
}

/**
 * Starts the simulator's JSON server on 127.0.0.1. Per request, in order: latency, `before` test
 * hooks, route lookup, bearer auth (401), injected faults (429/500), account or search rate limits
 * (429), JSON parsing, the handler, an injected 500 after a committed write when
 * `commitThenErrorRate` says so, then `after` test hooks.
 */
export async function startSimServer(options: SimServerOptions): Promise<LoopbackServer> {
  const { router, faults, limiter, counters } = options;

  const answer = (method: string, rawUrl: string, auth: string | undefined, raw: string): Answer => {
    const url = new URL(rawUrl, 'http://api.hubapi.local');
    const route = router.match(method, url.pathname);
    const search = route?.search === true;
    try {
      const authz = options.authorize(auth);
      if (authz !== 'ok') return { reply: unauthorized(authz === 'expired').toReply(), search };
      const { fault, commitThenError } = faults.decide();
      if (fault === 'rate-limit') {
        counters.rateLimited.TEN_SECONDLY_ROLLING += 1;
        return { reply: rateLimitedReply('TEN_SECONDLY_ROLLING'), search };
      }
      if (fault === 'error') return { reply: internalError().toReply(), search };
      const now = Date.now();
      const refused = search ? limiter.admitSearch(now) : limiter.admit(now);
      if (refused) {
        counters.rateLimited[refused] += 1;
        return { reply: rateLimitedReply(refused), search };
      }
      if (!route) {
        throw new HubSpotApiError(404, 'OBJECT_NOT_FOUND', `No API endpoint ${method} ${url.pathname}.`);
      }
      let body: unknown;
      if (raw.trim() !== '') {
        try {
          body = JSON.parse(raw) as unknown;
        } catch (err) {
          throw validationError(`Invalid input JSON: ${(err as Error).message}`);
        }
      }
      const reply = route.handler({
        method,
        path: url.pathname,
        query: url.searchParams,
        params: route.params,
        body,
      });
      if (route.write && commitThenError && reply.status < 300)
        return { reply: internalError().toReply(), search };
      return { reply, search };
    } catch (err) {
      if (err instanceof HubSpotApiError) return { reply: err.toReply(), search };
      return { reply: new HubSpotApiError(500, 'INTERNAL_ERROR', String(err)).toReply(), search };
    }
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        if (faults.latencyMs > 0) await new Promise((r) => setTimeout(r, faults.latencyMs));
        counters.requests += 1;
        const method = req.method ?? 'GET';
        const path = new URL(req.url ?? '/', 'http://api.hubapi.local').pathname;
        await options.hooks?.run('before', method, path);
        const { reply, search } = answer(
          method,
          req.url ?? '/',
          req.headers.authorization,
          Buffer.concat(chunks).toString('utf8'),
        );
        await options.hooks?.run('after', method, path);
        if (res.destroyed) return;
        const headers: Record<string, string> = search ? {} : limiter.headers(Date.now());
        const body = reply.body as { correlationId?: unknown } | undefined;
        if (typeof body?.correlationId === 'string') headers['x-hubspot-correlation-id'] = body.correlationId;
        if (reply.body === undefined) {
          res.writeHead(reply.status, headers).end();
          return;
        }
        res.writeHead(reply.status, { ...headers, 'content-type': 'application/json;charset=utf-8' });
        res.end(JSON.stringify(reply.body));
      })();
    });
  });

  return listenOnLoopback(server, options.port ?? 0);
}
