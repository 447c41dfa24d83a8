import { sql, type ColumnDefinitionBuilder, type RawBuilder } from 'kysely';

/*
 * Every difference between SQLite and PostgreSQL that the ledger cares about lives here, so the
 * repositories and migrations stay dialect-agnostic.
 */

/** The SQL engines the ledger runs on. */
export type SqlDialect = 'sqlite' | 'postgres';

/** Column type of an auto-incrementing integer primary key. */
export function autoIncrementType(dialect: SqlDialect): 'integer' | 'serial' {
  // SQLite's INTEGER PRIMARY KEY is the rowid alias; PostgreSQL needs serial for the sequence.
  return dialect === 'sqlite' ? 'integer' : 'serial';
}

/** Applies the auto-increment modifiers to a primary-key column builder. */
export function autoIncrementColumn(
  dialect: SqlDialect,
  col: ColumnDefinitionBuilder,
): ColumnDefinitionBuilder {
  const pk = col.primaryKey();
  // AUTOINCREMENT stops SQLite from reusing ids of deleted rows, which matters for an audit log.
  return dialect === 'sqlite' ? pk.autoIncrement() : pk;
}

/** Stores a boolean as 0/1 (see schema.ts: both dialects use an integer column). */
export function toDbBool(value: boolean): number {
  return value ? 1 : 0;
}

/** Reads a 0/1 integer column (PostgreSQL may hand back a boolean if the column ever changes type). */
export function fromDbBool(value: number | boolean): boolean {
  return value === true || value === 1;
}

/** `count(*)` is a bigint on PostgreSQL, which pg returns as a string; SQLite returns a number. */
export function toCount(value: string | number | bigint | null | undefined): number {
  if (value === null || value === undefined) return 0;
  return Number(value);
}

/** A `count(*)` expression typed loosely enough for both drivers. */
export function countAll(): RawBuilder<string | number> {
  return sql<string | number>`count(*)`;
}

/**
 * A LIKE pattern matching `needle` anywhere, case-insensitively when compared against
 * `lower(column)`. `%`, `_` and `\` in the needle are escaped (use with `ESCAPE '\'`).
 */
export function containsPattern(needle: string): string {
  return `%${needle.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** True when `err` is a unique/primary-key violation from either driver. */
export function isUniqueViolation(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const code = (err as { code?: unknown }).code;
  // pg: SQLSTATE 23505; better-sqlite3: extended result codes.
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** Current time (or the given one) as the ISO text stored in timestamp columns. */
export function isoNow(now?: Date): string {
  return (now ?? new Date()).toISOString();
}
