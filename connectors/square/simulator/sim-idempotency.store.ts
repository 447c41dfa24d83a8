import { invalid, type SimReply } from './sim-errors';

/** JSON with object keys sorted, so two bodies that differ only in key order compare equal. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

interface Stored {
  readonly request: string;
  readonly reply: SimReply;
}

/**
 * Square's idempotency: the same key with the same request returns the first response again; the
 * same key with a different request is refused with IDEMPOTENCY_KEY_REUSED. Keys are scoped per
 * endpoint. Only successful answers are remembered, so a request that failed can be retried.
 * https://developer.squareup.com/docs/build-basics/common-api-patterns/idempotency
 */
export class IdempotencyStore {
  private readonly entries = new Map<string, Stored>();

  run(scope: string, key: string | undefined, body: unknown, execute: () => SimReply): SimReply {
    if (key === undefined) return execute();
    const id = `${scope}\u0000${key}`;
    const request = stableJson(body);
    const stored = this.entries.get(id);
    if (stored) {
      if (stored.request !== request) {
        throw invalid(
          'IDEMPOTENCY_KEY_REUSED',
          `The idempotency key ${key} was already used for a different request.`,
          'idempotency_key',
        );
      }
      return stored.reply;
    }
    const reply = execute();
    if (reply.status >= 200 && reply.status < 300) this.entries.set(id, { request, reply });
    return reply;
  }
}
