/*
 * Templates of `poshub connector new`: the connector module (manifest + behaviour) for a source or
 * a sink, and its unit spec. Tokens as in connector-new.client.template.ts.
 */

/**
 * The end of the manifest and the start of `create` both kinds share: the HTTP client built from the
 * config, and a `check` that tells a refused key from an unreachable API.
 */
const CREATE_WITH_CHECK = `    // Replace with the vendor's documented limit.
    rateLimit: { requestsPerSecond: 10, burst: 20 },
  },
  create(context): ConnectorInstance {
    const client = new __Name__Client(
      context.http({
        baseUrl: context.config.baseUrl,
        headers: { Authorization: \`Bearer \${context.config.apiKey}\` },
        timeoutMs: context.config.timeoutMs,
      }),
    );
    return {
      async check() {
        try {
          await client.ping();
          return { ok: true, message: \`connected to \${context.config.baseUrl}\` };
        } catch (err) {
          if (err instanceof AuthError) return { ok: false, message: 'the API key was refused; check apiKey' };
          if (err instanceof ConnectorError) return { ok: false, message: err.message };
          throw err;
        }
      },
`;

export const SOURCE_CONNECTOR_TEMPLATE = `import {
  AuthError,
  ConnectorError,
  RejectedError,
  defineConnector,
  type ConnectorInstance,
  type SourcePage,
} from '../../src/sdk';
import { __Name__Client } from './__id__.client';
import { __Name__ConfigSchema, type __Name__Config } from './__id__.config';

/** Reads a stream from \`start\` to the end, one page per API call; each page's cursor resumes it. */
async function* readCustomers(
  client: __Name__Client,
  stream: string,
  start: string | null,
  pageSize: number | undefined,
): AsyncIterable<SourcePage> {
  if (stream !== 'customers') throw new RejectedError(\`__id__ has no stream "\${stream}"\`, { stream });
  let cursor = start;
  for (;;) {
    const page = await client.customers(cursor, pageSize);
    if (page.records.length > 0) yield { records: page.records, cursor: page.cursor };
    if (!page.hasMore || page.cursor === null || page.cursor === cursor) return;
    cursor = page.cursor;
  }
}

/** __DISPLAY__: a source connector (scaffolded by \`poshub connector new\`; see README.md). */
export const __name__ = defineConnector<__Name__Config>({
  manifest: {
    id: '__id__',
    version: '0.1.0',
    displayName: '__DISPLAY__',
    configSchema: __Name__ConfigSchema,
    streams: [
      {
        name: 'customers',
        kind: 'customer',
        defaultMapping: '__id__/customer',
        description: 'Customer profiles, as a change feed ordered by seq',
      },
    ],
    entities: [],
${CREATE_WITH_CHECK}      read: (stream, cursor) => readCustomers(client, stream, cursor, context.config.pageSize),
    };
  },
});
`;

export const SINK_CONNECTOR_TEMPLATE = `import { z } from 'zod';
import {
  AuthError,
  ConnectorError,
  RejectedError,
  defineConnector,
  type ConnectorInstance,
  type WriteOptions,
  type WriteResult,
} from '../../src/sdk';
import { __Name__Client } from './__id__.client';
import { __Name__ConfigSchema, type __Name__Config } from './__id__.config';

/** What the \`customer\` entity accepts; mappings to \`__id__.customer\` are validated against it. */
export const __Name__CustomerPayloadSchema = z.strictObject({
  /** poshub's stable reference (\`poshub:<record id>\`), searched before a create. */
  reference: z.string().min(1),
  external_id: z.string().min(1),
  first_name: z.string(),
  last_name: z.string().optional(),
  email: z.string().optional(),
});

/**
 * Idempotent write: update when poshub knows the target id; otherwise search by reference first (a
 * crash between create and link must not duplicate), then create with the native Idempotency-Key.
 */
async function write(
  client: __Name__Client,
  entity: string,
  payload: unknown,
  options: WriteOptions,
): Promise<WriteResult> {
  if (entity !== 'customer') throw new RejectedError(\`__id__ has no entity "\${entity}"\`, { entity });
  if (options.existingId !== undefined) {
    await client.update(options.existingId, payload);
    return { externalId: options.existingId, created: false };
  }
  const existing = await client.findByReference(options.reference);
  if (existing !== undefined) {
    await client.update(existing, payload);
    return { externalId: existing, created: false };
  }
  return { externalId: await client.create(payload, options.idempotencyKey), created: true };
}

/** __DISPLAY__: a sink connector (scaffolded by \`poshub connector new\`; see README.md). */
export const __name__ = defineConnector<__Name__Config>({
  manifest: {
    id: '__id__',
    version: '0.1.0',
    displayName: '__DISPLAY__',
    configSchema: __Name__ConfigSchema,
    streams: [],
    entities: [
      {
        name: 'customer',
        kind: 'customer',
        defaultMapping: '__id__/customer',
        payloadSchema: __Name__CustomerPayloadSchema,
        description: 'Customers, upserted by poshub reference',
      },
    ],
${CREATE_WITH_CHECK}      write: (entity, payload, options) => write(client, entity, payload, options),
    };
  },
});
`;

export const SPEC_TEMPLATE = `import { collectSecretValues } from '../../src/sdk';
import { toRecord } from './__id__.client';
import { __Name__ConfigSchema } from './__id__.config';

describe('__id__ connector', () => {
  it('marks the API key secret and refuses a config without one', () => {
    const config = __Name__ConfigSchema.parse({ baseUrl: 'http://127.0.0.1:1', apiKey: 'k-123' });
    expect(collectSecretValues(config, __Name__ConfigSchema)).toEqual(['k-123']);
    expect(__Name__ConfigSchema.safeParse({ baseUrl: 'http://127.0.0.1:1' }).success).toBe(false);
  });

  it('keeps a synthetic id on a malformed feed item so it can be quarantined', () => {
    expect(toRecord({ id: 'C1', version: 3 }, 'x')).toEqual({
      externalId: 'C1',
      version: '3',
      data: { id: 'C1', version: 3 },
    });
    expect(toRecord('garbage', 'unidentified-0-4').externalId).toBe('unidentified-0-4');
  });
});
`;
