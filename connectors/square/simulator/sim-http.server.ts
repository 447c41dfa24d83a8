import http from 'node:http';
import { listenOnLoopback } from '../../../src/sdk/simulator-kit';
import {
  SquareApiError,
  internalError,
  invalid,
  notFound,
  rateLimited,
  unauthorized,
  type SimReply,
} from './sim-errors';
import type { SimFaults } from './sim-faults';
import type { SimRequest } from './sim-request';
import type { SquareRequestLogEntry } from './sim.types';

export type SimHandler = (req: SimRequest) => SimReply;

interface Route {
  readonly method: string;
  readonly pattern: RegExp;
  readonly names: string[];
  readonly handler: SimHandler;
}

/** Maps `METHOD /v2/path/{param}` templates to handlers. */
export class SimRouter {
  private readonly routes: Route[] = [];

  add(method: string, template: string, handler: SimHandler): this {
    const names: string[] = [];
    const source = template
      .split('/')
      .map((seg) => {
        const m = /^\{(\w+)\}$/.exec(seg);
        if (!m) return seg;
        names.push(m[1]!);
        return '([^/]+)';
      })
      .join('/');
    this.routes.push({ method, pattern: new RegExp(`^${source}$`), names, handler });
    // Literal paths must win over parameters (/v2/orders/search vs /v2/orders/{order_id}).
    this.routes.sort((a, b) => a.names.length - b.names.length);
    return this;
  }

  match(method: string, path: string): { handler: SimHandler; params: Record<string, string> } | undefined {
    for (const route of this.routes) {
      if (route.method !== method) continue;
      const m = route.pattern.exec(path);
      if (!m) continue;
      const params: Record<string, string> = {};
      route.names.forEach((name, i) => (params[name] = decodeURIComponent(m[i + 1]!)));
      return { handler: route.handler, params };
    }
    return undefined;
  }
}

export interface RunningSimServer {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Starts the simulator's JSON server on 127.0.0.1. Per request: latency, bearer auth (401),
 * injected faults (429, 500), JSON parsing, the route; every exchange is logged.
 */
export async function startSimServer(options: {
  readonly port?: number;
  readonly accessToken: string;
  readonly faults: SimFaults;
  readonly router: SimRouter;
  readonly log: (entry: SquareRequestLogEntry) => void;
}): Promise<RunningSimServer> {
  const { faults, router } = options;

  const answer = (method: string, rawUrl: string, auth: string | undefined, raw: string): SimReply => {
    const url = new URL(rawUrl, 'http://square.local');
    let logged: unknown = raw === '' ? undefined : raw;
    try {
      if (raw.trim() !== '') logged = JSON.parse(raw) as unknown;
    } catch {
      // Logged as the raw text; answered 400 below once auth and faults have passed.
    }
    const reply = ((): SimReply => {
      try {
        if (auth !== `Bearer ${options.accessToken}`) throw unauthorized();
        const fault = faults.decide();
        if (fault === 'rate-limit') throw rateLimited();
        if (fault === 'error') throw internalError();
        let body: Record<string, unknown> = {};
        if (raw.trim() !== '') {
          if (typeof logged !== 'object' || logged === null || Array.isArray(logged)) {
            throw invalid('EXPECTED_JSON_BODY', 'The request body is not a JSON object.');
          }
          body = logged as Record<string, unknown>;
        }
        const route = router.match(method, url.pathname);
        if (!route) throw notFound(`No API endpoint ${method} ${url.pathname}.`);
        return route.handler({
          method,
          path: url.pathname,
          query: url.searchParams,
          params: route.params,
          body,
        });
      } catch (err) {
        if (err instanceof SquareApiError) return err.toReply();
        return new SquareApiError(500, 'API_ERROR', 'INTERNAL_SERVER_ERROR', String(err)).toReply();
      }
    })();
    options.log({ method, path: url.pathname, body: logged, status: reply.status, response: reply.body });
    return reply;
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        if (faults.latencyMs > 0) await new Promise((r) => setTimeout(r, faults.latencyMs));
        const reply = answer(
          req.method ?? 'GET',
          req.url ?? '/',
          req.headers.authorization,
          Buffer.concat(chunks).toString('utf8'),
        );
        if (res.destroyed) return;
        res.writeHead(reply.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(reply.body));
      })();
    });
  });

  return listenOnLoopback(server, options.port ?? 0);
}
