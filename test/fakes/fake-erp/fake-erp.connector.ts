import { z } from 'zod';
import {
  AuthError,
  ConnectorError,
  RejectedError,
  defineConnector,
  secret,
  type ConnectorInstance,
  type HttpClient,
  type WriteOptions,
  type WriteResult,
} from '../../../src/sdk';
import { ErpCustomerPayloadSchema, ErpInvoicePayloadSchema } from './fake-erp.schemas';

/** Connection config of the fake ERP. */
export const FakeErpConfigSchema = z.object({
  baseUrl: z.url(),
  apiKey: secret(z.string().min(1)),
  /** Per-request timeout in ms (default 30 s). */
  timeoutMs: z.number().int().positive().optional(),
});
export type FakeErpConfig = z.infer<typeof FakeErpConfigSchema>;

const ENTITY_PATHS: Readonly<Record<string, string>> = {
  invoice: '/api/invoices',
  customer: '/api/customers',
};

const StoredSchema = z.object({ id: z.string() }).loose();
const SearchSchema = z.object({ data: z.array(StoredSchema) });

function storedId(data: unknown, what: string): string {
  const parsed = StoredSchema.safeParse(data);
  if (!parsed.success) throw new RejectedError(`fake-erp answered ${what} without an id`);
  return parsed.data.id;
}

/**
 * Idempotent write: update when poshub already knows the target id; otherwise search by reference
 * first (a crash between create and link must not duplicate), and create with the native
 * Idempotency-Key so a retried POST whose response was lost is replayed, not repeated.
 */
async function write(
  http: HttpClient,
  entity: string,
  payload: unknown,
  options: WriteOptions,
): Promise<WriteResult> {
  const path = ENTITY_PATHS[entity];
  if (!path) throw new RejectedError(`fake-erp has no entity "${entity}"`, { entity });
  // The payload was validated against payloadSchema by the mapping; the ERP validates it again and
  // answers 422 with its own message, which the client turns into RejectedError.
  const body = payload as { reference?: unknown };
  if (
    typeof body !== 'object' ||
    body === null ||
    typeof body.reference !== 'string' ||
    body.reference === ''
  ) {
    throw new RejectedError(`${entity} payload needs a non-empty "reference"`, { entity });
  }
  const reference = body.reference;
  if (options.existingId !== undefined) {
    await http.request({ method: 'PUT', path: `${path}/${encodeURIComponent(options.existingId)}`, body });
    return { externalId: options.existingId, created: false };
  }
  const search = await http.request({ method: 'GET', path: path, query: { reference } });
  const found = SearchSchema.safeParse(search.data);
  if (!found.success) throw new RejectedError(`fake-erp search answered an unexpected shape`, { entity });
  const existing = found.data.data[0];
  if (existing) {
    // Found from an earlier attempt whose link was lost: bring it up to date instead of creating again.
    await http.request({ method: 'PUT', path: `${path}/${encodeURIComponent(existing.id)}`, body });
    return { externalId: existing.id, created: false };
  }
  const created = await http.request({
    method: 'POST',
    path: path,
    headers: { 'Idempotency-Key': options.idempotencyKey },
    body,
  });
  return { externalId: storedId(created.data, 'a create'), created: true };
}

/**
 * Reference sink connector for the fake ERP (test/fakes/fake-erp/fake-erp.server.ts): invoices
 * from transactions, customers from customers. Used by the demo and the pipeline tests.
 */
export const fakeErp = defineConnector<FakeErpConfig>({
  manifest: {
    id: 'fake-erp',
    version: '1.0.0',
    displayName: 'Fake ERP (reference sink)',
    configSchema: FakeErpConfigSchema,
    streams: [],
    entities: [
      {
        name: 'invoice',
        kind: 'transaction',
        defaultMapping: 'fake-erp/invoice',
        payloadSchema: ErpInvoicePayloadSchema,
        description: 'Sales become invoices, refunds credit notes',
      },
      {
        name: 'customer',
        kind: 'customer',
        defaultMapping: 'fake-erp/customer',
        payloadSchema: ErpCustomerPayloadSchema,
        description: 'Customer master data',
      },
    ],
    rateLimit: { requestsPerSecond: 200, burst: 400 },
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
          await http.request({ method: 'GET', path: '/api/customers', query: { reference: 'poshub:check' } });
          return { ok: true, message: `connected to ${context.config.baseUrl}` };
        } catch (err) {
          if (err instanceof AuthError)
            return { ok: false, message: 'the API key was refused; check apiKey' };
          if (err instanceof ConnectorError) return { ok: false, message: err.message };
          throw err;
        }
      },
      write: (entity, payload, options) => write(http, entity, payload, options),
    };
  },
});
