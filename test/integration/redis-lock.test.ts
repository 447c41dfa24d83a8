import { randomUUID } from 'node:crypto';
import IORedis from 'ioredis';
import { RedisLock } from '../../src/pipeline/redis-lock';
import { deleteRedisPrefix, REDIS_URL } from '../support/test-env';

describe('RedisLock.exclusive across clients', () => {
  const prefix = `test-lock-${randomUUID()}`;
  const clients = [new IORedis(REDIS_URL), new IORedis(REDIS_URL)];

  afterAll(async () => {
    for (const c of clients) c.disconnect();
    await deleteRedisPrefix(prefix);
  });

  it('never lets two holders of one key in at once, as two processes would share it', async () => {
    const locks = clients.map((c) => new RedisLock(c, prefix));
    let inside = 0;
    let maxInside = 0;
    let done = 0;
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        locks[i % 2].exclusive('sku.CAF-LAT', 5000, async () => {
          inside += 1;
          maxInside = Math.max(maxInside, inside);
          await new Promise((r) => setTimeout(r, 10));
          inside -= 1;
          done += 1;
        }),
      ),
    );
    expect(done).toBe(12);
    expect(maxInside).toBe(1);
  });

  it('gives up with a retryable error when the holder keeps the lock too long', async () => {
    const [a, b] = clients.map((c) => new RedisLock(c, prefix));
    const held = a.exclusive('slow', 5000, () => new Promise((r) => setTimeout(r, 600)));
    await new Promise((r) => setTimeout(r, 20));
    await expect(b.exclusive('slow', 5000, async () => 'never', 200)).rejects.toThrow(
      /waited 200 ms for lock/,
    );
    await held;
  });
});
