import IORedis from 'ioredis';
import { redisAnswers, startLocalRedis } from '../local-services';

/** A Redis the demo may use, and how to let go of it. */
export interface DemoRedis {
  readonly url: string;
  /** True when the demo started its own redis-server. */
  readonly private: boolean;
  stop(): void;
}

/** Uses REDIS_URL (default 127.0.0.1:6379) when it answers; otherwise starts a private redis-server. */
export async function ensureRedis(): Promise<DemoRedis> {
  const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  if (await redisAnswers(url)) return { url, private: false, stop: () => undefined };
  try {
    const local = await startLocalRedis();
    return { url: local.url, private: true, stop: () => local.stop() };
  } catch (error) {
    throw new Error(
      `No Redis answers at ${url}, and starting one failed: ${(error as Error).message}.\n` +
        'Install Redis (Debian/Ubuntu: apt-get install redis-server; macOS: brew install redis) or set REDIS_URL.',
    );
  }
}

/** Deletes every key under `prefix:` (the demo's queues), leaving the rest of the Redis alone. */
export async function deletePrefix(url: string, prefix: string): Promise<void> {
  const client = new IORedis(url, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await client.del(...keys);
    } while (cursor !== '0');
  } finally {
    client.disconnect();
  }
}
