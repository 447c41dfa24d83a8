import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { secret } from '../sdk/secret';
import type { ConnectorCatalogue } from './config-cross-checks';
import { ConfigValidationError } from './config-validation.error';
import { loadPoshubConfig, parsePoshubConfig, withoutSource } from './load-poshub-config';

const GOOD = `
connections:
  pos:
    connector: fake-pos
    config: { baseUrl: "http://127.0.0.1:4001", apiKey: "\${FAKE_POS_KEY}" }
    rateLimit: { requestsPerSecond: 20, burst: 40 }
    overrides: { transactions: { "locationId": "$lookup('locations', store_id)" } }
  erp:
    connector: fake-erp
    config: { baseUrl: "http://127.0.0.1:4002", apiKey: "literal-$\${NOT_A_VAR}" }
routes:
  - id: pos-sales-to-erp
    source: { connection: pos, stream: transactions }
    destination: { connection: erp, entity: invoice }
    filter: "kind = 'sale'"
lookups:
  locations: { S1: WH-1, 2: 100 }
schedules:
  - { connection: pos, stream: transactions, every: 30s }
  - { connection: pos, stream: customers, cron: "*/5 * * * *" }
`;

const catalogue: ConnectorCatalogue = {
  get: (id) => {
    if (id === 'fake-pos') {
      return {
        configSchema: z.object({
          baseUrl: z.url(),
          apiKey: secret(z.string().min(8)).refine((key) => !key.startsWith('x'), {
            // A careless connector echoing its input: the loader must scrub it.
            error: (issue) => `key ${String(issue.input)} is revoked`,
          }),
        }),
        streams: [
          { name: 'transactions', defaultMapping: 'fake-pos/transaction' },
          { name: 'customers', defaultMapping: 'fake-pos/customer' },
        ],
        entities: [],
      };
    }
    if (id === 'fake-erp') {
      return {
        configSchema: z.object({ baseUrl: z.url(), apiKey: secret(z.string()) }),
        streams: [],
        entities: [{ name: 'invoice', defaultMapping: 'fake-erp/invoice' }],
      };
    }
    return undefined;
  },
  ids: () => ['fake-erp', 'fake-pos'],
};
const mappingIds = new Set(['fake-pos/transaction', 'fake-pos/customer', 'fake-erp/invoice']);
const env = { FAKE_POS_KEY: 'pos-key-123' };

function issuesOf(run: () => unknown): ConfigValidationError {
  try {
    run();
  } catch (err) {
    if (err instanceof ConfigValidationError) return err;
    throw err;
  }
  throw new Error('expected a ConfigValidationError');
}

