import type { Kysely, Selectable } from 'kysely';
import { fromDbBool, isoNow, toDbBool } from './dialect';
import type { ConnectionsTable, LedgerSchema } from './schema';
import type { SecretBox } from './secret-box';

/** A configured connection with its decrypted config. Redact secrets before showing it anywhere. */
export interface ConnectionRow {
  id: string;
  connector: string;
  config: unknown;
  paused: boolean;
  /** 'ok' unless something flagged it (e.g. 'auth_failed', 'error'). */
  status: string;
  statusMessage: string | null;
  createdAt: string;
  updatedAt: string;
}

/** Input of {@link ConnectionsRepository.upsert}. */
export interface ConnectionUpsertInput {
  id: string;
  connector: string;
  /** The connector's config, secrets included; stored only sealed with the SecretBox. */
  config: unknown;
}

/** Connections and their encrypted configuration. */
export class ConnectionsRepository {
  constructor(
    private readonly db: Kysely<LedgerSchema>,
    private readonly box: SecretBox,
  ) {}

  /** Creates the connection or replaces its connector and config (pause and status are kept). */
  async upsert(input: ConnectionUpsertInput, now?: Date): Promise<void> {
    const at = isoNow(now);
    const sealed = this.box.seal(JSON.stringify(input.config ?? null));
    await this.db
      .insertInto('connections')
      .values({
        id: input.id,
        connector: input.connector,
        config_ciphertext: sealed,
        status_message: null,
        created_at: at,
        updated_at: at,
      })
      .onConflict((oc) =>
        oc
          .column('id')
          .doUpdateSet({ connector: input.connector, config_ciphertext: sealed, updated_at: at }),
      )
      .execute();
  }

  /** The connection with its decrypted config, or undefined. Throws if the config cannot be opened. */
  async get(id: string): Promise<ConnectionRow | undefined> {
    const row = await this.db.selectFrom('connections').selectAll().where('id', '=', id).executeTakeFirst();
    return row && this.toRow(row);
  }

  /** Every connection (configs decrypted), by id. */
  async list(): Promise<ConnectionRow[]> {
    const rows = await this.db.selectFrom('connections').selectAll().orderBy('id').execute();
    return rows.map((r) => this.toRow(r));
  }

  /** Pauses or resumes a connection; false when it does not exist. */
  async setPaused(id: string, paused: boolean, now?: Date): Promise<boolean> {
    const result = await this.db
      .updateTable('connections')
      .set({ paused: toDbBool(paused), updated_at: isoNow(now) })
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** Sets the health status shown to operators; false when the connection does not exist. */
  async setStatus(id: string, status: string, message?: string | null, now?: Date): Promise<boolean> {
    const result = await this.db
      .updateTable('connections')
      .set({ status, status_message: message ?? null, updated_at: isoNow(now) })
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  private toRow(row: Selectable<ConnectionsTable>): ConnectionRow {
    return {
      id: row.id,
      connector: row.connector,
      config: JSON.parse(this.box.open(row.config_ciphertext)) as unknown,
      paused: fromDbBool(row.paused),
      status: row.status,
      statusMessage: row.status_message,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }
}
