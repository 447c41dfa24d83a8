import { join } from 'node:path';
import { ConfigValidationError } from './config-validation.error';
import { loadEnv } from './env.schema';

const SECRET = 'x'.repeat(32);
const ADMIN = 'a'.repeat(16);

describe('loadEnv', () => {
  it('applies defaults and freezes the result', () => {
    const env = loadEnv({ POSHUB_SECRET_KEY: SECRET, POSHUB_ADMIN_TOKEN: ADMIN });
    expect(env).toMatchObject({
      REDIS_URL: 'redis://127.0.0.1:6379',
      DATABASE_URL: './data/poshub.db',
      PORT: 3000,
      POSHUB_ROLE: 'all',
      LOG_LEVEL: 'info',
      POSHUB_CONFIG: './poshub.yaml',
      POSHUB_QUEUE_PREFIX: 'poshub',
      POSHUB_WORKER_CONCURRENCY: 8,
      POSHUB_LOCK_DURATION_MS: 30000,
      POSHUB_RELAY_INTERVAL_MS: 60000,
    });
    // Resolved from the package root, not the working directory.
    expect(env.POSHUB_MAPPINGS_DIR).toBe(join(__dirname, '..', '..', 'mappings'));
    expect(Object.isFrozen(env)).toBe(true);
  });

  it('parses numbers, postgres URLs and roles', () => {
    const env = loadEnv({
      POSHUB_SECRET_KEY: SECRET,
      POSHUB_ROLE: 'worker',
      PORT: '8080',
      DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/test',
      POSHUB_WORKER_CONCURRENCY: '3',
      POSHUB_MAPPINGS_DIR: '/srv/mappings',
    });
    expect(env).toMatchObject({ PORT: 8080, POSHUB_ROLE: 'worker', POSHUB_WORKER_CONCURRENCY: 3 });
    expect(env.DATABASE_URL).toBe('postgresql://postgres@127.0.0.1:5432/test');
    expect(env.POSHUB_MAPPINGS_DIR).toBe('/srv/mappings');
    expect(env.POSHUB_ADMIN_TOKEN).toBeUndefined();
  });

  it('treats empty variables as unset', () => {
    expect(loadEnv({ POSHUB_SECRET_KEY: SECRET, POSHUB_ROLE: 'worker', PORT: '' }).PORT).toBe(3000);
  });

  it('lists every bad variable in one error', () => {
    let error: unknown;
    try {
      loadEnv({
        PORT: '70000',
        POSHUB_ROLE: 'api',
        POSHUB_SECRET_KEY: 'short',
        LOG_LEVEL: 'loud',
        DATABASE_URL: 'mysql://db/x',
        POSHUB_QUEUE_PREFIX: 'has:colon',
        POSHUB_WORKER_CONCURRENCY: '0',
      });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigValidationError);
    const paths = (error as ConfigValidationError).issues.map((issue) => issue.path).sort();
    expect(paths).toEqual([
      'DATABASE_URL',
      'LOG_LEVEL',
      'PORT',
      'POSHUB_ADMIN_TOKEN',
      'POSHUB_QUEUE_PREFIX',
      'POSHUB_SECRET_KEY',
      'POSHUB_WORKER_CONCURRENCY',
    ]);
    const message = (error as Error).message;
    expect(message.split('\n')[0]).toBe('invalid configuration in environment (7 problems):');
    expect(message).toContain('  - POSHUB_ADMIN_TOKEN: is required when POSHUB_ROLE is api');
    expect(message).not.toContain('short');
  });

  it('always requires the secret key', () => {
    expect(() => loadEnv({ POSHUB_ROLE: 'scheduler' })).toThrow('POSHUB_SECRET_KEY: is required');
  });

  it('serves worker metrics only behind a token', () => {
    const base = { POSHUB_ROLE: 'worker', POSHUB_SECRET_KEY: 'k'.repeat(32), POSHUB_METRICS_PORT: '9464' };
    expect(() => loadEnv(base)).toThrow(
      'POSHUB_METRICS_PORT: needs POSHUB_VIEWER_TOKEN or POSHUB_ADMIN_TOKEN, which /metrics is served behind',
    );
    expect(loadEnv({ ...base, POSHUB_VIEWER_TOKEN: 'v'.repeat(20) }).POSHUB_METRICS_PORT).toBe(9464);
    expect(() =>
      loadEnv({ ...base, POSHUB_METRICS_PORT: '70000', POSHUB_VIEWER_TOKEN: 'v'.repeat(20) }),
    ).toThrow('POSHUB_METRICS_PORT');
  });
});
