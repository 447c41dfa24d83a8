import IORedis, { type Redis } from 'ioredis';

/**
 * Opens a Redis connection suitable for BullMQ workers: `maxRetriesPerRequest: null` so blocking
 * commands survive a Redis restart instead of throwing into the worker loop.
 */
export function openRedis(url: string, name: string): Redis {
  return new IORedis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, connectionName: name });
}
