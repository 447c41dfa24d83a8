import { randomBytes } from 'node:crypto';
import { Ledger, SecretBox, type SqlDialect } from '../../../src/ledger';
import { createTestDatabase } from '../../support/test-env';

export { dropSchema, PG_URL } from '../../support/test-env';

/** Both engines every ledger suite runs on. */
export const DIALECTS: SqlDialect[] = ['sqlite', 'postgres'];

/** A fixed test key (64 hex chars = 32 bytes). */
export const TEST_KEY = 'a1'.repeat(32);

/** A migrated, isolated ledger: a temp SQLite file or a fresh PostgreSQL schema. */
export interface TestLedger {
  ledger: Ledger;
  /** URL (with `?schema=` on PostgreSQL) to open a second handle on the same database. */
  url: string;
  /** Opens another, independent handle (own pool / file handle) on the same database. */
  openAnother(): Promise<Ledger>;
  /** Closes every handle and deletes the file / drops the schema. */
  destroy(): Promise<void>;
}

export async function createTestLedger(
  dialect: SqlDialect,
  box = SecretBox.fromKey(TEST_KEY),
): Promise<TestLedger> {
  const database = await createTestDatabase(dialect);
  const handles: Ledger[] = [];
  const open = async (): Promise<Ledger> => {
    const ledger = await Ledger.open(database.url, box);
    handles.push(ledger);
    return ledger;
  };
  return {
    ledger: await open(),
    url: database.url,
    openAnother: open,
    destroy: async () => {
      for (const h of handles.splice(0)) await h.close();
      await database.drop();
    },
  };
}

let counter = 0;
/** A unique id for this test run, so tests sharing a database never collide. */
export function uid(prefix = 'x'): string {
  counter += 1;
  return `${prefix}-${counter}-${randomBytes(3).toString('hex')}`;
}
