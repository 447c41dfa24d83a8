import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { tempMappingsDir } from '../mapping/mapping-test-dir.spec-helper';
import { defineConnector, type ConnectorDefinition } from '../sdk/connector';
import { secret } from '../sdk/secret';
import type { CliIo } from './cli-io';
import { configCheckCommand } from './config-check.command';
import { mappingsTestCommand } from './mappings-test.command';
import { migrateCommand } from './migrate.command';
import { startCommand } from './start.command';

function recordingIo(): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (line) => stdout.push(line), err: (line) => stderr.push(line) };
}

const source = defineConnector({
  manifest: {
    id: 'test-pos',
    version: '1.0.0',
    displayName: 'Test POS',
    configSchema: z.object({ baseUrl: z.url(), apiKey: secret(z.string().min(12)) }),
    streams: [{ name: 'customers', kind: 'customer', defaultMapping: 'test-pos/customer' }],
    entities: [],
  },
  create: () => ({ check: async () => ({ ok: true, message: 'ok' }) }),
});
const sink = defineConnector({
  manifest: {
    id: 'test-crm',
    version: '1.0.0',
    displayName: 'Test CRM',
    configSchema: z.object({ token: secret(z.string()) }),
    streams: [],
    entities: [
      {
        name: 'contact',
        kind: 'customer',
        defaultMapping: 'test-crm/contact',
        payloadSchema: z.object({ email: z.email() }),
      },
    ],
  },
  create: () => ({ check: async () => ({ ok: true, message: 'ok' }) }),
});
const connectors = [source, sink] as ConnectorDefinition<unknown>[];

const mappings = tempMappingsDir();
mappings.write(
  'test-pos/customer.yaml',
  'id: test-pos/customer\nto: canonical.customer\nexpression: |\n  { "externalId": id, "email": mail }\n',
);
mappings.write(
  'test-crm/contact.yaml',
  'id: test-crm/contact\nto: test-crm.contact\nexpression: \'{ "email": email }\'\n',
);
mappings.write('test-pos/customer.fixtures/basic.input.json', '{ "id": "C1", "mail": "a@example.com" }');
mappings.write(
  'test-pos/customer.fixtures/basic.expected.json',
  '{ "externalId": "C1", "email": "a@example.com" }',
);
mappings.write('test-crm/contact.fixtures/bad.input.json', '{ "email": "not-an-email" }');
mappings.write('test-crm/contact.fixtures/bad.expected-error.json', '["email: "]');

const files = mkdtempSync(join(tmpdir(), 'poshub-cli-'));
afterAll(() => {
  mappings.remove();
  rmSync(files, { recursive: true, force: true });
});
const env = { POSHUB_SECRET_KEY: 's'.repeat(32), POSHUB_ROLE: 'worker', CRM_TOKEN: 'crm-secret-token' };
const GOOD = `
connections:
  shop: { connector: test-pos, config: { baseUrl: "http://127.0.0.1:1", apiKey: "key-123456789" } }
  crm: { connector: test-crm, config: { token: "\${CRM_TOKEN}" } }
routes:
  - { id: customers-to-crm, source: { connection: shop, stream: customers }, destination: { connection: crm, entity: contact } }
`;

describe('config check', () => {
  const run = (yaml: string, extraEnv: Record<string, string> = {}) => {
    const file = join(files, `poshub-${Math.random().toString(36).slice(2)}.yaml`);
    writeFileSync(file, yaml);
    const io = recordingIo();
    const deps = { env: { ...env, ...extraEnv }, connectors, mappingsDir: mappings.dir };
    return configCheckCommand({ file }, io, deps).then((code) => ({ code, ...io }));
  };

  it('prints a summary and exits 0 for a valid setup', async () => {
    const result = await run(GOOD);
    expect(result).toMatchObject({ code: 0, stdout: ['config OK: 2 connections, 1 route'], stderr: [] });
  });

  it('lists env, yaml and catalogue problems together, without secret values', async () => {
    const bad = GOOD.replace('key-123456789', 'sekrit')
      .replace('stream: customers', 'stream: orders')
      .replace('"${CRM_TOKEN}"', '"${CRM_TOKN}"');
    const result = await run(bad, { POSHUB_SECRET_KEY: 'tiny' });
    expect(result.code).toBe(1);
    const stderr = result.stderr.join('\n');
    expect(stderr).toContain('POSHUB_SECRET_KEY: must be at least 16 characters');
    expect(stderr).toContain('connections.shop.config.apiKey: ');
    expect(stderr).toContain('routes.0.source.stream: no stream "orders" (streams: customers)');
    expect(stderr).toContain('connections.crm.config.token: environment variable CRM_TOKN is not set');
    expect(stderr).not.toContain('sekrit');
    expect(result.stdout).toEqual([]);
  });

  it('reports broken mapping files and still checks the routes', async () => {
    const broken = tempMappingsDir();
    try {
      broken.write(
        'test-pos/customer.yaml',
        'id: test-pos/customer\nto: canonical.customer\nexpression: "{"\n',
      );
      const file = join(files, 'broken-mappings.yaml');
      writeFileSync(file, GOOD);
      const io = recordingIo();
      const code = await configCheckCommand({ file }, io, { env, connectors, mappingsDir: broken.dir });
      expect(code).toBe(1);
      const stderr = io.stderr.join('\n');
      expect(stderr).toMatch(/test-pos\/customer\.yaml:3:\d+: JSONata S0\d+/);
      // test-crm/contact is absent from this folder, so the route's default mapping is reported.
      expect(stderr).toContain('routes.0.mapping: default mapping "test-crm/contact" does not exist');
      expect(stderr).not.toContain('"test-pos/customer" does not exist');
    } finally {
      broken.remove();
    }
  });
});

