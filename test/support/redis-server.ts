import IORedis from 'ioredis';
import { startLocalRedis, type LocalRedis } from '../../scripts/local-services';

/** A private redis-server on a free loopback port, for tests that flush or restart Redis. */
export class PrivateRedis {
  private constructor(private readonly server: LocalRedis) {}

  get url(): string {
    return this.server.url;
  }

  static async start(): Promise<PrivateRedis> {
    return new PrivateRedis(await startLocalRedis());
  }

  async flushAll(): Promise<void> {
    const client = new IORedis(this.url);
    try {
      await client.flushall();
    } finally {
      client.disconnect();
    }
  }

  async stop(): Promise<void> {
    this.server.stop();
  }
}
