import { DatabaseUrlSchema } from '../config';
import type { CliIo } from './cli-io';

export interface MigrateDeps {
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * `poshub migrate`: applies pending ledger migrations to DATABASE_URL and prints their names. Only
 * DATABASE_URL is read, so a database can be prepared before the rest of the environment exists.
 */
export async function migrateCommand(_args: object, io: CliIo, deps: MigrateDeps = {}): Promise<number> {
  const raw = (deps.env ?? process.env).DATABASE_URL;
  const url = DatabaseUrlSchema.safeParse(raw?.trim() ? raw : undefined);
  if (!url.success) {
    io.err(`DATABASE_URL: ${url.error.issues.map((issue) => issue.message).join('; ')}`);
    return 1;
  }
  // Loaded lazily: the database drivers are only needed by this command and `start`.
  const { openDatabase, migrateToLatest } = await import('../ledger');
  let database: Awaited<ReturnType<typeof openDatabase>> | undefined;
  try {
    database = await openDatabase(url.data);
    const applied = await migrateToLatest(database);
    for (const name of applied) io.out(`applied ${name}`);
    io.out(applied.length === 0 ? 'database is up to date' : `${applied.length} migration(s) applied`);
    return 0;
  } catch (err) {
    io.err(`migration failed: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  } finally {
    await database?.close();
  }
}
