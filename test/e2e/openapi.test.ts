import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { createHub } from '../../src/app/create-hub';
import { loadEnv, loadPoshubConfig } from '../../src/config';
import { HubHarness } from '../support/hub-harness';
import { loadOpenApi, type OpenApiValidator } from '../support/openapi-validator';
import { ADMIN_TOKEN, waitUntil } from '../support/test-env';

jest.setTimeout(120_000);

const VIEWER_TOKEN = 'test-viewer-token-openapi-0123';

/** Operations that take no token, on purpose (the same ones admin-routes-auth.test.ts lets through). */
const PUBLIC_OPERATIONS = ['get /health/live', 'get /health/ready', 'post /webhooks/{connectionId}'];

/** Operations whose success answer is not JSON, on purpose, with the one content type each has. */
const NON_JSON_ANSWERS: Record<string, string> = { 'get /metrics': 'text/plain' };

const ERROR_REF = '#/components/schemas/ApiError';

type Json = Record<string, unknown>;

interface Operation {
  /** `get /api/v1/deliveries/{id}` */
  readonly key: string;
  readonly method: string;
  readonly spec: {
    parameters?: { name: string; in: string; required?: boolean; schema?: Json }[];
    requestBody?: { content?: Record<string, { schema?: Json }> };
    responses: Record<string, { content?: Record<string, { schema?: Json }> }>;
    security?: Record<string, string[]>[];
  };
}

function operationsOf(doc: { paths: Record<string, Record<string, unknown>> }): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, spec]) => ({
      key: `${method} ${path}`,
      method,
      spec: spec as Operation['spec'],
    })),
  );
}

/** Every `$ref` in a JSON tree. */
function refsIn(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => refsIn(n, out));
  else if (typeof node === 'object' && node !== null) {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') out.push(value);
      else refsIn(value, out);
    }
  }
  return out;
}

