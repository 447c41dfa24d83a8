/*
 * Templates of `poshub connector new`: the config schema, the HTTP client and the loopback simulator
 * every scaffolded connector starts from. Kept as TypeScript strings (not files copied at build) so
 * `tsc` ships them in dist/ with the CLI. Tokens: __id__ (kebab id), __Name__ (PascalCase),
 * __name__ (camelCase), __DISPLAY__ (display name).
 */

export const CONFIG_TEMPLATE = `import { z } from 'zod';
import { secret } from '../../src/sdk';

/** Connection config of __DISPLAY__. */
export const __Name__ConfigSchema = z.object({
  baseUrl: z.url(),
  /** Sent as a bearer token. Marked secret: sealed at rest, never returned by the API or logged. */
  apiKey: secret(z.string().min(1)),
  /** Records per page, 1..500 (the API's default is 100). */
  pageSize: z.number().int().min(1).max(500).optional(),
  /** Per-request timeout in ms (default 30 s). */
  timeoutMs: z.number().int().positive().optional(),
});
export type __Name__Config = z.infer<typeof __Name__ConfigSchema>;
`;

export const CLIENT_TEMPLATE = `import { z } from 'zod';
import { RejectedError, type HttpClient, type SourceRecord } from '../../src/sdk';

/*
 * The vendor's API, parsed with zod at the edge. Items of a page stay \`unknown\`: the mapping
 * validates them, and a malformed one is quarantined while its neighbours flow on.
 */

const PageSchema = z.object({
  data: z.array(z.unknown()),
  next_cursor: z.string().nullable(),
  has_more: z.boolean(),
});
const StoredSchema = z.object({ id: z.string() }).loose();
const SearchSchema = z.object({ data: z.array(StoredSchema) });

/** One page of a change feed, in the API's order. */
export interface __Name__Page {
  readonly records: SourceRecord[];
  /** Where the next read resumes; null when the API gave none. */
  readonly cursor: string | null;
  readonly hasMore: boolean;
}

/** Turns one feed item into a source record; a malformed item keeps a synthetic id for quarantine. */
export function toRecord(item: unknown, fallbackId: string): SourceRecord {
  const obj = typeof item === 'object' && item !== null ? (item as Record<string, unknown>) : {};
  const id = typeof obj.id === 'string' ? obj.id : fallbackId;
  const version = typeof obj.version === 'number' ? String(obj.version) : undefined;
  return { externalId: id, ...(version !== undefined ? { version } : {}), data: item };
}

/** Calls of the __DISPLAY__ API poshub makes. Errors are classified by the SDK's HTTP client. */
export class __Name__Client {
  constructor(private readonly http: HttpClient) {}

  /** A cheap authenticated call, for \`check\`. */
  async ping(): Promise<void> {
    await this.http.request({ method: 'GET', path: '/v1/customers', query: { limit: 1 } });
  }

  /** The customers changed after \`cursor\` (null: from the start), one page. */
  async customers(cursor: string | null, limit?: number): Promise<__Name__Page> {
    const res = await this.http.request({
      method: 'GET',
      path: '/v1/customers',
      query: { cursor: cursor ?? undefined, limit },
    });
    const parsed = PageSchema.safeParse(res.data);
    if (!parsed.success) throw new RejectedError(\`__id__ answered an unexpected page: \${parsed.error.message}\`);
    return {
      records: parsed.data.data.map((item, i) => toRecord(item, \`unidentified-\${cursor ?? '0'}-\${i}\`)),
      cursor: parsed.data.next_cursor,
      hasMore: parsed.data.has_more,
    };
  }

  /** The id of the customer carrying poshub's reference, if the API holds one. */
  async findByReference(reference: string): Promise<string | undefined> {
    const res = await this.http.request({ method: 'GET', path: '/v1/customers', query: { reference } });
    const parsed = SearchSchema.safeParse(res.data);
    if (!parsed.success) throw new RejectedError('__id__ search answered an unexpected shape');
    return parsed.data.data[0]?.id;
  }

  /** Creates a customer; the API replays the first answer for a repeated Idempotency-Key. */
  async create(payload: unknown, idempotencyKey: string): Promise<string> {
    const res = await this.http.request({
      method: 'POST',
      path: '/v1/customers',
      headers: { 'Idempotency-Key': idempotencyKey },
      body: payload,
    });
    const parsed = StoredSchema.safeParse(res.data);
    if (!parsed.success) throw new RejectedError('__id__ answered a create without an id');
    return parsed.data.id;
  }

  async update(id: string, payload: unknown): Promise<void> {
    await this.http.request({ method: 'PUT', path: \`/v1/customers/\${encodeURIComponent(id)}\`, body: payload });
  }
}
`;

