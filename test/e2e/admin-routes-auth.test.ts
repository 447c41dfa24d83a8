import request from 'supertest';
import { createHub } from '../../src/app/create-hub';
import { loadEnv, loadPoshubConfig } from '../../src/config';
import { HubHarness } from '../support/hub-harness';
import { ADMIN_TOKEN } from '../support/test-env';

jest.setTimeout(120_000);

const VIEWER_TOKEN = 'test-viewer-token-0123456789';

/**
 * Routes that answer without the admin/viewer token, on purpose. Adding a public route means
 * adding it here, where a reviewer sees it.
 */
const PUBLIC: Record<string, (status: number) => boolean> = {
  // Probes for the orchestrator.
  'GET /health/live': (s) => s === 200,
  'GET /health/ready': (s) => s === 200 || s === 503,
  // Vendors sign webhooks instead; without a valid signature the answer is still a refusal.
  'POST /webhooks/:connectionId': (s) => s === 401 || s === 404,
};

/** Mounted as middleware (not in the router's route list), so named here explicitly. */
const MIDDLEWARE_ROUTES = [
  { method: 'GET', path: '/admin/queues' },
  { method: 'GET', path: '/admin/queues/api/queues' },
  { method: 'PUT', path: '/admin/queues/api/queues/pull/pause' },
];

interface RouteInfo {
  readonly method: string;
  readonly path: string;
}

interface RouterLayer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
}

/** Every route Express holds after Nest (and Swagger) registered theirs, read from its router. */
function enumerateRoutes(expressApp: { router?: { stack: RouterLayer[] } }): RouteInfo[] {
  const routes: RouteInfo[] = [];
  for (const layer of expressApp.router?.stack ?? []) {
    if (!layer.route) continue;
    // Nest mounts middleware (pino-http, Bull Board's router) as catch-all routes for every method;
    // they are not endpoints (poshub has no @All() handler), and what they guard is probed below.
    if (layer.route.path === '/{*path}' && Object.keys(layer.route.methods).length > 20) continue;
    const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
    for (const path of paths) {
      for (const [method, on] of Object.entries(layer.route.methods)) {
        if (on && method !== '_all') routes.push({ method: method.toUpperCase(), path });
      }
    }
  }
  return routes;
}

/** A concrete URL for a route pattern (`:id` → a value that names nothing; wildcards filled). */
function concrete(path: string): string {
  return path.replace(/\{?\*\w+\}?/g, 'x').replace(/:(\w+)/g, 'nope-$1');
}

async function send(server: Parameters<typeof request>[0], route: RouteInfo, token?: string) {
  const method = route.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete' | 'head';
  let req = request(server)[method](concrete(route.path));
  if (token) req = req.set('Authorization', `Bearer ${token}`);
  try {
    return await (method === 'get' || method === 'head' ? req : req.send({}));
  } catch (err) {
    throw new Error(`${route.method} ${route.path}: ${String(err)}`);
  }
}

describe('every route is behind the tokens (enumerated from the router)', () => {
  let harness: HubHarness;
  let server: Parameters<typeof request>[0];
  let routes: RouteInfo[];

  beforeAll(async () => {
    harness = await HubHarness.create({ dialect: 'sqlite' });
    const processEnv = { ...harness.processEnv('all'), POSHUB_VIEWER_TOKEN: VIEWER_TOKEN };
    const config = loadPoshubConfig(harness.configPath, { env: processEnv });
    harness.hub = await createHub({ env: loadEnv(processEnv), config, role: 'all', listen: false });
    server = harness.hub.http!.getHttpServer();
    routes = enumerateRoutes(harness.hub.http!.getHttpAdapter().getInstance());
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('finds the routes it guards (the enumeration itself works)', () => {
    const keys = routes.map((r) => `${r.method} ${r.path}`);
    expect(keys).toEqual(
      expect.arrayContaining([
        'GET /api/v1/deliveries',
        'POST /api/v1/deliveries/:id/edit-and-retry',
        'GET /api/v1/connections',
        'GET /api/v1/audit',
        'GET /metrics',
        'GET /docs/json',
      ]),
    );
    expect(routes.length).toBeGreaterThan(30);
  });

  it('answers 401 with a JSON error to every non-public route without a token', async () => {
    const failures: string[] = [];
    for (const route of [...routes, ...MIDDLEWARE_ROUTES]) {
      const key = `${route.method} ${route.path}`;
      const response = await send(server, route);
      if (PUBLIC[key]) {
        if (!PUBLIC[key](response.status)) failures.push(`${key}: public route answered ${response.status}`);
        continue;
      }
      if (response.status !== 401) failures.push(`${key}: ${response.status} without a token`);
      else if (route.method !== 'HEAD' && response.body?.error?.code !== 'UNAUTHORIZED') {
        failures.push(`${key}: 401 without the JSON error body`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('refuses a wrong token everywhere', async () => {
    const failures: string[] = [];
    for (const route of [...routes, ...MIDDLEWARE_ROUTES]) {
      const key = `${route.method} ${route.path}`;
      if (PUBLIC[key]) continue;
      const response = await send(server, route, 'not-the-token-0123456789');
      if (response.status !== 401) failures.push(`${key}: ${response.status} with a wrong token`);
    }
    expect(failures).toEqual([]);
  });

  it('answers 403 to the viewer on every write and lets it read', async () => {
    const failures: string[] = [];
    for (const route of [...routes, ...MIDDLEWARE_ROUTES]) {
      const key = `${route.method} ${route.path}`;
      if (PUBLIC[key]) continue;
      const response = await send(server, route, VIEWER_TOKEN);
      const reads = route.method === 'GET' || route.method === 'HEAD';
      if (reads && [401, 403].includes(response.status))
        failures.push(`${key}: viewer got ${response.status}`);
      if (!reads && response.status !== 403)
        failures.push(`${key}: viewer write answered ${response.status}`);
      if (!reads && response.body?.error?.code !== 'FORBIDDEN')
        failures.push(`${key}: 403 without JSON body`);
    }
    expect(failures).toEqual([]);
  });

  it('lets the admin token through everywhere (no route is locked for everyone)', async () => {
    const failures: string[] = [];
    for (const route of [...routes, ...MIDDLEWARE_ROUTES]) {
      const key = `${route.method} ${route.path}`;
      if (PUBLIC[key]) continue;
      const response = await send(server, route, ADMIN_TOKEN);
      if ([401, 403].includes(response.status) || response.status >= 500) {
        failures.push(`${key}: admin got ${response.status} ${JSON.stringify(response.body)}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('prompts browsers for Basic credentials on the dashboard and docs, and accepts them', async () => {
    const prompt = await request(server).get('/admin/queues').expect(401);
    expect(prompt.headers['www-authenticate']).toMatch(/^Basic /);
    const basic = `Basic ${Buffer.from(`ops:${ADMIN_TOKEN}`).toString('base64')}`;
    await request(server).get('/admin/queues').set('Authorization', basic).expect(200);
    const queues = await request(server)
      .get('/admin/queues/api/queues')
      .set('Authorization', basic)
      .expect(200);
    expect(JSON.stringify(queues.body)).toContain('deliver.erp');
    const viewerBasic = `Basic ${Buffer.from(`v:${VIEWER_TOKEN}`).toString('base64')}`;
    const docs = await request(server).get('/docs/json').set('Authorization', viewerBasic).expect(200);
    expect(Object.keys(docs.body.paths)).toEqual(
      expect.arrayContaining(['/api/v1/deliveries/{id}/edit-and-retry']),
    );
  });
});