describe('the OpenAPI document at /docs/json', () => {
  let harness: HubHarness;
  let server: Parameters<typeof request>[0];
  let doc: { paths: Record<string, Record<string, unknown>>; components: { schemas: Json } };
  let operations: Operation[];
  let validator: OpenApiValidator;
  let dir: string;

  beforeAll(async () => {
    // Dead deliveries (the ERP refuses everything at first) and done ones, so lists have rows.
    harness = await HubHarness.create({ dialect: 'sqlite', attempts: 2, backoffMs: 10, maxBackoffMs: 10 });
    harness.pos.generate(3, { currency: 'EUR', refundRatio: 0 });
    harness.erp.setFaults({ errorRate: 1 });
    const processEnv = { ...harness.processEnv('all'), POSHUB_VIEWER_TOKEN: VIEWER_TOKEN };
    const config = loadPoshubConfig(harness.configPath, { env: processEnv });
    harness.hub = await createHub({ env: loadEnv(processEnv), config, role: 'all', listen: false });
    server = harness.hub.http!.getHttpServer();
    const ledger = await harness.ledger();
    await waitUntil(async () => (await ledger.deliveries.countByStatus()).dead >= 3, {
      timeoutMs: 60_000,
      describe: async () => JSON.stringify(await ledger.deliveries.countByStatus()),
    });
    harness.erp.setFaults({});
    harness.pos.generate(2, { currency: 'EUR', refundRatio: 0 });
    await harness.waitForDone(2, 60_000);

    const response = await request(server)
      .get('/docs/json')
      .set('Authorization', `Bearer ${VIEWER_TOKEN}`)
      .expect(200);
    doc = response.body;
    operations = operationsOf(doc);
    dir = mkdtempSync(join(tmpdir(), 'poshub-openapi-'));
    writeFileSync(join(dir, 'openapi.json'), JSON.stringify(doc));
    validator = loadOpenApi(join(dir, 'openapi.json'));
  });

  afterAll(async () => {
    await harness?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('lists the operations (the walk below is over something)', () => {
    expect(operations.length).toBeGreaterThan(35);
    expect(operations.map((o) => o.key)).toEqual(
      expect.arrayContaining(['get /api/v1/deliveries', 'post /api/v1/connections', ...PUBLIC_OPERATIONS]),
    );
  });

  it('gives every operation a success answer with a schema', () => {
    const failures: string[] = [];
    for (const op of operations) {
      const success = Object.entries(op.spec.responses).filter(([status]) => /^2\d\d$/.test(status));
      if (success.length === 0) failures.push(`${op.key}: no 2xx answer`);
      for (const [status, response] of success) {
        const type = NON_JSON_ANSWERS[op.key] ?? 'application/json';
        const types = Object.keys(response.content ?? {});
        if (types.length !== 1 || types[0] !== type) failures.push(`${op.key} ${status}: content ${types}`);
        else if (!response.content![type].schema) failures.push(`${op.key} ${status}: no schema`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('documents 401 on every protected operation, 403 on every protected write, none on public ones', () => {
    const failures: string[] = [];
    for (const op of operations) {
      const bearer = (op.spec.security ?? []).some((s) => 'bearer' in s);
      if (PUBLIC_OPERATIONS.includes(op.key)) {
        // Public operations say so explicitly: an empty security list, not a missing one.
        if (!Array.isArray(op.spec.security) || op.spec.security.length !== 0)
          failures.push(`${op.key}: public but security is ${JSON.stringify(op.spec.security)}`);
        continue;
      }
      if (!bearer) failures.push(`${op.key}: no bearer security`);
      if (!op.spec.responses['401']) failures.push(`${op.key}: no 401`);
      if (op.method !== 'get' && !op.spec.responses['403']) failures.push(`${op.key}: write without 403`);
      if (op.method === 'get' && op.spec.responses['403'])
        failures.push(`${op.key}: a read cannot answer 403`);
    }
    expect(failures).toEqual([]);
  });

  it('gives every error answer the shared error body, every operation its 500 and 413 where it takes a body', () => {
    const failures: string[] = [];
    for (const op of operations) {
      for (const [status, response] of Object.entries(op.spec.responses)) {
        if (Number(status) < 400) continue;
        const ref = response.content?.['application/json']?.schema?.$ref;
        if (ref !== ERROR_REF) failures.push(`${op.key} ${status}: schema ${JSON.stringify(ref)}`);
      }
      if (op.spec.requestBody && !op.spec.requestBody.content?.['application/json']?.schema)
        failures.push(`${op.key}: request body without a JSON schema`);
      // Any operation can fail unexpectedly; a body over the parser's limit is refused before the route.
      if (!op.spec.responses['500']) failures.push(`${op.key}: no 500`);
      if (op.spec.requestBody && !op.spec.responses['413']) failures.push(`${op.key}: body but no 413`);
      // The admin API refuses bodies that are not JSON (webhooks take what vendors send).
      const api = op.key.split(' ')[1].startsWith('/api/');
      if (op.spec.requestBody && api !== Boolean(op.spec.responses['415']))
        failures.push(`${op.key}: 415 documented ${Boolean(op.spec.responses['415'])}`);
    }
    expect(failures).toEqual([]);
    expect(doc.components.schemas.ApiError).toBeDefined();
  });

  it('types every parameter and resolves every $ref', () => {
    const failures: string[] = [];
    for (const op of operations) {
      for (const p of op.spec.parameters ?? []) {
        const schema = p.schema ?? {};
        if (!schema.type && !schema.anyOf && !schema.oneOf) failures.push(`${op.key}: ${p.name} untyped`);
        if (p.in === 'path' && p.required !== true) failures.push(`${op.key}: path ${p.name} optional`);
      }
    }
    for (const ref of refsIn(doc)) {
      const name = ref.replace('#/components/schemas/', '');
      if (!ref.startsWith('#/components/schemas/') || !(name in doc.components.schemas))
        failures.push(`dangling ${ref}`);
    }
    expect(failures).toEqual([]);
    // Query parameters carry what the zod schemas enforce: enums, bounds, defaults, required.
    const list = operations.find((o) => o.key === 'get /api/v1/deliveries')!.spec.parameters!;
    expect(list.find((p) => p.name === 'status')?.schema?.enum).toEqual([
      'pending',
      'done',
      'dead',
      'skipped',
    ]);
    expect(list.find((p) => p.name === 'limit')?.schema).toMatchObject({
      type: 'integer',
      minimum: 1,
      maximum: 500,
      default: 100,
    });
    const reconciliation = operations.find((o) => o.key === 'get /api/v1/reports/reconciliation')!;
    expect(reconciliation.spec.parameters!.find((p) => p.name === 'date')?.required).toBe(true);
  });

  describe('real answers match the documented schemas', () => {
    async function call(
      method: 'get' | 'post' | 'put',
      path: string,
      token: string | undefined,
      status: number,
      body?: object,
    ): Promise<unknown> {
      let req = request(server)[method](path);
      if (token) req = req.set('Authorization', `Bearer ${token}`);
      const response = await (body === undefined ? req : req.send(body));
      expect({ path, status: response.status }).toEqual({ path, status });
      expect(validator.validateResponse(method, path, status, response.body)).toEqual([]);
      return response.body;
    }

    it('the lists, with rows in them', async () => {
      const deliveries = (await call('get', '/api/v1/deliveries', VIEWER_TOKEN, 200)) as {
        items: { id: string; recordId: string; status: string }[];
      };
      expect(new Set(deliveries.items.map((d) => d.status))).toEqual(new Set(['dead', 'done']));
      const errors = (await call('get', '/api/v1/errors', VIEWER_TOKEN, 200)) as { items: unknown[] };
      expect(errors.items.length).toBeGreaterThan(0);
      const connections = (await call('get', '/api/v1/connections', VIEWER_TOKEN, 200)) as {
        items: unknown[];
      };
      expect(connections.items).toHaveLength(2);

      const delivery = deliveries.items[0];
      await call('get', `/api/v1/deliveries/${delivery.id}`, VIEWER_TOKEN, 200);
      await call('get', `/api/v1/records/${delivery.recordId}`, VIEWER_TOKEN, 200);
      await call('get', '/api/v1/records?kind=transaction', VIEWER_TOKEN, 200);
      await call('get', '/api/v1/connections/erp', VIEWER_TOKEN, 200);
      await call('get', '/api/v1/connections/pos/streams/transactions', VIEWER_TOKEN, 200);
      await call('get', '/api/v1/queues', VIEWER_TOKEN, 200);
      await call('get', '/api/v1/console/overview', VIEWER_TOKEN, 200);
      await call('get', '/api/v1/quarantine', VIEWER_TOKEN, 200);
      await call('get', '/api/v1/identity/reviews', VIEWER_TOKEN, 200);
      await call('get', '/api/v1/alerts', VIEWER_TOKEN, 200);
      await call('get', '/health/live', undefined, 200);
      await call('get', '/health/ready', undefined, 200);
    });

    it('the writes, and the audit log they leave', async () => {
      const dead = (await call('get', '/api/v1/deliveries?status=dead&limit=1', VIEWER_TOKEN, 200)) as {
        items: { id: string }[];
      };
      const id = dead.items[0].id;
      await call('post', `/api/v1/deliveries/${id}/skip`, ADMIN_TOKEN, 200, { reason: 'openapi test' });
      await call('post', '/api/v1/deliveries/retry', ADMIN_TOKEN, 202, { status: 'skipped' });
      await call('post', '/api/v1/connections/erp/check', ADMIN_TOKEN, 200);
      await call('post', '/api/v1/queues/pull/clean', ADMIN_TOKEN, 200);
      const audit = (await call('get', '/api/v1/audit', VIEWER_TOKEN, 200)) as { items: unknown[] };
      expect(audit.items.length).toBeGreaterThanOrEqual(4);
    });

    it('the errors, in the shared error body', async () => {
      await call('get', '/api/v1/deliveries/no-such-delivery', VIEWER_TOKEN, 404);
      await call('get', '/api/v1/deliveries?limit=0', VIEWER_TOKEN, 400);
      await call('get', '/api/v1/connections', undefined, 401);
      await call('post', '/api/v1/queues/pull/pause', VIEWER_TOKEN, 403);
      await call('post', '/api/v1/connections', ADMIN_TOKEN, 400, {});
      await call('put', '/api/v1/connections/pos', ADMIN_TOKEN, 409, { config: {} });
    });

    it('would notice an answer that drifted from its schema', async () => {
      const page = (
        await request(server)
          .get('/api/v1/deliveries')
          .set('Authorization', `Bearer ${VIEWER_TOKEN}`)
          .expect(200)
      ).body as { items: Json[]; total: number };
      const wrongStatus = { ...page, items: [{ ...page.items[0], status: 'lost' }] };
      const noTotal = { items: page.items };
      expect(validator.validateResponse('get', '/api/v1/deliveries', 200, wrongStatus)).not.toEqual([]);
      expect(validator.validateResponse('get', '/api/v1/deliveries', 200, noTotal)).not.toEqual([]);
      expect(validator.validateResponse('get', '/api/v1/deliveries/x', 404, { message: 'no' })).not.toEqual(
        [],
      );
    });
  });
});
