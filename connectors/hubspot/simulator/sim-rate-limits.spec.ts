import { RateLimiter } from './sim-rate-limits';

describe('RateLimiter', () => {
  it('rolls the 10-second window', () => {
    const limiter = new RateLimiter({ tenSecondly: 2 }, 'UTC');
    const t = Date.UTC(2024, 0, 1, 12);
    expect(limiter.admit(t)).toBeUndefined();
    expect(limiter.admit(t + 4_000)).toBeUndefined();
    expect(limiter.admit(t + 9_999)).toBe('TEN_SECONDLY_ROLLING');
    expect(limiter.admit(t + 10_001)).toBeUndefined();
    expect(limiter.headers(t + 10_001)['x-hubspot-ratelimit-remaining']).toBe('0');
    expect(limiter.headers(t + 14_001)['x-hubspot-ratelimit-remaining']).toBe('1');
  });

  it('resets the daily count at midnight in the account time zone', () => {
    const limiter = new RateLimiter({ daily: 1, tenSecondly: Infinity }, 'Asia/Ho_Chi_Minh');
    const beforeMidnight = Date.UTC(2024, 0, 1, 16, 59, 30); // 23:59:30 in UTC+7
    expect(limiter.admit(beforeMidnight)).toBeUndefined();
    expect(limiter.admit(beforeMidnight + 20_000)).toBe('DAILY');
    expect(limiter.admit(beforeMidnight + 40_000)).toBeUndefined(); // 00:00:10 the next day
    expect(limiter.headers(beforeMidnight + 40_000)).toEqual({
      'x-hubspot-ratelimit-daily': '1',
      'x-hubspot-ratelimit-daily-remaining': '0',
    });
  });

  it('limits searches per rolling second', () => {
    const limiter = new RateLimiter({ searchPerSecond: 1 }, 'UTC');
    expect(limiter.admitSearch(1_000)).toBeUndefined();
    expect(limiter.admitSearch(1_999)).toBe('SECONDLY');
    expect(limiter.admitSearch(2_001)).toBeUndefined();
  });
});
