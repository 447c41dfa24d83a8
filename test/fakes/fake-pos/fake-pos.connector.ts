import { z } from 'zod';
import {
  AuthError,
  ConnectorError,
  RejectedError,
  defineConnector,
  secret,
  type ConnectorInstance,
  type HttpClient,
  type SourcePage,
  type SourceRecord,
} from '../../../src/sdk';
import { fakePosWebhook } from './fake-pos.webhook';

/** Connection config of the fake POS. */
export const FakePosConfigSchema = z.object({
  baseUrl: z.url(),
  apiKey: secret(z.string().min(1)),
  /** Records per page, 1..500 (server default 100). */
  pageSize: z.number().int().min(1).max(500).optional(),
  /** Per-request timeout in ms (default 30 s). */
  timeoutMs: z.number().int().positive().optional(),
  /** Shared secret of the webhook signatures; without it every webhook is refused. */
  webhookSecret: secret(z.string().min(16)).optional(),
});
export type FakePosConfig = z.infer<typeof FakePosConfigSchema>;

/** The change-feed envelope. Items stay `unknown` here: the mapping validates them, bad ones are quarantined. */
const PageSchema = z.object({
  data: z.array(z.unknown()),
  next_cursor: z.string().nullable(),
  has_more: z.boolean(),
});

const STREAM_PATHS: Readonly<Record<string, string>> = {
  transactions: '/v1/transactions',
  customers: '/v1/customers',
};

function pathOf(stream: string): string {
  const path = STREAM_PATHS[stream];
  if (!path) throw new RejectedError(`fake-pos has no stream "${stream}"`, { stream });
  return path;
}

/** Turns one feed item into a source record; malformed items keep a synthetic id so they can be quarantined. */
function toRecord(item: unknown, fallbackId: string): SourceRecord {
  const obj = typeof item === 'object' && item !== null ? (item as Record<string, unknown>) : {};
  const id = typeof obj.id === 'string' || typeof obj.id === 'number' ? String(obj.id) : fallbackId;
  const version =
    typeof obj.version === 'number' || typeof obj.version === 'string' ? String(obj.version) : undefined;
  return { externalId: id, ...(version !== undefined ? { version } : {}), data: item };
}

async function* readStream(
  http: HttpClient,
  stream: string,
  start: string | null,
  pageSize: number | undefined,
): AsyncIterable<SourcePage> {
  const path = pathOf(stream);
  let cursor = start;
  for (;;) {
    const res = await http.request({
      method: 'GET',
      path,
      query: { cursor: cursor ?? undefined, limit: pageSize },
    });
    const parsed = PageSchema.safeParse(res.data);
    if (!parsed.success) {
      throw new RejectedError(`fake-pos returned an unexpected page shape: ${parsed.error.message}`, {
        stream,
      });
    }
    const page = parsed.data;
    if (page.data.length > 0) {
      yield {
        records: page.data.map((item, i) => toRecord(item, `unidentified-${cursor ?? '0'}-${i}`)),
        cursor: page.next_cursor,
      };
    }
    if (!page.has_more || page.next_cursor === null || page.next_cursor === cursor) return;
    cursor = page.next_cursor;
  }
}

/**
 * Reference source connector for the fake POS (test/fakes/fake-pos/fake-pos.server.ts): change
 * feeds paged by `seq` cursor, bearer auth. Used by the demo and the pipeline tests.
 */
export const fakePos = defineConnector<FakePosConfig>({
  manifest: {
    id: 'fake-pos',
    version: '1.0.0',
    displayName: 'Fake POS (reference source)',
    configSchema: FakePosConfigSchema,
    streams: [
      {
        name: 'transactions',
        kind: 'transaction',
        defaultMapping: 'fake-pos/transaction',
        description: 'Sales and refunds, as a change feed ordered by seq',
      },
      {
        name: 'customers',
        kind: 'customer',
        defaultMapping: 'fake-pos/customer',
        description: 'Customer profiles, as a change feed ordered by seq',
      },
    ],
    entities: [],
    rateLimit: { requestsPerSecond: 200, burst: 400 },
    webhook: fakePosWebhook,
  },
  create(context): ConnectorInstance {
    const http = context.http({
      baseUrl: context.config.baseUrl,
      headers: { Authorization: `Bearer ${context.config.apiKey}` },
      timeoutMs: context.config.timeoutMs,
    });
    return {
      async check() {
        try {
          await http.request({ method: 'GET', path: '/v1/transactions', query: { limit: 1 } });
          return { ok: true, message: `connected to ${context.config.baseUrl}` };
        } catch (err) {
          if (err instanceof AuthError)
            return { ok: false, message: 'the API key was refused; check apiKey' };
          if (err instanceof ConnectorError) return { ok: false, message: err.message };
          throw err;
        }
      },
      read: (stream, cursor) => readStream(http, stream, cursor, context.config.pageSize),
      async fetch(stream, ids) {
        const path = pathOf(stream);
        const out: SourceRecord[] = [];
        for (const id of ids) {
          try {
            const res = await http.request({ method: 'GET', path: `${path}/${encodeURIComponent(id)}` });
            out.push(toRecord(res.data, id));
          } catch (err) {
            // A record deleted since the webhook was sent is simply gone; anything else is a real failure.
            if (err instanceof RejectedError && err.details.status === 404) continue;
            throw err;
          }
        }
        return out;
      },
    };
  },
});