describe('mappings test', () => {
  it('prints one line per case and exits 0 when all pass', async () => {
    const io = recordingIo();
    const code = await mappingsTestCommand({ dir: mappings.dir }, io, { connectors });
    expect(code).toBe(0);
    expect(io.stdout).toEqual(['✓ test-crm/contact bad', '✓ test-pos/customer basic', '2 passed, 0 failed']);
  });

  it('prints the diff and exits 1 on a failing case', async () => {
    const dir = tempMappingsDir();
    try {
      dir.write(
        'test-pos/customer.yaml',
        'id: test-pos/customer\nto: canonical.customer\nexpression: |\n  { "externalId": id, "email": mail }\n',
      );
      dir.write('test-pos/customer.fixtures/x.input.json', '{ "id": "C1", "mail": "a@example.com" }');
      dir.write(
        'test-pos/customer.fixtures/x.expected.json',
        '{ "externalId": "C2", "email": "a@example.com" }',
      );
      const io = recordingIo();
      const code = await mappingsTestCommand({ dir: dir.dir }, io, { connectors });
      expect(code).toBe(1);
      expect(io.stdout).toEqual([
        '✗ test-pos/customer x',
        '    externalId: expected "C2", got "C1"',
        '0 passed, 1 failed',
      ]);
    } finally {
      dir.remove();
    }
  });

  it('exits 1 with the load error when a mapping does not compile', async () => {
    const dir = tempMappingsDir();
    try {
      dir.write('test-pos/customer.yaml', 'id: test-pos/customer\nto: canonical.nothing\nexpression: id\n');
      const io = recordingIo();
      expect(await mappingsTestCommand({ dir: dir.dir }, io, { connectors })).toBe(1);
      expect(io.stderr.join('\n')).toContain('unknown output schema "canonical.nothing"');
    } finally {
      dir.remove();
    }
  });
});

describe('start', () => {
  it('passes the role to bootstrap and rejects unknown roles', async () => {
    const bootstrap = jest.fn(async () => ({}));
    const io = recordingIo();
    expect(await startCommand({ role: 'worker' }, io, { bootstrap })).toBe(0);
    expect(bootstrap).toHaveBeenCalledWith({ role: 'worker' });
    expect(await startCommand({ role: 'boss' }, io, { bootstrap })).toBe(1);
    expect(bootstrap).toHaveBeenCalledTimes(1);
    expect(io.stderr).toEqual(['--role must be one of all, api, worker, scheduler (got "boss")']);
  });

  it('prints start-up errors and exits 1', async () => {
    const io = recordingIo();
    const bootstrap = async () => {
      throw new Error('invalid configuration in poshub.yaml');
    };
    expect(await startCommand({}, io, { bootstrap })).toBe(1);
    expect(io.stderr).toEqual(['invalid configuration in poshub.yaml']);
  });
});

describe('migrate', () => {
  it('applies the ledger migrations to a SQLite file, then reports it up to date', async () => {
    const url = join(files, 'ledger', 'poshub.db');
    const first = recordingIo();
    expect(await migrateCommand({}, first, { env: { DATABASE_URL: url } })).toBe(0);
    expect(first.stdout.length).toBeGreaterThan(1);
    expect(first.stdout[0]).toMatch(/^applied /);
    const second = recordingIo();
    expect(await migrateCommand({}, second, { env: { DATABASE_URL: url } })).toBe(0);
    expect(second.stdout).toEqual(['database is up to date']);
  });

  it('rejects an unsupported database URL', async () => {
    const io = recordingIo();
    expect(await migrateCommand({}, io, { env: { DATABASE_URL: 'mysql://db/poshub' } })).toBe(1);
    expect(io.stderr[0]).toMatch(/^DATABASE_URL: /);
  });
});
