import type { HttpResponse } from '../../src/sdk';

/**
 * Pacing from HubSpot's rate-limit headers. HubSpot's budget is per account and shared by every app
 * installed in it, so poshub's own token bucket cannot know how much is left; the headers can.
 * (https://developers.hubspot.com/docs/api/usage-details)
 */

/** What {@link hubspotPace} needs besides the response. */
export interface PaceOptions {
  /** Hold when the rolling window has this many requests left or fewer. */
  readonly reserve: number;
  /** The account's IANA time zone (daily limits reset at its midnight); UTC when unknown. */
  readonly timeZone?: string;
  readonly now?: Date;
}

function intHeader(headers: Readonly<Record<string, string>>, name: string): number | undefined {
  const raw = headers[name];
  if (raw === undefined || !/^\s*\d+\s*$/.test(raw)) return undefined;
  return Number(raw);
}

/** Milliseconds from `now` to the next midnight in `timeZone` (UTC when absent or unknown). */
export function msUntilDailyReset(now: Date, timeZone?: string): number {
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat('en-US', {
      timeZone: timeZone ?? 'UTC',
      hourCycle: 'h23',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    }).formatToParts(now);
  } catch {
    return msUntilDailyReset(now, 'UTC');
  }
  const part = (type: string): number => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const elapsed =
    ((part('hour') * 60 + part('minute')) * 60 + part('second')) * 1000 + now.getUTCMilliseconds();
  // A DST change day is an hour longer or shorter; being off by that hour once a year is harmless.
  return Math.max(1000, 86_400_000 - elapsed);
}

/**
 * How long the whole connection should hold before its next request, from a response's headers:
 * - `X-HubSpot-RateLimit-Daily-Remaining: 0` → until the daily reset;
 * - `-Remaining` ≤ reserve → intervalMs / max × (reserve − remaining + 1), the time the rolling
 *   window needs to free that many slots at its average rate;
 * - otherwise (or without headers: search answers carry none) → undefined, go on.
 */
export function hubspotPace(
  response: Pick<HttpResponse, 'headers'>,
  options: PaceOptions,
): number | undefined {
  const headers = response.headers;
  const now = options.now ?? new Date();
  if (intHeader(headers, 'x-hubspot-ratelimit-daily-remaining') === 0) {
    return msUntilDailyReset(now, options.timeZone);
  }
  const remaining = intHeader(headers, 'x-hubspot-ratelimit-remaining');
  const max = intHeader(headers, 'x-hubspot-ratelimit-max');
  const interval = intHeader(headers, 'x-hubspot-ratelimit-interval-milliseconds');
  if (remaining === undefined || !max || !interval) return undefined;
  if (remaining > options.reserve) return undefined;
  return Math.ceil((interval / max) * (options.reserve - remaining + 1));
}