export const SIMULATOR_TEMPLATE = `import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createPrng, listenOnLoopback, type LoopbackServer } from '../../../src/sdk/simulator-kit';

/** A customer as the simulated API stores and returns it. */
export interface __Name__SimCustomer {
  id: string;
  seq: number;
  version: number;
  first_name: string;
  last_name: string;
  email?: string;
  reference?: string;
  updated_at: string;
}

const FIRST = ['Anh', 'Binh', 'Chi', 'Dung', 'Lan', 'Minh'];
const LAST = ['Nguyen', 'Tran', 'Le', 'Pham', 'Hoang'];

/**
 * A loopback HTTP server that behaves like the __DISPLAY__ API for tests and the demo: bearer auth,
 * a customers change feed paged by \`seq\` cursor, search by reference, creates with Idempotency-Key,
 * and a switch that answers every call 429 with Retry-After. Seeded, so runs are reproducible.
 */
export class __Name__Simulator {
  readonly apiKey = '__id__-simulator-key';
  private readonly store = new Map<string, __Name__SimCustomer>();
  private readonly replays = new Map<string, __Name__SimCustomer>();
  private seq = 0;
  private retryAfterSeconds: number | undefined;
  private loopback?: LoopbackServer;

  private constructor(private readonly random: () => number) {}

  static async start(options: { seed?: number; port?: number } = {}): Promise<__Name__Simulator> {
    const sim = new __Name__Simulator(createPrng(options.seed ?? 1));
    sim.loopback = await listenOnLoopback(
      createServer((req, res) => void sim.handle(req, res)),
      options.port,
    );
    return sim;
  }

  get url(): string {
    return this.loopback!.url;
  }

  /** Adds \`count\` customers to the feed, as if they were created in the vendor's UI. */
  seed(count: number): __Name__SimCustomer[] {
    const out: __Name__SimCustomer[] = [];
    for (let i = 0; i < count; i++) {
      const first = FIRST[Math.floor(this.random() * FIRST.length)];
      const last = LAST[Math.floor(this.random() * LAST.length)];
      const n = this.seq + 1;
      out.push(this.put({ id: \`C\${n}\`, first_name: first, last_name: last, email: \`\${first}.\${n}@example.com\`.toLowerCase() }));
    }
    return out;
  }

  customers(): __Name__SimCustomer[] {
    return [...this.store.values()];
  }

  /** Every following call answers 429 with this Retry-After; \`off\` restores service. */
  rateLimit(retryAfterSeconds: number | 'off'): void {
    this.retryAfterSeconds = retryAfterSeconds === 'off' ? undefined : retryAfterSeconds;
  }

  close(): Promise<void> {
    return this.loopback?.close() ?? Promise.resolve();
  }

  private put(fields: Omit<__Name__SimCustomer, 'seq' | 'version' | 'updated_at'>): __Name__SimCustomer {
    const previous = this.store.get(fields.id);
    this.seq += 1;
    const stored = {
      ...previous,
      ...fields,
      seq: this.seq,
      version: (previous?.version ?? 0) + 1,
      updated_at: new Date(Date.UTC(2025, 0, 1) + this.seq * 60_000).toISOString(),
    };
    this.store.set(stored.id, stored);
    return stored;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    if (req.headers.authorization !== \`Bearer \${this.apiKey}\`) return send(401, { error: 'unauthorized' });
    if (this.retryAfterSeconds !== undefined) {
      return send(429, { error: 'rate limited' }, { 'retry-after': String(this.retryAfterSeconds) });
    }
    const url = new URL(req.url ?? '/', 'http://simulator');
    const id = /^\\/v1\\/customers\\/([^/]+)$/.exec(url.pathname)?.[1];
    if (req.method === 'GET' && url.pathname === '/v1/customers') {
      const reference = url.searchParams.get('reference');
      if (reference !== null) return send(200, { data: this.customers().filter((c) => c.reference === reference) });
      const after = Number(url.searchParams.get('cursor') ?? 0);
      const limit = Math.min(Number(url.searchParams.get('limit') ?? 100), 500);
      const newer = this.customers()
        .filter((c) => c.seq > after)
        .sort((a, b) => a.seq - b.seq);
      const page = newer.slice(0, limit);
      const next = page.length > 0 ? String(page[page.length - 1].seq) : url.searchParams.get('cursor');
      return send(200, { data: page, next_cursor: next, has_more: newer.length > page.length });
    }
    const body = req.method === 'POST' || req.method === 'PUT' ? await readJson(req) : undefined;
    if (req.method === 'POST' && url.pathname === '/v1/customers') {
      const key = req.headers['idempotency-key'];
      const replay = typeof key === 'string' ? this.replays.get(key) : undefined;
      if (replay) return send(201, replay);
      const problem = invalid(body);
      if (problem) return send(422, { error: problem });
      const created = this.put({ ...(body as object), id: \`C\${this.seq + 1}\` } as __Name__SimCustomer);
      if (typeof key === 'string') this.replays.set(key, created);
      return send(201, created);
    }
    if (req.method === 'PUT' && id !== undefined) {
      if (!this.store.has(id)) return send(404, { error: \`no customer \${id}\` });
      const problem = invalid(body);
      if (problem) return send(422, { error: problem });
      return send(200, this.put({ ...(body as object), id } as __Name__SimCustomer));
    }
    return send(404, { error: 'not found' });
  }
}

function invalid(body: unknown): string | undefined {
  const b = body as { reference?: unknown; first_name?: unknown } | undefined;
  if (typeof b?.reference !== 'string' || b.reference === '') return 'reference is required';
  if (typeof b.first_name !== 'string') return 'first_name is required';
  return undefined;
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return undefined;
  }
}
`;
