/**
 * Business days in a location's time zone, computed with Intl (no tz database of our own):
 * the calendar date of an instant there, and the UTC instants where that date starts and ends
 * (23 or 25 hours long on daylight-saving days).
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

function wallClock(epochMs: number, timeZone: string): Record<string, number> {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(epochMs))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return parts;
}

/** How far the zone's wall clock is ahead of UTC at that instant, in ms. */
function offsetMs(epochMs: number, timeZone: string): number {
  const w = wallClock(epochMs, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(epochMs / 1000) * 1000;
}

/** The calendar date (YYYY-MM-DD) of an instant in a time zone. */
export function businessDayOf(instant: string | Date, timeZone: string): string {
  const w = wallClock(new Date(instant).getTime(), timeZone);
  return `${w.year}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`;
}

/** The UTC instant at which a calendar date begins in a time zone. */
export function startOfDay(day: string, timeZone: string): Date {
  const [y, m, d] = day.split('-').map(Number);
  const wallMidnight = Date.UTC(y, m - 1, d);
  // Two passes settle the offset even when midnight is near a daylight-saving change.
  let t = wallMidnight - offsetMs(wallMidnight, timeZone);
  t = wallMidnight - offsetMs(t, timeZone);
  return new Date(t);
}

/** [start, end) of a business day as UTC instants. */
export function dayRange(day: string, timeZone: string): { from: Date; to: Date } {
  const [y, m, d] = day.split('-').map(Number);
  const next = new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
  return { from: startOfDay(day, timeZone), to: startOfDay(next, timeZone) };
}
