import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REDIS_URL } from '../support/test-env';

jest.setTimeout(240_000);

const ROOT = join(__dirname, '..', '..');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs scripts/demo.ts (TypeScript, through @swc-node/register) in a child process. */
function demo(args: string[], timeoutMs: number): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['-r', '@swc-node/register', join('scripts', 'demo.ts'), ...args],
      {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? '', REDIS_URL },
        timeout: timeoutMs,
        maxBuffer: 16 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe('npm run demo', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'poshub-demo-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('--transactions 60 --exit: every sale and refund in Odoo and in HubSpot, nothing dead or doubled, one JSON line last', async () => {
    const run = await demo(
      ['--transactions', '60', '--exit', '--data-dir', dataDir, '--timeout', '150'],
      200_000,
    );
    const lines = run.stdout.trim().split('\n');
    const last = lines[lines.length - 1];
    expect({ code: run.code, last, stderrTail: run.stderr.slice(-1500) }).toMatchObject({ code: 0 });
    const summary = JSON.parse(last) as Record<string, unknown>;
    expect(Object.keys(summary)).toEqual([
      'transactions',
      'erp',
      'crm',
      'customers',
      'stockPushed',
      'dead',
      'duplicates',
      'seconds',
    ]);
    expect(summary).toMatchObject({ transactions: 60, erp: 60, crm: 60, dead: 0, duplicates: 0 });
    expect(summary.customers).toBeGreaterThanOrEqual(10);
    expect(summary.stockPushed).toBeGreaterThan(0);
    // Progress and the admin URL go to stderr, so stdout holds nothing but the summary.
    expect(lines).toHaveLength(1);
    expect(run.stderr).toMatch(/admin API {2}http:\/\/127\.0\.0\.1:\d+\/api\/v1\/deliveries {3}token demo-/);
    expect(run.stderr).toMatch(/generated 60\/60 {2}pulled 60/);
  });

  it('refuses an unknown option with the usage and exit code 2', async () => {
    const run = await demo(['--transactoins', '5'], 60_000);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown option --transactoins');
    expect(run.stderr).toContain('usage: npm run demo');
  });
});
