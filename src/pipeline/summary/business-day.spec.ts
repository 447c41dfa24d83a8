import { businessDayOf, dayRange, startOfDay } from './business-day';

describe('business days', () => {
  it('takes the calendar date in the location’s zone, not in UTC', () => {
    // 18:30 UTC is already the next morning in Hanoi (UTC+7).
    expect(businessDayOf('2026-11-27T18:30:00Z', 'Asia/Ho_Chi_Minh')).toBe('2026-11-28');
    expect(businessDayOf('2026-11-27T18:30:00Z', 'UTC')).toBe('2026-11-27');
    expect(businessDayOf('2026-11-28T01:30:00+07:00', 'Asia/Ho_Chi_Minh')).toBe('2026-11-28');
  });

  it('gives the UTC range of a day, 24 h long in a zone without DST', () => {
    const { from, to } = dayRange('2026-11-28', 'Asia/Ho_Chi_Minh');
    expect(from.toISOString()).toBe('2026-11-27T17:00:00.000Z');
    expect(to.toISOString()).toBe('2026-11-28T17:00:00.000Z');
  });

  it('handles 23 h and 25 h days at daylight-saving changes', () => {
    const spring = dayRange('2026-03-29', 'Europe/Paris');
    expect(spring.from.toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(spring.to.getTime() - spring.from.getTime()).toBe(23 * 3600_000);
    const autumn = dayRange('2026-10-25', 'Europe/Paris');
    expect(autumn.to.getTime() - autumn.from.getTime()).toBe(25 * 3600_000);
  });

  it('round-trips: the start of a day belongs to that day, one ms before to the previous one', () => {
    for (const zone of ['America/New_York', 'Asia/Kolkata', 'Pacific/Chatham', 'UTC']) {
      const start = startOfDay('2026-07-15', zone);
      expect(businessDayOf(start, zone)).toBe('2026-07-15');
      expect(businessDayOf(new Date(start.getTime() - 1), zone)).toBe('2026-07-14');
    }
  });
});
