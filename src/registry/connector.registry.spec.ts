import { z } from 'zod';
import { ConfigError } from '../sdk/errors';
import { defineConnector, type ConnectorDefinition, type ConnectorManifest } from '../sdk/connector';
import { buildRegistry, RegistryError } from './connector.registry';

function connector(overrides: Partial<ConnectorManifest> = {}): ConnectorDefinition<unknown> {
  return defineConnector<unknown>({
    manifest: {
      id: 'acme-pos',
      version: '1.2.0',
      displayName: 'Acme POS',
      configSchema: z.object({ apiKey: z.string() }),
      streams: [{ name: 'transactions', kind: 'transaction', defaultMapping: 'acme-pos/transaction' }],
      entities: [{ name: 'invoice', kind: 'transaction', defaultMapping: 'acme-pos/invoice' }],
      rateLimit: { requestsPerSecond: 10, burst: 20 },
      ...overrides,
    },
    create: () => ({ check: async () => ({ ok: true, message: 'ok' }) }),
  });
}

function problemsOf(defs: ConnectorDefinition<unknown>[]): readonly string[] {
  try {
    buildRegistry(defs);
  } catch (err) {
    if (err instanceof RegistryError) return err.problems;
    throw err;
  }
  return [];
}

describe('buildRegistry', () => {
  it('looks up connectors, streams and entities', () => {
    const registry = buildRegistry([connector(), connector({ id: 'other', streams: [], entities: [] })]);
    expect(registry.list().map((c) => c.manifest.id)).toEqual(['acme-pos', 'other']);
    expect(registry.get('acme-pos')?.manifest.displayName).toBe('Acme POS');
    expect(registry.get('nope')).toBeUndefined();
    expect(registry.stream('acme-pos', 'transactions')?.kind).toBe('transaction');
    expect(registry.stream('acme-pos', 'missing')).toBeUndefined();
    expect(registry.entity('acme-pos', 'invoice')?.defaultMapping).toBe('acme-pos/invoice');
    expect(registry.entity('nope', 'invoice')).toBeUndefined();
  });

  it('require() throws ConfigError naming the id and the known ids', () => {
    const registry = buildRegistry([connector(), connector({ id: 'zeta', streams: [], entities: [] })]);
    expect(registry.require('acme-pos').manifest.id).toBe('acme-pos');
    expect(() => registry.require('square')).toThrow(ConfigError);
    expect(() => registry.require('square')).toThrow(
      'unknown connector "square"; known connectors: acme-pos, zeta',
    );
  });

  it('lists every problem at once', () => {
    const problems = problemsOf([
      connector({ id: 'Bad_Id', version: '1.0' }),
      connector({ configSchema: {} as z.ZodType }),
      connector(), // duplicate id of the previous one
      connector({
        id: 'streams',
        streams: [
          { name: 'tx', kind: 'transaction', defaultMapping: 'other/tx' },
          { name: 'tx', kind: 'bogus' as 'transaction', defaultMapping: 'streams/tx' },
          { name: 'Bad-Name', kind: 'customer', defaultMapping: 'streams/' },
        ],
        entities: [],
        rateLimit: { requestsPerSecond: 0, burst: -1 },
      }),
    ]);
    expect(problems).toEqual([
      'connector "Bad_Id": id must be kebab-case (/^[a-z][a-z0-9-]*$/)',
      'connector "Bad_Id": version must be semver (got "1.0")',
      'connector "Bad_Id" stream "transactions": defaultMapping must be "Bad_Id/<name>" (got "acme-pos/transaction")',
      'connector "Bad_Id" entity "invoice": defaultMapping must be "Bad_Id/<name>" (got "acme-pos/invoice")',
      'connector "acme-pos": configSchema must be a zod schema',
      'connector "acme-pos": duplicate id',
      'connector "streams" stream "tx": defaultMapping must be "streams/<name>" (got "other/tx")',
      'connector "streams" stream "tx": duplicate stream name',
      'connector "streams" stream "tx": kind must be one of transaction, customer, product, stock, location, customer-behaviour',
      'connector "streams" stream "Bad-Name": name must match /^[a-z][a-z0-9_]*$/',
      'connector "streams" stream "Bad-Name": defaultMapping must be "streams/<name>" (got "streams/")',
      'connector "streams": rateLimit.requestsPerSecond must be a positive number',
      'connector "streams": rateLimit.burst must be a positive number',
    ]);
  });

  it('rejects a definition without create and an entity with a bad payload schema', () => {
    const def = connector({
      entities: [
        {
          name: 'invoice',
          kind: 'transaction',
          defaultMapping: 'acme-pos/invoice',
          payloadSchema: {} as z.ZodType,
        },
      ],
    });
    const problems = problemsOf([{ manifest: def.manifest } as ConnectorDefinition<unknown>]);
    expect(problems).toEqual([
      'connector "acme-pos": create must be a function',
      'connector "acme-pos" entity "invoice": payloadSchema must be a zod schema',
    ]);
  });

  it('the error message lists each problem on its own line', () => {
    expect(() => buildRegistry([connector({ version: 'x' })])).toThrow(
      'invalid connector registry:\n  - connector "acme-pos": version must be semver (got "x")',
    );
  });
});
