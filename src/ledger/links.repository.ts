import type { Kysely, Selectable } from 'kysely';
import { isoNow, isUniqueViolation } from './dialect';
import type { LedgerSchema, LinksTable } from './schema';

/** Binding of a ledger record to its id in one connection (the OCA-style "binding" row). */
export interface LinkRow {
  recordId: string;
  connectionId: string;
  kind: string;
  externalId: string;
  /** Content hash of the record version last written to (or read from) that connection. */
  lastHash: string | null;
  lastSyncedAt: string;
}

/** Input of {@link LinksRepository.upsert}. */
export interface LinkUpsertInput {
  recordId: string;
  connectionId: string;
  kind: string;
  externalId: string;
  lastHash: string | null;
}

/**
 * Thrown when a write would bind a second record to an external id that another record already
 * owns on that connection (unique (connection_id, kind, external_id)).
 */
export class LinkConflictError extends Error {
  override readonly name = 'LinkConflictError';
  readonly code = 'LINK_CONFLICT';

  constructor(
    readonly connectionId: string,
    readonly kind: string,
    readonly externalId: string,
    options?: { cause?: unknown },
  ) {
    super(`${kind} ${externalId} on connection ${connectionId} is already linked to another record`, options);
  }
}

/** Which record is which object in each connected system. */
export class LinksRepository {
  constructor(private readonly db: Kysely<LedgerSchema>) {}

  /** The link of a record on one connection, or undefined. */
  async get(recordId: string, connectionId: string): Promise<LinkRow | undefined> {
    const row = await this.db
      .selectFrom('links')
      .selectAll()
      .where('record_id', '=', recordId)
      .where('connection_id', '=', connectionId)
      .executeTakeFirst();
    return row && toLinkRow(row);
  }

  /**
   * Creates or updates the link of a record on a connection (external id, hash, sync time).
   * Throws {@link LinkConflictError} when another record already holds that external id.
   */
  async upsert(input: LinkUpsertInput, now?: Date): Promise<void> {
    const at = isoNow(now);
    try {
      await this.db
        .insertInto('links')
        .values({
          record_id: input.recordId,
          connection_id: input.connectionId,
          kind: input.kind,
          external_id: input.externalId,
          last_hash: input.lastHash,
          last_synced_at: at,
        })
        .onConflict((oc) =>
          oc.columns(['record_id', 'connection_id']).doUpdateSet({
            kind: input.kind,
            external_id: input.externalId,
            last_hash: input.lastHash,
            last_synced_at: at,
          }),
        )
        .execute();
    } catch (err) {
      if (isUniqueViolation(err)) {
        throw new LinkConflictError(input.connectionId, input.kind, input.externalId, { cause: err });
      }
      throw err;
    }
  }

  /** The link that binds `externalId` of `kind` on a connection, or undefined. */
  async findByExternalId(
    connectionId: string,
    kind: string,
    externalId: string,
  ): Promise<LinkRow | undefined> {
    const row = await this.db
      .selectFrom('links')
      .selectAll()
      .where('connection_id', '=', connectionId)
      .where('kind', '=', kind)
      .where('external_id', '=', externalId)
      .executeTakeFirst();
    return row && toLinkRow(row);
  }

  /** Removes the link of a record on a connection (the record no longer stands for that object). */
  async remove(recordId: string, connectionId: string): Promise<void> {
    await this.db
      .deleteFrom('links')
      .where('record_id', '=', recordId)
      .where('connection_id', '=', connectionId)
      .execute();
  }

  /** Every link of a record, by connection id. */
  async listForRecord(recordId: string): Promise<LinkRow[]> {
    const rows = await this.db
      .selectFrom('links')
      .selectAll()
      .where('record_id', '=', recordId)
      .orderBy('connection_id')
      .execute();
    return rows.map(toLinkRow);
  }
}

function toLinkRow(row: Selectable<LinksTable>): LinkRow {
  return {
    recordId: row.record_id,
    connectionId: row.connection_id,
    kind: row.kind,
    externalId: row.external_id,
    lastHash: row.last_hash,
    lastSyncedAt: row.last_synced_at,
  };
}