describe('parsePoshubConfig', () => {
  it('substitutes ${VAR}, applies defaults and freezes the result', () => {
    const config = parsePoshubConfig(GOOD, 'poshub.yaml', { env, connectors: catalogue, mappingIds });
    expect(config.connections.pos.config).toEqual({
      baseUrl: 'http://127.0.0.1:4001',
      apiKey: 'pos-key-123',
    });
    expect(config.connections.erp.config).toEqual({
      baseUrl: 'http://127.0.0.1:4002',
      apiKey: 'literal-${NOT_A_VAR}',
    });
    expect(config.connections.erp.mappings).toEqual({});
    expect(config.lookups.locations).toEqual({ S1: 'WH-1', '2': '100' });
    expect(config.schedules[0]).toMatchObject({ every: '30s', everyMs: 30_000 });
    expect(config.schedules[1]).toMatchObject({ cron: '*/5 * * * *', everyMs: undefined });
    expect(config.delivery).toEqual({ attempts: 15, backoffMs: 1000, maxBackoffMs: 300_000 });
    expect(Object.isFrozen(config.routes[0].source)).toBe(true);
    expect(Object.isFrozen(config.connections.pos.config)).toBe(true);
  });

  it('accepts an empty file as an empty configuration', () => {
    expect(parsePoshubConfig('', 'empty.yaml', { env })).toMatchObject({ connections: {}, routes: [] });
  });

  it('lists every bad key of the file, not just the first', () => {
    const bad = `
connections:
  pos:
    connector: fake-pos
    config: { baseUrl: "http://127.0.0.1:4001", apiKey: "\${MISSING_KEY}" }
    rateLimit: { requestsPerSecond: -1, burst: 40 }
  Bad_Id:
    connector: fake-erp
routes:
  - id: r1
    source: { connection: pos, stream: transactions }
    destination: { connection: nowhere, entity: invoice }
    filter: "kind = "
  - id: r1
    source: { connection: pos, stream: transactions }
    destination: { connection: pos, entity: invoice }
    colour: red
schedules:
  - { connection: ghost, stream: transactions, every: 30 seconds }
delivery: { attempts: 0 }
`;
    const error = issuesOf(() => parsePoshubConfig(bad, 'bad.yaml', { env }));
    const paths = error.issues.map((issue) => issue.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'connections.pos.config.apiKey',
        'connections.pos.rateLimit.requestsPerSecond',
        'connections.Bad_Id',
        'routes.0.destination.connection',
        'routes.0.filter',
        'routes.1.id',
        'routes.1',
        'schedules.0.connection',
        'schedules.0.every',
        'delivery.attempts',
      ]),
    );
    expect(error.message).toContain(
      '  - connections.pos.config.apiKey: environment variable MISSING_KEY is not set (line 5)',
    );
    expect(error.message).toContain('  - routes.1.id: duplicate route id "r1" (also routes.0.id)');
    expect(error.message.split('\n')[0]).toBe(
      `invalid configuration in bad.yaml (${error.issues.length} problems):`,
    );
  });

  it('checks connectors, their config schemas, streams, entities and mapping ids against a catalogue', () => {
    const text = GOOD.replace('connector: fake-erp', 'connector: fake-crm')
      .replace('"http://127.0.0.1:4001"', 'not-a-url')
      .replace('stream: customers', 'stream: products')
      .replace('filter: "kind = \'sale\'"', 'mapping: fake-erp/nothing')
      .replace(
        'rateLimit:',
        'mappings: { transactions: fake-pos/v2, stock: fake-pos/stock }\n    rateLimit:',
      );
    const error = issuesOf(() =>
      parsePoshubConfig(text, 'poshub.yaml', { env, connectors: catalogue, mappingIds }),
    );
    const byPath = (path: string) =>
      error.issues
        .filter((issue) => issue.path === path)
        .map((issue) => issue.message)
        .join(' | ');
    expect(byPath('connections.erp.connector')).toMatch(
      /^unknown connector "fake-crm" \(known: fake-erp, fake-pos\)/,
    );
    expect(byPath('connections.pos.config.baseUrl')).not.toBe('');
    expect(byPath('connections.pos.mappings.transactions')).toMatch(/^mapping "fake-pos\/v2" does not exist/);
    expect(byPath('connections.pos.mappings.stock')).toMatch(/^connector has no stream or entity "stock"/);
    expect(byPath('connections.pos.mappings.stock')).toContain('mapping "fake-pos/stock" does not exist');
    expect(byPath('routes.0.mapping')).toMatch(/^mapping "fake-erp\/nothing" does not exist/);
    expect(byPath('routes.0.source.stream')).toMatch(/^source mapping "fake-pos\/v2" does not exist/);
    expect(byPath('schedules.1.stream')).toMatch(
      /^no stream "products" \(streams: transactions, customers\)/,
    );
  });

  it('checks route entities and default mappings', () => {
    const text = GOOD.replace('entity: invoice', 'entity: order');
    const error = issuesOf(() => parsePoshubConfig(text, 'poshub.yaml', { env, connectors: catalogue }));
    expect(error.issues).toEqual([
      { path: 'routes.0.destination.entity', message: 'no entity "order" (entities: invoice) (line 14)' },
    ]);
    const noDefault = issuesOf(() =>
      parsePoshubConfig(GOOD, 'poshub.yaml', { env, connectors: catalogue, mappingIds: new Set() }),
    );
    // A missing key is located at its nearest ancestor: the route item.
    expect(noDefault.issues).toEqual([
      {
        path: 'routes.0.source.stream',
        message: 'source mapping "fake-pos/transaction" does not exist (line 13)',
      },
      { path: 'routes.0.mapping', message: 'default mapping "fake-erp/invoice" does not exist (line 12)' },
    ]);
  });

  it('never prints secret values from connector validation messages', () => {
    const error = issuesOf(() =>
      parsePoshubConfig(GOOD, 'poshub.yaml', {
        env: { FAKE_POS_KEY: 'xSECRET-VALUE-1' },
        connectors: catalogue,
        mappingIds,
      }),
    );
    expect(error.issues).toEqual([
      { path: 'connections.pos.config.apiKey', message: 'key [redacted] is revoked (line 5)' },
    ]);
    expect(error.message).not.toContain('SECRET-VALUE');
  });

  it('reports every YAML syntax error with line:col', () => {
    const error = issuesOf(() =>
      parsePoshubConfig('connections:\n  pos: {\nroutes: [\n  - a: 1\n  - a: 1\nroutes: 2\n', 'broken.yaml'),
    );
    expect(error.issues.length).toBeGreaterThanOrEqual(2);
    for (const issue of error.issues) expect(issue.path).toMatch(/^broken\.yaml:\d+:\d+$/);
    expect(error.issues.every((issue) => issue.message.startsWith('YAML syntax error: '))).toBe(true);
  });

  it('rejects duplicate keys and schedules with both or neither of every/cron', () => {
    const dup = issuesOf(() => parsePoshubConfig('lookups: {}\nlookups: {}\n', 'dup.yaml'));
    expect(dup.issues[0].path).toBe('dup.yaml:2:1');
    const both = issuesOf(() =>
      parsePoshubConfig(
        'connections: { pos: { connector: x } }\nschedules:\n  - { connection: pos, stream: s, every: 1m, cron: "* * * * *" }\n  - { connection: pos, stream: s }\n  - { connection: pos, stream: s, cron: "every minute" }\n',
        'poshub.yaml',
      ),
    );
    expect(both.issues.map((issue) => issue.path)).toEqual([
      'schedules.0',
      'schedules.1',
      'schedules.2.cron',
    ]);
  });
});

