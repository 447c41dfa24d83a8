import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runPoshub as poshub } from '../support/poshub-cli';

const ENV = {
  POSHUB_SECRET_KEY: 'e2e-secret-key-0123456789',
  POSHUB_ADMIN_TOKEN: 'e2e-admin-token-0123456789',
  POS_KEY: 'pos-api-key-e2e',
};

const GOOD = `
connections:
  pos:
    connector: fake-pos
    config: { baseUrl: "http://127.0.0.1:4001", apiKey: "\${POS_KEY}" }
  erp:
    connector: fake-erp
    config: { baseUrl: "http://127.0.0.1:4002", apiKey: "erp-api-key-e2e" }
routes:
  - id: pos-sales-to-erp
    source: { connection: pos, stream: transactions }
    destination: { connection: erp, entity: invoice }
    filter: "kind = 'sale'"
lookups:
  locations: { S1: WH-1 }
schedules:
  - { connection: pos, stream: transactions, every: 30s }
`;

// Each line below breaks a different key; every one of them must be reported in one run.
const BAD = `
connections:
  pos:
    connector: fake-pos
    config: { baseUrl: "not a url", apiKey: "\${UNSET_POS_KEY}" }
  erp:
    connector: fake-erpp
    config: { apiKey: "erp-api-key-e2e" }
routes:
  - id: Bad Route
    source: { connection: pos, stream: sales }
    destination: { connection: nowhere, entity: invoice }
schedules:
  - { connection: pos, stream: transactions, every: soon }
delivery: { attempts: 0 }
`;
const BAD_PATHS = [
  'connections.pos.config.baseUrl',
  'connections.pos.config.apiKey',
  'connections.erp.connector',
  'routes.0.id',
  'routes.0.source.stream',
  'routes.0.destination.connection',
  'schedules.0.every',
  'delivery.attempts',
];

describe('poshub config check (child process)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'poshub-e2e-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('exits 0 and prints the summary for a valid file', async () => {
    const file = join(dir, 'good.yaml');
    writeFileSync(file, GOOD);
    const run = await poshub(['config', 'check', '--file', file], ENV);
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('config OK: 2 connections, 1 route');
    expect(run.code).toBe(0);
  });

  it('exits non-zero and names every bad key on stderr, without secrets', async () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, BAD);
    const run = await poshub(['config', 'check', '--file', file], ENV);
    expect(run.code).not.toBe(0);
    for (const path of BAD_PATHS) expect(run.stderr).toContain(`  - ${path}: `);
    expect(run.stderr).toContain('environment variable UNSET_POS_KEY is not set');
    expect(run.stderr).not.toContain('erp-api-key-e2e');
    expect(run.stdout).not.toContain('config OK');
  });

  it('reports a missing required environment variable as well', async () => {
    const file = join(dir, 'good.yaml');
    const run = await poshub(['config', 'check', '--file', file], { ...ENV, POSHUB_SECRET_KEY: '' });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('  - POSHUB_SECRET_KEY: is required');
  });
});
