import type { SimReply } from './sim-errors';

/** A parsed request as the simulator's handlers see it. */
export interface SimRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  /** Path parameters of the matched template, e.g. `{ objectType: 'contacts' }`. */
  readonly params: Readonly<Record<string, string>>;
  /** Parsed JSON body (undefined when the request had none). */
  readonly body: unknown;
}

export type SimHandler = (req: SimRequest) => SimReply;

/** How the server treats a route: search has its own limit and no rate-limit headers. */
export interface RouteTraits {
  /** Counts against the search limit instead of the account limits. */
  readonly search?: boolean;
  /** Changes data (for `commitThenErrorRate`). */
  readonly write?: boolean;
}

interface Route extends RouteTraits {
  readonly method: string;
  readonly pattern: RegExp;
  readonly names: string[];
  readonly handler: SimHandler;
}

export interface RouteMatch extends RouteTraits {
  readonly handler: SimHandler;
  readonly params: Record<string, string>;
}

/** Maps `METHOD /crm/v3/path/{param}` templates to handlers; literal segments win over parameters. */
export class SimRouter {
  private readonly routes: Route[] = [];

  add(method: string, template: string, handler: SimHandler, traits: RouteTraits = {}): this {
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
    this.routes.push({ method, pattern: new RegExp(`^${source}/?$`), names, handler, ...traits });
    this.routes.sort((a, b) => a.names.length - b.names.length);
    return this;
  }

  match(method: string, path: string): RouteMatch | undefined {
    for (const route of this.routes) {
      if (route.method !== method) continue;
      const m = route.pattern.exec(path);
      if (!m) continue;
      const params: Record<string, string> = {};
      route.names.forEach((name, i) => (params[name] = decodeURIComponent(m[i + 1]!)));
      return { handler: route.handler, params, search: route.search, write: route.write };
    }
    return undefined;
  }
}
