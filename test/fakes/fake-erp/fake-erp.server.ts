import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { FaultInjector, type FaultSettings, type FaultStats } from '../faults';
import {
  errorReply,
  startFakeServer,
  type FakeReply,
  type FakeRequest,
  type RunningFakeServer,
} from '../http-kit';
import {
  ErpCustomerPayloadSchema,
  ErpInvoicePayloadSchema,
  type ErpCustomerPayload,
  type ErpInvoicePayload,
  type ErpStored,
} from './fake-erp.schemas';

type Resource = 'invoice' | 'customer';

/** One create the ERP performed, including creates whose response never reached the client. */
export interface ErpCreate {
  readonly resource: Resource;
  readonly id: string;
  readonly reference: string;
  readonly idempotencyKey?: string;
  /** True when fault injection answered 500 after the create was committed. */
  readonly responseLost: boolean;
  readonly body: unknown;
}

interface IdempotencyEntry {
  readonly resource: Resource;
  readonly bodyHash: string;
  readonly reply: FakeReply;
}

const RESOURCES: Readonly<Record<string, { resource: Resource; schema: z.ZodType; prefix: string }>> = {
  invoices: { resource: 'invoice', schema: ErpInvoicePayloadSchema, prefix: 'INV' },
  customers: { resource: 'customer', schema: ErpCustomerPayloadSchema, prefix: 'CUS' },
};

/** JSON with object keys sorted, so two equal bodies hash the same whatever their key order. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * A fake ERP with invoices and customers, bearer auth, `Idempotency-Key` support and fault
 * injection. Like a real ERP it does NOT dedupe creates by reference: without an idempotency key
 * or a search first, a retried create makes a duplicate (tests count them).
 */
export class FakeErpServer {
  private readonly stores: Record<Resource, Map<string, Record<string, unknown>>> = {
    invoice: new Map(),
    customer: new Map(),
  };
  private readonly createLog: ErpCreate[] = [];
  private readonly idempotency = new Map<string, IdempotencyEntry>();
  private counter = 0;

  private constructor(
    private readonly server: RunningFakeServer,
    readonly apiKey: string,
    private readonly faults: FaultInjector,
  ) {}

  get url(): string {
    return this.server.url;
  }

  static async start(
    options: { apiKey?: string; port?: number; seed?: number } = {},
  ): Promise<FakeErpServer> {
    const apiKey = options.apiKey ?? 'fake-erp-key';
    const faults = new FaultInjector(options.seed ?? 1);
    const ref: { instance?: FakeErpServer } = {};
    const server = await startFakeServer({
      port: options.port,
      apiKey,
      faults,
      route: (req) => ref.instance!.route(req),
    });
    ref.instance = new FakeErpServer(server, apiKey, faults);
    return ref.instance;
  }

  setFaults(faults: FaultSettings): void {
    this.faults.set(faults);
  }

  /** Every create ever performed, in order. */
  creates(): ErpCreate[] {
    return [...this.createLog];
  }

  invoices(): ErpStored<ErpInvoicePayload>[] {
    return [...this.stores.invoice.values()] as ErpStored<ErpInvoicePayload>[];
  }

  customers(): ErpStored<ErpCustomerPayload>[] {
    return [...this.stores.customer.values()] as ErpStored<ErpCustomerPayload>[];
  }

  /** References held by more than one stored invoice or customer. */
  duplicateReferences(): string[] {
    const duplicates: string[] = [];
    for (const store of Object.values(this.stores)) {
      const counts = new Map<string, number>();
      for (const record of store.values()) {
        const ref = String(record.reference);
        counts.set(ref, (counts.get(ref) ?? 0) + 1);
      }
      for (const [ref, n] of counts) if (n > 1) duplicates.push(ref);
    }
    return duplicates;
  }

