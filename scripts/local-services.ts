import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import IORedis from 'ioredis';

/** Local helpers shared by the demo and the tests: free ports and throwaway redis-servers. */

/** Asks the OS for a free loopback port. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port')),
      );
    });
  });
}

/** True when a Redis at `url` answers PING; never throws and never retries. */
export async function redisAnswers(url: string): Promise<boolean> {
  const client = new IORedis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

/** A redis-server this process started on a free loopback port, keeping nothing on disk. */
export interface LocalRedis {
  readonly url: string;
  readonly port: number;
  stop(): void;
}

/**
 * Starts `redis-server` from the PATH in a temp folder. Resolves once it answers; rejects when the
 * binary is missing or it does not come up within 5 s.
 */
export async function startLocalRedis(): Promise<LocalRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'poshub-redis-'));
  const child: ChildProcess = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
    { stdio: 'ignore' },
  );
  const stop = () => {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  const spawned = await new Promise<boolean>((resolve) => {
    child.once('error', () => resolve(false));
    child.once('spawn', () => resolve(true));
  });
  const url = `redis://127.0.0.1:${port}`;
  for (let i = 0; spawned && i < 50; i++) {
    if (await redisAnswers(url)) return { url, port, stop };
    await new Promise((r) => setTimeout(r, 100));
  }
  stop();
  throw new Error(
    spawned ? `redis-server on port ${port} did not answer` : 'redis-server is not on the PATH',
  );
}
