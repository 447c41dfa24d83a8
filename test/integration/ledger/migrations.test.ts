import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { migrateToLatest, openDatabase, type LedgerDatabase } from '../../../src/ledger';
import { DIALECTS, PG_URL, dropSchema } from './ledger-test-db';

/** Every migration, in order: a new one must be added here on purpose. */
const MIGRATIONS = [
  '0001_initial',
  '0002_summaries',
  '0003_customer_index',
  '0004_identity',
  '0005_delivery_overrides',
];

const TABLES = [
  'audit_log',
  'checkpoints',
  'connections',
  'deliveries',
  'identity_goldens',
  'identity_keys',
  'identity_members',
  'identity_reviews',
  'links',
  'quarantine',
  'record_versions',
  'records',
  'summary_days',
  'summary_members',
  'webhook_events',
];

async function tableNames(database: LedgerDatabase): Promise<string[]> {
  const tables = await database.db.introspection.getTables();
  if (database.dialect === 'sqlite') return tables.map((t) => t.name).sort();
  // Introspection lists every schema's tables; keep this connection's own.
  const current = await sql<{ schema: string }>`select current_schema() as schema`.execute(database.db);
  return tables
    .filter((t) => t.schema === current.rows[0]?.schema)
    .map((t) => t.name)
    .sort();
}

describe.each(DIALECTS)('ledger migrations on %s', (dialect) => {
  let database: LedgerDatabase;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    if (dialect === 'sqlite') {
      const dir = mkdtempSync(join(tmpdir(), 'poshub-migrate-'));
      // A parent folder that does not exist yet: openDatabase must create it.
      const file = join(dir, 'a', 'b', 'ledger.db');
      database = await openDatabase(`sqlite:${file}`);
      expect(existsSync(file)).toBe(true);
      cleanup = async () => rmSync(dir, { recursive: true, force: true });
    } else {
      const schema = `ledger_${randomBytes(6).toString('hex')}`;
      // Schema given in the URL this time (the other suites use the option).
      database = await openDatabase(`${PG_URL}?schema=${schema}`);
      cleanup = () => dropSchema(schema);
    }
  });

  afterAll(async () => {
    await database.close();
    await cleanup();
  });

  it('creates every table once and is a no-op the second time', async () => {
    expect(await migrateToLatest(database)).toEqual(MIGRATIONS);
    expect(await migrateToLatest(database)).toEqual([]);
    expect(await tableNames(database)).toEqual(TABLES);
  });

  it('uses the configured dialect settings', async () => {
    expect(database.dialect).toBe(dialect);
    if (dialect === 'sqlite') {
      const mode = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(database.db);
      expect(mode.rows[0]?.journal_mode).toBe('wal');
      const fk = await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(database.db);
      expect(fk.rows[0]?.foreign_keys).toBe(1);
      const busy = await sql<{ timeout: number }>`pragma busy_timeout`.execute(database.db);
      expect(busy.rows[0]?.timeout).toBe(10000);
    } else {
      const current = await sql<{ schema: string }>`select current_schema() as schema`.execute(database.db);
      expect(current.rows[0]?.schema).toMatch(/^ledger_[0-9a-f]{12}$/);
    }
  });
});

describe('openDatabase URL forms', () => {
  it('accepts file: URLs, plain paths and :memory:', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'poshub-url-'));
    try {
      for (const url of [`file:${join(dir, 'f.db')}`, join(dir, 'plain', 'p.db'), ':memory:']) {
        const database = await openDatabase(url);
        expect(database.dialect).toBe('sqlite');
        expect(await migrateToLatest(database)).toEqual(MIGRATIONS);
        await database.close();
      }
      expect(existsSync(join(dir, 'f.db'))).toBe(true);
      expect(existsSync(join(dir, 'plain', 'p.db'))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects a schema name that is not a plain identifier', async () => {
    await expect(openDatabase(PG_URL, { schema: 'x"; drop table y; --' })).rejects.toThrow(
      /Invalid PostgreSQL schema/,
    );
  });

  it('keeps two schemas apart: migrating one does not count as migrating the other', async () => {
    const a = `ledger_${randomBytes(6).toString('hex')}`;
    const b = `ledger_${randomBytes(6).toString('hex')}`;
    const dbA = await openDatabase(PG_URL, { schema: a });
    const dbB = await openDatabase(PG_URL, { schema: b });
    try {
      expect(await migrateToLatest(dbA)).toEqual(MIGRATIONS);
      expect(await migrateToLatest(dbB)).toEqual(MIGRATIONS);
      expect(await tableNames(dbB)).toEqual(TABLES);
    } finally {
      await dbA.close();
      await dbB.close();
      await dropSchema(a);
      await dropSchema(b);
    }
  });
});
