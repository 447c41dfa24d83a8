import { AuthError, RejectedError, TransientError } from '../../src/sdk';
import { InlineServer, inlineClient, rpcError, rpcResult, type SeenRequest } from './odoo.spec-helper';

type RpcBody = { params: { service: string; method: string; args: unknown[] } };
const rpc = (req: SeenRequest) => (req.body as RpcBody).params;

describe('OdooClient over JSON-RPC', () => {
  let server: InlineServer;
  let next: (req: SeenRequest) => ReturnType<typeof rpcResult>;
  beforeAll(async () => {
    server = await InlineServer.start((req) => {
      const { service, method } = rpc(req);
      if (service === 'common' && method === 'login') return rpcResult(7);
      return next(req);
    });
  });
  afterAll(() => server.close());

  it('logs in once and sends execute_kw with the documented positional arguments', async () => {
    next = () => rpcResult([{ id: 3, name: 'Ann' }]);
    const client = inlineClient(server.url, { transport: 'jsonrpc' });
    const rows = await client.searchRead('res.partner', [['ref', '=', 'x']], { fields: ['name'], limit: 1 });
    next = () => rpcResult(true);
    await client.write('res.partner', [3], { name: 'B' }, { lang: 'en_US' });
    expect(rows).toEqual([{ id: 3, name: 'Ann' }]);
    const calls = server.seen.slice(-3).map(rpc);
    expect(calls[0]).toEqual({
      service: 'common',
      method: 'login',
      args: ['db1', 'api@example.com', 'key-123'],
    });
    expect(calls[1].args).toEqual([
      'db1',
      7,
      'key-123',
      'res.partner',
      'search_read',
      [[['ref', '=', 'x']]],
      { fields: ['name'], limit: 1 },
    ]);
    expect(calls[2].args).toEqual([
      'db1',
      7,
      'key-123',
      'res.partner',
      'write',
      [[3], { name: 'B' }],
      { context: { lang: 'en_US' } },
    ]);
  });

  it('maps error.data.name to connector errors with Odoo message', async () => {
    const client = inlineClient(server.url, { transport: 'jsonrpc' });
    const cases: [string, new (...args: never[]) => Error][] = [
      ['odoo.exceptions.ValidationError', RejectedError],
      ['odoo.exceptions.UserError', RejectedError],
      ['odoo.exceptions.AccessError', AuthError],
      ['odoo.exceptions.AccessDenied', AuthError],
      ['psycopg2.errors.SerializationFailure', TransientError],
    ];
    for (const [name, type] of cases) {
      next = () => rpcError(name, `boom from ${name}`);
      const err = await client.create('sale.order', { partner_id: 1 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(type);
      expect((err as Error).message).toContain(`boom from ${name}`);
    }
  });

  it('refuses a login answered with false as AuthError', async () => {
    const refusing = await InlineServer.start(() => rpcResult(false));
    try {
      const client = inlineClient(refusing.url, { transport: 'jsonrpc' });
      await expect(client.authenticate()).rejects.toBeInstanceOf(AuthError);
    } finally {
      await refusing.close();
    }
  });
});

describe('OdooClient over JSON-2', () => {
  let server: InlineServer;
  let answer: (req: SeenRequest) => { status?: number; body: unknown };
  beforeAll(async () => {
    server = await InlineServer.start((req) => answer(req));
  });
  afterAll(() => server.close());

  it('posts named arguments with ids and context to /json/2/<model>/<method> with a bearer key', async () => {
    answer = () => ({ body: true });
    const client = inlineClient(server.url, { transport: 'json2' });
    await client.write('stock.quant', [4], { inventory_quantity: 2 }, { inventory_mode: true });
    const req = server.seen[server.seen.length - 1];
    expect(req.url).toBe('/json/2/stock.quant/write');
    expect(req.headers.authorization).toBe('bearer key-123');
    expect(req.headers['x-odoo-database']).toBe('db1');
    expect(req.body).toEqual({
      ids: [4],
      vals: { inventory_quantity: 2 },
      context: { inventory_mode: true },
    });
    answer = () => ({ body: [11] });
    await expect(client.create('res.partner', { name: 'A' })).resolves.toBe(11);
    expect(server.seen[server.seen.length - 1].body).toEqual({ vals_list: [{ name: 'A' }] });
  });

  it('maps 401, 403, 404, 422 and 5xx', async () => {
    const client = inlineClient(server.url, { transport: 'json2' });
    const cases: [number, string, new (...args: never[]) => Error][] = [
      [401, 'werkzeug.exceptions.Unauthorized', AuthError],
      [403, 'odoo.exceptions.AccessError', AuthError],
      [404, 'werkzeug.exceptions.NotFound', RejectedError],
      [422, 'odoo.exceptions.ValidationError', RejectedError],
      [500, 'psycopg2.OperationalError', TransientError],
    ];
    for (const [status, name, type] of cases) {
      answer = () => ({ status, body: { name, message: `said ${status}` } });
      const err = await client.searchRead('res.partner', []).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(type);
      expect((err as Error).message).toContain(`said ${status}`);
    }
  });
});

describe('transport detection', () => {
  it('uses JSON-2 from 19 on and JSON-RPC before, falling back to common.version', async () => {
    const answers: Record<string, { status?: number; body: unknown }> = {};
    const server = await InlineServer.start((req) => {
      if (req.url === '/web/version') return answers.web;
      if (req.url === '/jsonrpc') {
        const { method } = rpc(req);
        return method === 'version'
          ? rpcResult({ server_version_info: [16, 0, 0, 'final', 0, ''] })
          : rpcResult(method === 'login' ? 5 : []);
      }
      return { body: { uid: 9 } };
    });
    try {
      answers.web = { body: { version_info: [19, 0, 0, 'final', 0, ''], version: '19.0' } };
      expect((await inlineClient(server.url).transport()).name).toBe('json2');
      answers.web = { body: { version_info: [17, 0, 0, 'final', 0, ''], version: '17.0' } };
      expect((await inlineClient(server.url).transport()).name).toBe('jsonrpc');
      answers.web = { status: 404, body: { name: 'werkzeug.exceptions.NotFound', message: 'Not Found' } };
      const client = inlineClient(server.url);
      expect((await client.transport()).name).toBe('jsonrpc');
      expect(await client.version()).toBe(16);
      expect(await client.authenticate()).toBe(5);
    } finally {
      await server.close();
    }
  });
});
