/** Retry-After wait used when a 429 carries no (readable) Retry-After header. */
export const DEFAULT_RETRY_AFTER_MS = 1000;
/** Upper bound on any Retry-After we honour: a vendor asking for hours is treated as 15 minutes. */
export const MAX_RETRY_AFTER_MS = 15 * 60 * 1000;

/**
 * Parses an HTTP `Retry-After` value (RFC 9110 §10.2.3): delta-seconds (`"120"`, fractional
 * accepted) or an HTTP-date. Returns the wait in ms from `now`, clamped to
 * [0, {@link MAX_RETRY_AFTER_MS}], or undefined when the value is absent or unreadable.
 */
export function parseRetryAfter(value: string | undefined | null, now: number): number | undefined {
  if (value === undefined || value === null) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  let ms: number;
  if (/^-\d/.test(text)) return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) {
    ms = Math.ceil(Number(text) * 1000);
  } else {
    // Date.parse also accepts ISO strings; vendors do send those, so accepting them is harmless.
    const at = Date.parse(text);
    if (Number.isNaN(at)) return undefined;
    ms = at - now;
  }
  return Math.min(Math.max(ms, 0), MAX_RETRY_AFTER_MS);
}
