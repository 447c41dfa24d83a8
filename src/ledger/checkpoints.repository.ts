import type { Kysely } from 'kysely';
import { isoNow } from './dialect';
import type { LedgerSchema } from './schema';

/** Where a stream of a connection stopped reading. */
export interface CheckpointRow {
  connectionId: string;
  stream: string;
  cursor: string | null;
  updatedAt: string;
}

/** Read cursors per (connection, stream), so pulls resume where they stopped. */
export class CheckpointsRepository {
  constructor(private readonly db: Kysely<LedgerSchema>) {}

  /** The saved cursor, or null when the stream has never been read (or was reset). */
  async get(connectionId: string, stream: string): Promise<string | null> {
    const row = await this.db
      .selectFrom('checkpoints')
      .select('cursor')
      .where('connection_id', '=', connectionId)
      .where('stream', '=', stream)
      .executeTakeFirst();
    return row?.cursor ?? null;
  }

  /** Saves the cursor (insert or overwrite). */
  async set(connectionId: string, stream: string, cursor: string | null, now?: Date): Promise<void> {
    const at = isoNow(now);
    await this.db
      .insertInto('checkpoints')
      .values({ connection_id: connectionId, stream, cursor, updated_at: at })
      .onConflict((oc) => oc.columns(['connection_id', 'stream']).doUpdateSet({ cursor, updated_at: at }))
      .execute();
  }

  /**
   * Notes that a read of the stream just finished without error, keeping the cursor (a stream never
   * read gets a row with no cursor, which reads from the start like no row). `updatedAt` is what the
   * console and `poshub_last_sync_timestamp_seconds` show as the last successful sync.
   */
  async touch(connectionId: string, stream: string, now?: Date): Promise<void> {
    const at = isoNow(now);
    await this.db
      .insertInto('checkpoints')
      .values({ connection_id: connectionId, stream, cursor: null, updated_at: at })
      .onConflict((oc) => oc.columns(['connection_id', 'stream']).doUpdateSet({ updated_at: at }))
      .execute();
  }

  /** Forgets the cursor, so the next pull reads the stream from the start. True if one existed. */
  async reset(connectionId: string, stream: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('checkpoints')
      .where('connection_id', '=', connectionId)
      .where('stream', '=', stream)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /** Every checkpoint, by connection and stream. */
  async list(): Promise<CheckpointRow[]> {
    const rows = await this.db
      .selectFrom('checkpoints')
      .selectAll()
      .orderBy('connection_id')
      .orderBy('stream')
      .execute();
    return rows.map((r) => ({
      connectionId: r.connection_id,
      stream: r.stream,
      cursor: r.cursor,
      updatedAt: r.updated_at,
    }));
  }
}
