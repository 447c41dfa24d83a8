import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import IORedis from 'ioredis';
import { Client } from 'pg';

export type TestDialect = 'sqlite' | 'postgres';

export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const PG_URL = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const ADMIN_TOKEN = 'test-admin-token-0123456789';
export const SECRET_KEY = 'a'.repeat(64);

/** A short random suffix for per-test names (queue prefixes, schemas, folders). */
export function uniqueSuffix(): string {
  return randomBytes(5).toString('hex');
}

/**
 * The variables every in-process test hub starts with: its database, its own queue prefix, the
 * test tokens and key, logs silent unless TEST_LOG_LEVEL says. Callers add their connectors' secrets.
 */
export function hubProcessEnv(databaseUrl: string, prefix: string, port = 0): Record<string, string> {
  return {
    REDIS_URL,
    DATABASE_URL: databaseUrl,
    PORT: String(port),
    POSHUB_ADMIN_TOKEN: ADMIN_TOKEN,
    POSHUB_SECRET_KEY: SECRET_KEY,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    POSHUB_QUEUE_PREFIX: prefix,
  };
}

/** A fresh database for one test: a temp SQLite file or a fresh PostgreSQL schema. */
export interface TestDatabase {
  readonly url: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(dialect: TestDialect): Promise<TestDatabase> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'poshub-test-'));
    return { url: join(dir, 'poshub.db'), drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const schema = `t_${uniqueSuffix()}`;
  return { url: `${PG_URL}?schema=${schema}`, drop: () => dropSchema(schema) };
}

/** Drops a PostgreSQL test schema and everything in it. */
export async function dropSchema(schema: string): Promise<void> {
  const client = new Client({ connectionString: PG_URL });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

/** Deletes every Redis key under a queue prefix (never FLUSHALL on the shared Redis). */
export async function deleteRedisPrefix(prefix: string, url = REDIS_URL): Promise<void> {
  const redis = new IORedis(url, { maxRetriesPerRequest: 3 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/** Polls until `check` returns true, or fails with `describe()` after the timeout. */
export async function waitUntil(
  check: () => Promise<boolean> | boolean,
  options: { timeoutMs: number; intervalMs?: number; describe?: () => Promise<string> | string },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) {
      const detail = options.describe ? await options.describe() : '';
      throw new Error(`timed out after ${options.timeoutMs} ms ${detail}`);
    }
    await new Promise((r) => setTimeout(r, options.intervalMs ?? 200));
  }
}
