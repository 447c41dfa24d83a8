import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { HubSpotHub } from '../support/hubspot-hub';
import { ADMIN_TOKEN, SECRET_KEY, waitUntil } from '../support/test-env';

jest.setTimeout(180_000);

const ROOT = join(__dirname, '..', '..');
const VIEWER_TOKEN = 'test-viewer-token-secrets-0123';
/** A secret given to the API (never in an environment variable): it must not come back either. */
const CREATED_SECRET = 'pat-na1-created-through-the-api-0123456789';

/**
 * Acceptance: secrets never appear in any API answer or log line. A real hub process (the
 * `poshub start` binary, LOG_LEVEL=debug) moves sales and customers from the fake POS into the
 * HubSpot simulator; then every GET route the OpenAPI document lists is called (path parameters
 * filled with real ids), and every answer and every line the process wrote is searched for the
 * secret values.
 */
describe('secrets in answers and logs', () => {
  let env: HubSpotHub;
  let child: ChildProcess | undefined;
  let output = '';
  let base = '';

  beforeAll(async () => {
    env = await HubSpotHub.create({ dialect: 'sqlite' });
    env.pos.generate(20, { currency: 'USD', customers: 5, customerRatio: 1, refundRatio: 0 });
    child = spawn(process.execPath, [join(ROOT, 'bin', 'poshub.js'), 'start'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        ...env.processEnv(),
        LOG_LEVEL: 'debug',
        PORT: '0',
        POSHUB_VIEWER_TOKEN: VIEWER_TOKEN,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    await waitUntil(() => /listening on (http:\/\/\S+)/.test(output), {
      timeoutMs: 60_000,
      describe: () => output.slice(-2000),
    });
    base = /listening on (http:\/\/\S+)/.exec(output)![1].replace('[::1]', '127.0.0.1');
    const ledger = await env.ledger();
    await waitUntil(
      async () => {
        const counts = await ledger.deliveries.countByStatus();
        return counts.done >= 25 && counts.pending === 0;
      },
      { timeoutMs: 120_000, describe: async () => JSON.stringify(await ledger.deliveries.countByStatus()) },
    );
  });

  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await new Promise((resolve) => child!.once('exit', resolve));
    }
    await env?.close();
  });

  async function call(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; text: string }> {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, text: await response.text() };
  }

  it('never answers or logs a secret', async () => {
    const secrets = [
      env.sim.accessToken,
      env.sim.clientSecret,
      env.pos.apiKey,
      SECRET_KEY,
      ADMIN_TOKEN,
      VIEWER_TOKEN,
      CREATED_SECRET,
    ];
    const answers: { what: string; text: string }[] = [];
    const record = async (method: string, path: string, body?: unknown) => {
      const answer = await call(method, path, body);
      answers.push({ what: `${method} ${path} → ${answer.status}`, text: answer.text });
      return answer;
    };

    // Writes that carry secrets in: their answers count too.
    const config = { baseUrl: env.sim.url, accessToken: CREATED_SECRET };
    expect(
      (await record('POST', '/api/v1/connections', { id: 'crm-2', connector: 'hubspot', config })).status,
    ).toBe(201);
    expect(
      (await record('PUT', '/api/v1/connections/crm-2', { config: { baseUrl: env.sim.url } })).status,
    ).toBe(200);
    await record('POST', '/api/v1/connections/crm/check');
    await record('POST', '/api/v1/connections/crm-2/check');

    // Every GET route of the OpenAPI document, with real ids for its parameters.
    const ledger = await env.ledger();
    const delivery = (await ledger.deliveries.list({ status: 'done', limit: 1 })).items[0]!;
    const params: Record<string, string[]> = {
      id: [delivery.id, delivery.recordId, 'crm', 'pos', 'crm-2'],
      connection: ['pos'],
      stream: ['customers', 'transactions'],
      goldenId: ['none'],
    };
    const docs = JSON.parse((await record('GET', '/docs/json')).text) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const getPaths = Object.entries(docs.paths)
      .filter(([, operations]) => 'get' in operations)
      .map(([path]) => path);
    expect(getPaths.length).toBeGreaterThan(10);
    for (const template of getPaths) {
      for (const path of expand(template, params)) await record('GET', path);
    }
    await record('GET', '/api/v1/deliveries?limit=500');
    await record('GET', '/api/v1/records?email=%40');
    await record('GET', '/admin/queues/api/queues');
    expect(answers.filter((a) => a.what.endsWith('→ 200')).length).toBeGreaterThan(20);

    // The created connection is stored sealed and shown redacted, its secret kept on update.
    const shown = JSON.parse((await call('GET', '/api/v1/connections/crm-2')).text);
    expect(shown).toMatchObject({ source: 'api', config: { accessToken: '[redacted]' } });
    expect((await ledger.connections.get('crm-2'))?.config).toMatchObject({ accessToken: CREATED_SECRET });

    // Stop the process so every buffered line is out, then search answers and logs.
    child!.kill('SIGTERM');
    await new Promise((resolve) => child!.once('exit', resolve));
    const lines = output.split('\n').filter((l) => l.trim() !== '');
    expect(lines.filter((l) => l.includes('"level":20')).length).toBeGreaterThan(0); // debug was on
    const leaks: string[] = [];
    for (const secret of secrets) {
      for (const a of answers)
        if (a.text.includes(secret)) leaks.push(`answer of ${a.what} holds ${secret.slice(0, 6)}…`);
      for (const l of lines)
        if (l.includes(secret)) leaks.push(`log line holds ${secret.slice(0, 6)}…: ${l.slice(0, 300)}`);
    }
    expect(leaks).toEqual([]);
  });
});

/** Every concrete path of an OpenAPI path template, one per combination of parameter values. */
function expand(template: string, params: Record<string, string[]>): string[] {
  let paths = [template];
  for (const [, name] of template.matchAll(/\{(\w+)\}/g)) {
    const values = params[name] ?? ['x'];
    paths = paths.flatMap((p) => values.map((v) => p.replace(`{${name}}`, encodeURIComponent(v))));
  }
  return paths;
}