describe('loadPoshubConfig', () => {
  const dir = mkdtempSync(join(tmpdir(), 'poshub-config-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the file and names it in errors', () => {
    const file = join(dir, 'poshub.yaml');
    writeFileSync(file, GOOD);
    expect(Object.keys(loadPoshubConfig(file, { env }).connections)).toEqual(['pos', 'erp']);
    writeFileSync(file, 'routes: 3\n');
    expect(() => loadPoshubConfig(file, { env })).toThrow(`invalid configuration in ${file}`);
    expect(() => loadPoshubConfig(join(dir, 'absent.yaml'))).toThrow(/cannot read file/);
  });
});

describe('withoutSource', () => {
  it('drops quoted source text from YAML messages', () => {
    expect(withoutSource('Unexpected flow-seq-end: "sk_live_123"')).toBe('Unexpected flow-seq-end');
    expect(withoutSource('Not a YAML token: sk_live_123')).toBe('Not a YAML token');
    expect(withoutSource('Missing closing "quote\nmore')).toBe('Missing closing "quote');
  });

  it('supports YAML merge keys with anchors kept under top-level x-* keys', () => {
    const text =
      'x-common: &common { connector: fake-pos }\nconnections:\n  a: { <<: *common, rateLimit: { requestsPerSecond: 1, burst: 1 } }\n';
    const config = parsePoshubConfig(text, 'm.yaml', {});
    expect(config.connections.a).toMatchObject({
      connector: 'fake-pos',
      rateLimit: { requestsPerSecond: 1 },
    });
    expect(Object.keys(config)).not.toContain('x-common');
    expect(() => parsePoshubConfig('common: 1\n', 'm.yaml', {})).toThrow(
      '(root): Unrecognized key: "common"',
    );
  });
});
