import { REDACTED } from './secret';

/**
 * Replaces every occurrence of each secret (and its URL-encoded form) in `text` with `"[redacted]"`.
 * Longer secrets are replaced first so a secret containing another is removed whole. Empty and
 * very short values (under 4 characters) are ignored: redacting them would shred ordinary text.
 */
export function redactText(text: string, secretValues: readonly string[]): string {
  const variants = new Set<string>();
  for (const value of secretValues) {
    if (typeof value !== 'string' || value.length < 4) continue;
    variants.add(value);
    variants.add(encodeURIComponent(value));
  }
  let out = text;
  for (const value of [...variants].sort((a, b) => b.length - a.length)) {
    out = out.split(value).join(REDACTED);
  }
  return out;
}

/**
 * The values to redact for a set of request headers: each value, plus the credential part of
 * `Authorization: <scheme> <credential>` so a logged token without its scheme is caught too.
 */
export function headerSecretValues(headers: Readonly<Record<string, string>> | undefined): string[] {
  const values: string[] = [];
  for (const [name, value] of Object.entries(headers ?? {})) {
    values.push(value);
    if (name.toLowerCase() === 'authorization') {
      const space = value.indexOf(' ');
      if (space > 0) values.push(value.slice(space + 1).trim());
    }
  }
  return values;
}
