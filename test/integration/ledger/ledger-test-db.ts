import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { Ledger, SecretBox, type SqlDialect } from '../../../src/ledger';

/** Both engines every ledger suite runs on. */
export const DIALECTS: SqlDialect[] = ['sqlite', 'postgres'];

export const PG_URL = process.env.POSHUB_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A fixed test key (64 hex chars = 32 bytes). */
export const TEST_KEY = 'a1'.repeat(32);

/** A migrated, isolated ledger: a temp SQLite file or a fresh PostgreSQL schema. */
export interface TestLedger {
  ledger: Ledger;
  /** URL (+ schema) to open a second handle on the same database. */
  url: string;
  schema?: string;
  /** Opens another, independent handle (own pool / file handle) on the same database. */
  openAnother(): Promise<Ledger>;
  /** Closes every handle and deletes the file / drops the schema. */
  destroy(): Promise<void>;
}

export async function createTestLedger(
  dialect: SqlDialect,
  box = SecretBox.fromKey(TEST_KEY),
): Promise<TestLedger> {
  const handles: Ledger[] = [];
  const open = async (url: string, schema?: string): Promise<Ledger> => {
    const ledger = await Ledger.open(url, box, { schema });
    handles.push(ledger);
    return ledger;
  };
  const closeAll = async () => {
    for (const h of handles.splice(0)) await h.close();
  };

  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'poshub-ledger-'));
    const url = `sqlite:${join(dir, 'nested', 'ledger.db')}`;
    return {
      ledger: await open(url),
      url,
      openAnother: () => open(url),
      destroy: async () => {
        await closeAll();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }

  const schema = `ledger_${randomBytes(6).toString('hex')}`;
  return {
    ledger: await open(PG_URL, schema),
    url: PG_URL,
    schema,
    openAnother: () => open(PG_URL, schema),
    destroy: async () => {
      await closeAll();
      await dropSchema(schema);
    },
  };
}

export async function dropSchema(schema: string): Promise<void> {
  const client = new Client({ connectionString: PG_URL });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

let counter = 0;
/** A unique id for this test run, so tests sharing a database never collide. */
export function uid(prefix = 'x'): string {
  counter += 1;
  return `${prefix}-${counter}-${randomBytes(3).toString('hex')}`;
}
