import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHub, type Hub } from '../../src/app/create-hub';
import { loadEnv, loadPoshubConfig } from '../../src/config';
import { freePort } from '../local-services';
import type { DemoRedis } from './redis';

/** poshub running in this process for the demo. */
export interface DemoHub {
  readonly hub: Hub;
  readonly adminToken: string;
  readonly configPath: string;
  readonly databasePath: string;
  /** Redis key prefix of this run's queues. */
  readonly prefix: string;
}

/**
 * Writes `configYaml` into `dataDir` (emptied first), then starts poshub with role `all` on a
 * fresh SQLite ledger there, queues under a private Redis prefix and the admin API on a free port.
 */
export async function startDemoHub(input: {
  dataDir: string;
  configYaml: string;
  redis: DemoRedis;
  secrets: Record<string, string>;
  logLevel: string;
}): Promise<DemoHub> {
  rmSync(input.dataDir, { recursive: true, force: true });
  mkdirSync(input.dataDir, { recursive: true });
  const configPath = join(input.dataDir, 'poshub.yaml');
  const databasePath = join(input.dataDir, 'demo.db');
  writeFileSync(configPath, input.configYaml);
  const adminToken = process.env.POSHUB_ADMIN_TOKEN ?? `demo-${randomBytes(12).toString('hex')}`;
  const prefix = `poshub-demo-${randomBytes(3).toString('hex')}`;
  const processEnv: NodeJS.ProcessEnv = {
    ...process.env,
    ...input.secrets,
    REDIS_URL: input.redis.url,
    DATABASE_URL: databasePath,
    PORT: String(process.env.PORT ?? (await freePort())),
    POSHUB_ROLE: 'all',
    POSHUB_ADMIN_TOKEN: adminToken,
    POSHUB_SECRET_KEY: process.env.POSHUB_SECRET_KEY ?? randomBytes(32).toString('hex'),
    POSHUB_CONFIG: configPath,
    POSHUB_QUEUE_PREFIX: prefix,
    LOG_LEVEL: process.env.LOG_LEVEL ?? input.logLevel,
  };
  const env = loadEnv(processEnv);
  const config = loadPoshubConfig(configPath, { env: processEnv });
  const hub = await createHub({ env, config, role: 'all' });
  return { hub, adminToken, configPath, databasePath, prefix };
}
