import { invalid } from './sim-errors';

/** A parsed request as the simulator's handlers see it. */
export interface SimRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  /** Path parameters of the matched template, e.g. `{ order_id: 'abc' }`. */
  readonly params: Readonly<Record<string, string>>;
  /** Parsed JSON body (an object, or `{}` when the request had none). */
  readonly body: Record<string, unknown>;
}

/*
 * Small readers for request fields that answer 400 the way Square does when a field has the wrong
 * type or is out of range.
 */

export function optString(body: Record<string, unknown>, field: string): string | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw invalid('EXPECTED_STRING', `Expected \`${field}\` to be a string.`, field);
  return v;
}

export function optBoolean(body: Record<string, unknown>, field: string): boolean | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean')
    throw invalid('EXPECTED_BOOLEAN', `Expected \`${field}\` to be a boolean.`, field);
  return v;
}

export function optObject(body: Record<string, unknown>, field: string): Record<string, unknown> | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'object' || Array.isArray(v))
    throw invalid('EXPECTED_OBJECT', `Expected \`${field}\` to be an object.`, field);
  return v as Record<string, unknown>;
}

export function optStringArray(body: Record<string, unknown>, field: string): string[] | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string'))
    throw invalid('EXPECTED_ARRAY', `Expected \`${field}\` to be an array of strings.`, field);
  return v as string[];
}

/** An integer limit within [min, max]; VALUE_TOO_LOW / VALUE_TOO_HIGH otherwise. */
export function optLimit(
  body: Record<string, unknown>,
  field: string,
  min: number,
  max: number,
): number | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v))
    throw invalid('EXPECTED_INTEGER', `Expected \`${field}\` to be an integer.`, field);
  if (v < min) throw invalid('VALUE_TOO_LOW', `\`${field}\` must be at least ${min}.`, field);
  if (v > max) throw invalid('VALUE_TOO_HIGH', `\`${field}\` must be at most ${max}.`, field);
  return v;
}

/** An RFC 3339 timestamp as epoch ms; INVALID_TIME otherwise. */
export function optTime(body: Record<string, unknown>, field: string, path = field): number | undefined {
  const v = optString(body, field);
  if (v === undefined) return undefined;
  const ms = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(v)
    ? Date.parse(v)
    : Number.NaN;
  if (Number.isNaN(ms)) throw invalid('INVALID_TIME', `\`${path}\` is not a valid RFC 3339 time.`, path);
  return ms;
}

/** Reads an enum value; INVALID_ENUM_VALUE otherwise. */
export function optEnum<T extends string>(
  body: Record<string, unknown>,
  field: string,
  values: readonly T[],
  path = field,
): T | undefined {
  const v = optString(body, field);
  if (v === undefined) return undefined;
  if (!(values as readonly string[]).includes(v))
    throw invalid('INVALID_ENUM_VALUE', `\`${path}\` must be one of ${values.join(', ')}.`, path);
  return v as T;
}
