import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import {
  CompiledQuery,
  Kysely,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type Driver,
  type SqliteDialectConfig,
} from 'kysely';
import { Pool } from 'pg';
import type { SqlDialect } from './dialect';
import { SchemaScopedPostgresDialect } from './postgres-introspector';
import type { LedgerSchema } from './schema';

export type { SqlDialect } from './dialect';

/** An open ledger database: the Kysely handle, which engine it is, and how to release it. */
export interface LedgerDatabase {
  readonly db: Kysely<LedgerSchema>;
  readonly dialect: SqlDialect;
  /** Closes the pool / file handle. The handle is unusable afterwards. */
  close(): Promise<void>;
}

/** Options for {@link openDatabase}. */
export interface OpenDatabaseOptions {
  /** PostgreSQL only: schema to create (if missing) and put first on every connection's search_path. */
  schema?: string;
}

const PG_POOL_SIZE = 10;
const SQLITE_BUSY_TIMEOUT_MS = 10_000;
const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/**
 * Opens the ledger database named by `url`.
 *
 * - `postgres://…` / `postgresql://…`: a pg Pool (max 10). `options.schema` or `?schema=` in the URL
 *   selects a schema, created when missing and set as search_path on every pooled connection.
 * - anything else is an SQLite file: `sqlite:./data/x.db`, `file:…`, a plain path or `:memory:`.
 *   The parent folder is created; WAL, synchronous=NORMAL, busy_timeout=10s and foreign keys are on,
 *   so several processes can share one file (writers wait for each other instead of failing).
 */
export async function openDatabase(url: string, options: OpenDatabaseOptions = {}): Promise<LedgerDatabase> {
  if (/^postgres(ql)?:\/\//i.test(url)) return openPostgres(url, options.schema);
  return openSqlite(sqlitePath(url));
}

/**
 * Runs `fn` inside a transaction on `db`, or directly on it when `db` already is a transaction, so
 * repository methods compose into a caller's transaction.
 */
export function inTransaction<T>(
  db: Kysely<LedgerSchema>,
  fn: (trx: Kysely<LedgerSchema>) => Promise<T>,
): Promise<T> {
  return db.isTransaction ? fn(db) : db.transaction().execute(fn);
}

function sqlitePath(url: string): string {
  const path = url.replace(/^sqlite:(\/\/)?/i, '').replace(/^file:(\/\/)?/i, '');
  const withoutQuery = path === ':memory:' ? path : path.split('?')[0];
  if (!withoutQuery) throw new Error(`Ledger database URL "${url}" names no SQLite file`);
  return withoutQuery;
}

async function openSqlite(path: string): Promise<LedgerDatabase> {
  if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  const handle = new BetterSqlite3(path, { timeout: SQLITE_BUSY_TIMEOUT_MS });
  // busy_timeout first: switching to WAL itself needs a lock another process may hold.
  handle.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
  handle.pragma('journal_mode = WAL');
  handle.pragma('synchronous = NORMAL');
  handle.pragma('foreign_keys = ON');
  const db = new Kysely<LedgerSchema>({
    dialect: new ImmediateSqliteDialect({ database: withStatementCache(handle) }),
  });
  return { db, dialect: 'sqlite', close: () => db.destroy() };
}

/** How many distinct prepared statements one SQLite handle keeps. The ledger issues a few dozen. */
const STATEMENT_CACHE_SIZE = 256;

/**
 * Kysely prepares every query anew; preparing costs about as much as running a small query here.
 * The ledger only runs statements to completion (never streams them), so one prepared statement per
 * SQL text can be reused safely.
 */
function withStatementCache(handle: BetterSqlite3.Database): SqliteDialectConfig['database'] {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => handle.close(),
    prepare: (sql: string) => {
      let statement = cache.get(sql);
      if (!statement) {
        statement = handle.prepare(sql);
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
        cache.set(sql, statement);
      }
      return statement;
    },
  };
}

async function openPostgres(url: string, explicitSchema: string | undefined): Promise<LedgerDatabase> {
  const parsed = new URL(url);
  const schema = explicitSchema ?? parsed.searchParams.get('schema') ?? undefined;
  parsed.searchParams.delete('schema');
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw new Error(`Invalid PostgreSQL schema name "${schema}" (letters, digits and _ only)`);
  }
  const connectionString = parsed.toString();
  if (schema) await createSchema(connectionString, schema);
  const pool = new Pool({
    connectionString,
    max: PG_POOL_SIZE,
    // A startup parameter applies to every pooled connection before its first query.
    ...(schema ? { options: `-c search_path="${schema}"` } : {}),
  });
  // An idle client dropped by the server (restart, failover) is emitted as 'error' on the pool;
  // unhandled it would crash the process. The pool discards that client and the next query
  // reports any lasting outage to its caller.
  pool.on('error', () => undefined);
  const db = new Kysely<LedgerSchema>({ dialect: new SchemaScopedPostgresDialect({ pool }) });
  return { db, dialect: 'postgres', close: () => db.destroy() };
}

async function createSchema(connectionString: string, schema: string): Promise<void> {
  const pool = new Pool({ connectionString, max: 1 });
  try {
    await pool.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  } catch (err) {
    // Two processes creating the same schema at once can still collide on the catalog's unique index.
    const code = (err as { code?: unknown }).code;
    if (code !== '23505' && code !== '42P06') throw err;
  } finally {
    await pool.end();
  }
}

/**
 * SQLite dialect whose transactions start with BEGIN IMMEDIATE. A deferred BEGIN takes the write
 * lock only at the first write; if another process committed in between, SQLite fails at once with
 * SQLITE_BUSY instead of waiting. Taking the lock up front lets busy_timeout do its job.
 */
class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly sqliteConfig: SqliteDialectConfig) {
    super(sqliteConfig);
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.sqliteConfig);
  }
}

class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}
