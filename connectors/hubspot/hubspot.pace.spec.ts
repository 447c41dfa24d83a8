import { hubspotPace, msUntilDailyReset } from './hubspot.pace';

const headers = (remaining: number, extra: Record<string, string> = {}) => ({
  headers: {
    'x-hubspot-ratelimit-max': '100',
    'x-hubspot-ratelimit-remaining': String(remaining),
    'x-hubspot-ratelimit-interval-milliseconds': '10000',
    'x-hubspot-ratelimit-daily': '250000',
    'x-hubspot-ratelimit-daily-remaining': '1000',
    ...extra,
  },
});

describe('hubspotPace', () => {
  it('goes on while the rolling window has more than the reserve left, or without headers', () => {
    expect(hubspotPace(headers(6), { reserve: 5 })).toBeUndefined();
    expect(hubspotPace({ headers: {} }, { reserve: 5 })).toBeUndefined();
    expect(hubspotPace(headers(0, { 'x-hubspot-ratelimit-max': 'junk' }), { reserve: 5 })).toBeUndefined();
  });

  it('holds interval/max per missing slot at or below the reserve', () => {
    expect(hubspotPace(headers(5), { reserve: 5 })).toBe(100);
    expect(hubspotPace(headers(0), { reserve: 5 })).toBe(600);
    expect(hubspotPace(headers(0), { reserve: 0 })).toBe(100);
  });

  it('holds until the daily reset in the account time zone when the day is used up', () => {
    const now = new Date('2025-03-03T20:00:00.000Z');
    const exhausted = headers(50, { 'x-hubspot-ratelimit-daily-remaining': '0' });
    expect(hubspotPace(exhausted, { reserve: 5, now })).toBe(4 * 3600_000);
    // 20:00 UTC is 03:00 the next day in Ho Chi Minh City: 21 h to its midnight.
    expect(hubspotPace(exhausted, { reserve: 5, now, timeZone: 'Asia/Ho_Chi_Minh' })).toBe(21 * 3600_000);
    expect(msUntilDailyReset(now, 'Not/AZone')).toBe(4 * 3600_000);
  });
});
