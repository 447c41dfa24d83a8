import type { HubSpotLimits, RateLimitPolicy } from './sim.types';

const TEN_SECONDS = 10_000;
const DEFAULTS = { tenSecondly: 100, daily: 250_000, searchPerSecond: 5 };

/**
 * HubSpot's per-account limits: a rolling 10-second window and a daily count that resets at
 * midnight in the account's time zone; search has its own per-second limit and no headers.
 *
 * Whether a refused (429) request uses up capacity is not documented. The simulator does not count
 * it, so a client that backs off for the window always recovers; `counters.rateLimited` still
 * records every 429.
 */
export class RateLimiter {
  private limits = { ...DEFAULTS };
  private window: number[] = [];
  private searches: number[] = [];
  private day = '';
  private dayCount = 0;
  private readonly dayOf: Intl.DateTimeFormat;

  constructor(limits: HubSpotLimits | undefined, timeZone: string) {
    this.dayOf = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    if (limits) this.set(limits);
  }

  set(limits: HubSpotLimits): void {
    const pick = (v: number | undefined, d: number) => (v === undefined || v === 0 ? d : v);
    this.limits = {
      tenSecondly: pick(limits.tenSecondly, DEFAULTS.tenSecondly),
      daily: pick(limits.daily, DEFAULTS.daily),
      searchPerSecond: pick(limits.searchPerSecond, DEFAULTS.searchPerSecond),
    };
  }

  /** Counts a non-search request, or names the policy that refuses it. */
  admit(now: number): RateLimitPolicy | undefined {
    this.roll(now);
    if (this.dayCount >= this.limits.daily) return 'DAILY';
    if (this.window.length >= this.limits.tenSecondly) return 'TEN_SECONDLY_ROLLING';
    this.dayCount += 1;
    this.window.push(now);
    return undefined;
  }

  /** Counts a search request against the per-second search limit. */
  admitSearch(now: number): 'SECONDLY' | undefined {
    this.searches = this.searches.filter((t) => t > now - 1000);
    if (this.searches.length >= this.limits.searchPerSecond) return 'SECONDLY';
    this.searches.push(now);
    return undefined;
  }

  /** The X-HubSpot-RateLimit-* headers every non-search answer carries (omitted for limits turned off). */
  headers(now: number): Record<string, string> {
    this.roll(now);
    const h: Record<string, string> = {};
    const { daily, tenSecondly } = this.limits;
    if (Number.isFinite(daily)) {
      h['x-hubspot-ratelimit-daily'] = String(daily);
      h['x-hubspot-ratelimit-daily-remaining'] = String(Math.max(0, daily - this.dayCount));
    }
    if (Number.isFinite(tenSecondly)) {
      const secondly = Math.ceil(tenSecondly / 10);
      const lastSecond = this.window.filter((t) => t > now - 1000).length;
      h['x-hubspot-ratelimit-interval-milliseconds'] = String(TEN_SECONDS);
      h['x-hubspot-ratelimit-max'] = String(tenSecondly);
      h['x-hubspot-ratelimit-remaining'] = String(Math.max(0, tenSecondly - this.window.length));
      h['x-hubspot-ratelimit-secondly'] = String(secondly);
      h['x-hubspot-ratelimit-secondly-remaining'] = String(Math.max(0, secondly - lastSecond));
    }
    return h;
  }

  private roll(now: number): void {
    const day = this.dayOf.format(now);
    if (day !== this.day) {
      this.day = day;
      this.dayCount = 0;
    }
    while (this.window.length > 0 && this.window[0]! <= now - TEN_SECONDS) this.window.shift();
  }
}
