import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { RateLimitPolicy } from './connector';

/*
 * Token bucket per connection, kept in Redis so every worker process shares one budget. The clock
 * is Redis TIME, never the local clock: workers on different hosts may disagree by seconds.
 * KEYS[1] = bucket hash {tokens, ts}, KEYS[2] = block key holding the "blocked until" instant (ms).
 * ARGV = requestsPerSecond, burst. Returns 0 when a token was taken, else the ms to wait.
 */
const ACQUIRE_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local blocked = tonumber(redis.call('GET', KEYS[2]) or '0')
if blocked > now then return blocked - now end
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local b = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(b[1])
local ts = tonumber(b[2])
if tokens == nil or ts == nil then tokens = burst; ts = now end
if now > ts then tokens = math.min(burst, tokens + (now - ts) * rate / 1000) end
local wait = 0
if tokens >= 1 then
  tokens = tokens - 1
else
  wait = math.ceil((1 - tokens) * 1000 / rate)
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(math.max(now, ts)))
redis.call('PEXPIRE', KEYS[1], math.ceil(burst * 1000 / rate) + 60000)
return wait
`;

/* Extends the block to now + ARGV[1] ms unless an existing block already lasts longer. */
const BLOCK_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local ms = tonumber(ARGV[1])
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
local target = now + ms
if current >= target then return current - now end
redis.call('SET', KEYS[1], tostring(target), 'PX', ms)
return ms
`;

const BLOCKED_FOR_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if current > now then return current - now end
return 0
`;

interface Script {
  readonly source: string;
  readonly sha: string;
}

function script(source: string): Script {
  return { source, sha: createHash('sha1').update(source).digest('hex') };
}

const ACQUIRE = script(ACQUIRE_SCRIPT);
const BLOCK = script(BLOCK_SCRIPT);
const BLOCKED_FOR = script(BLOCKED_FOR_SCRIPT);

/** Thrown by {@link RateGovernor.acquire} when its abort signal fires while waiting. */
export class RateWaitAbortedError extends Error {
  constructor() {
    super('rate limit wait aborted');
    this.name = 'RateWaitAbortedError';
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new RateWaitAbortedError());
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new RateWaitAbortedError());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Rate governor shared by every worker through Redis: one token bucket per connection plus a
 * "blocked until" instant set when the remote system answers 429.
 */
export class RateGovernor {
  /**
   * @param redis a client shared with the rest of the process (commands only, no blocking calls).
   * @param keyPrefix namespace for the keys, e.g. `poshub:rate`; tests use a unique one.
   */
  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
  ) {}

  /**
   * Waits until the connection may send one request and takes the token.
   * @returns how long the call slept waiting for a token or a block, in ms (0 when a token was free).
   * @throws RateWaitAbortedError when `signal` aborts during the wait.
   */
  async acquire(connectionId: string, policy: RateLimitPolicy, signal?: AbortSignal): Promise<number> {
    if (!(policy.requestsPerSecond > 0) || !(policy.burst >= 1)) {
      throw new RangeError(`invalid rate limit policy ${JSON.stringify(policy)}`);
    }
    // Only time spent sleeping counts as waiting; Redis round trips are not rate limiting.
    let waited = 0;
    for (;;) {
      if (signal?.aborted) throw new RateWaitAbortedError();
      const wait = await this.run(
        ACQUIRE,
        [this.bucketKey(connectionId), this.blockKey(connectionId)],
        [String(policy.requestsPerSecond), String(policy.burst)],
      );
      if (wait <= 0) return Math.round(waited);
      const sleptFrom = performance.now();
      await sleep(wait, signal);
      waited += performance.now() - sleptFrom;
    }
  }

  /**
   * Makes every `acquire` for the connection wait `ms` from now (Redis time). Never shortens a
   * longer block that is already in place.
   */
  async block(connectionId: string, ms: number): Promise<void> {
    const duration = Math.ceil(ms);
    if (!(duration > 0)) return;
    await this.run(BLOCK, [this.blockKey(connectionId)], [String(duration)]);
  }

  /** Remaining block for the connection in ms (0 when not blocked). */
  async blockedFor(connectionId: string): Promise<number> {
    return this.run(BLOCKED_FOR, [this.blockKey(connectionId)], []);
  }

  private bucketKey(connectionId: string): string {
    return `${this.keyPrefix}:bucket:${connectionId}`;
  }

  private blockKey(connectionId: string): string {
    return `${this.keyPrefix}:block:${connectionId}`;
  }

  private async run(s: Script, keys: string[], args: string[]): Promise<number> {
    try {
      return Number(await this.redis.evalsha(s.sha, keys.length, ...keys, ...args));
    } catch (err) {
      if (!(err instanceof Error) || !err.message.includes('NOSCRIPT')) throw err;
      return Number(await this.redis.eval(s.source, keys.length, ...keys, ...args));
    }
  }
}
