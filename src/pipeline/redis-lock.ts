import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { TransientError } from '../sdk/errors';

// Delete or extend only when the caller still owns the lock, so a lock that expired and was taken
// by another worker is never released by the first one.
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
const EXTEND = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;

/** An exclusive section waited too long for its lock (the holder is slow or stuck). */
export class LockTimeoutError extends TransientError {
  constructor(name: string, waitMs: number) {
    super(`waited ${waitMs} ms for lock ${name}`);
  }
}

/** A held lock; release it in a finally block. */
export interface HeldLock {
  readonly key: string;
  readonly token: string;
}

/**
 * Short mutual-exclusion locks in Redis (SET NX PX). A lock whose holder dies expires after its
 * TTL, so a crashed worker never blocks a record forever.
 */
export class RedisLock {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  /** Takes the lock or returns null when someone else holds it. */
  async tryAcquire(name: string, ttlMs: number): Promise<HeldLock | null> {
    const key = `${this.prefix}:lock:${name}`;
    const token = randomUUID();
    const ok = await this.redis.set(key, token, 'PX', ttlMs, 'NX');
    return ok === 'OK' ? { key, token } : null;
  }

  /** Extends a held lock; false when it was lost. */
  async extend(lock: HeldLock, ttlMs: number): Promise<boolean> {
    return (await this.redis.eval(EXTEND, 1, lock.key, lock.token, String(ttlMs))) === 1;
  }

  async release(lock: HeldLock): Promise<void> {
    await this.redis.eval(RELEASE, 1, lock.key, lock.token);
  }

  /**
   * Waits for the lock (polling, up to `waitMs`), then runs `fn` holding it. Throws when the wait
   * runs out, so the caller's job is retried later instead of running unprotected.
   */
  async exclusive<T>(name: string, ttlMs: number, fn: () => Promise<T>, waitMs = 30_000): Promise<T> {
    const deadline = Date.now() + waitMs;
    for (let pause = 10; ; pause = Math.min(pause * 2, 200)) {
      const result = await this.withLock(name, ttlMs, fn);
      if (result.acquired) return result.value;
      if (Date.now() > deadline) throw new LockTimeoutError(name, waitMs);
      await new Promise((r) => setTimeout(r, pause));
    }
  }

  /**
   * Runs `fn` while holding the lock, renewing it every third of the TTL so long work keeps it,
   * while a crashed holder loses it within one TTL. Returns `{ acquired: false }` when taken.
   */
  async withLock<T>(
    name: string,
    ttlMs: number,
    fn: () => Promise<T>,
  ): Promise<{ acquired: true; value: T } | { acquired: false }> {
    const lock = await this.tryAcquire(name, ttlMs);
    if (!lock) return { acquired: false };
    const renew = setInterval(
      () => void this.extend(lock, ttlMs).catch(() => undefined),
      Math.max(100, ttlMs / 3),
    );
    try {
      return { acquired: true, value: await fn() };
    } finally {
      clearInterval(renew);
      await this.release(lock).catch(() => undefined);
    }
  }
}