  stats(): FaultStats & { invoices: number; customers: number; creates: number } {
    return {
      ...this.faults.snapshot(),
      invoices: this.stores.invoice.size,
      customers: this.stores.customer.size,
      creates: this.createLog.length,
    };
  }

  async close(): Promise<void> {
    await this.server.close();
  }

  private route(req: FakeRequest): FakeReply {
    const match = /^\/api\/(invoices|customers)(?:\/([^/]+))?$/.exec(req.path);
    const spec = match ? RESOURCES[match[1]] : undefined;
    if (!match || !spec) return errorReply(404, 'NOT_FOUND', `No route ${req.method} ${req.path}`);
    const id = match[2] === undefined ? undefined : decodeURIComponent(match[2]);
    const store = this.stores[spec.resource];
    if (id === undefined && req.method === 'GET')
      return { status: 200, body: { data: this.search(store, req) } };
    if (id === undefined && req.method === 'POST') return this.create(spec, req);
    if (id === undefined) return errorReply(405, 'METHOD_NOT_ALLOWED', `${req.method} is not allowed`);
    const existing = store.get(id);
    if (!existing) return errorReply(404, 'NOT_FOUND', `No ${spec.resource} ${id}`);
    if (req.method === 'GET') return { status: 200, body: existing };
    if (req.method !== 'PUT') return errorReply(405, 'METHOD_NOT_ALLOWED', `${req.method} is not allowed`);
    const invalid = this.validate(spec.schema, req.body);
    if (invalid) return invalid;
    const updated = {
      ...(req.body as Record<string, unknown>),
      id,
      version: Number(existing.version) + 1,
      created_at: existing.created_at,
      updated_at: new Date().toISOString(),
    };
    store.set(id, updated);
    return { status: 200, body: updated };
  }

  private search(store: Map<string, Record<string, unknown>>, req: FakeRequest): unknown[] {
    const reference = req.query.get('reference');
    const email = req.query.get('email');
    return [...store.values()].filter(
      (r) => (reference === null || r.reference === reference) && (email === null || r.email === email),
    );
  }

  private validate(schema: z.ZodType, body: unknown): FakeReply | undefined {
    const parsed = schema.safeParse(body);
    if (parsed.success) return undefined;
    const issue = parsed.error.issues[0];
    const field = issue.path.join('.') || '(body)';
    return errorReply(422, 'VALIDATION', `${field}: ${issue.message}`, { field });
  }

  private create(spec: (typeof RESOURCES)[string], req: FakeRequest): FakeReply {
    const rawKey = req.headers['idempotency-key'];
    const key = typeof rawKey === 'string' && rawKey !== '' ? rawKey : undefined;
    const bodyHash = createHash('sha256').update(stableJson(req.body)).digest('hex');
    if (key !== undefined) {
      const seen = this.idempotency.get(key);
      if (seen && (seen.resource !== spec.resource || seen.bodyHash !== bodyHash)) {
        return errorReply(
          409,
          'IDEMPOTENCY_KEY_REUSED',
          'This Idempotency-Key was used with a different request',
        );
      }
      if (seen) return { ...seen.reply, headers: { 'idempotent-replayed': 'true' } };
    }
    const invalid = this.validate(spec.schema, req.body);
    if (invalid) return invalid;
    this.counter += 1;
    const id = `${spec.prefix}-${String(this.counter).padStart(6, '0')}`;
    const now = new Date().toISOString();
    const body = req.body as Record<string, unknown>;
    const record = { ...body, id, version: 1, created_at: now, updated_at: now };
    this.stores[spec.resource].set(id, record);
    this.createLog.push({
      resource: spec.resource,
      id,
      reference: String(body.reference),
      ...(key !== undefined ? { idempotencyKey: key } : {}),
      responseLost: req.responseWillBeLost,
      body,
    });
    const reply: FakeReply = { status: 201, body: record };
    if (key !== undefined) this.idempotency.set(key, { resource: spec.resource, bodyHash, reply });
    return reply;
  }
}
