import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADMIN_TOKEN, SECRET_KEY } from '../support/test-env';

const ROOT = join(__dirname, '..', '..');

describe('poshub start with a bad poshub.yaml', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'poshub-badcfg-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('exits non-zero naming every bad key path', () => {
    const file = join(dir, 'poshub.yaml');
    writeFileSync(
      file,
      [
        'connections:',
        '  pos:',
        '    connector: fake-pos',
        '    config: { baseUrl: "not a url", apiKey: "k" }',
        '  erp:',
        '    connector: no-such-connector',
        'routes:',
        '  - id: r1',
        '    source: { connection: pos, stream: transactions }',
        '    destination: { connection: ghost, entity: invoice }',
        'schedules:',
        '  - { connection: pos, stream: transactions, every: sometimes }',
        'delivery: { attempts: 0 }',
        '',
      ].join('\n'),
    );
    const result = spawnSync(process.execPath, ['-r', '@swc-node/register', 'src/cli/main.ts', 'start'], {
      cwd: ROOT,
      env: {
        ...process.env,
        POSHUB_CONFIG: file,
        POSHUB_ADMIN_TOKEN: ADMIN_TOKEN,
        POSHUB_SECRET_KEY: SECRET_KEY,
        LOG_LEVEL: 'silent',
        DATABASE_URL: join(dir, 'never.db'),
      },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.status).not.toBe(0);
    for (const path of [
      'connections.pos.config.baseUrl',
      'connections.erp.connector',
      'routes.0.destination.connection',
      'schedules.0.every',
      'delivery.attempts',
    ]) {
      expect(result.stderr).toContain(path);
    }
  });
});
