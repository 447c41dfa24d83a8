import { sql, type Kysely, type Selectable } from 'kysely';
import { inTransaction } from './database';
import { containsPattern, countAll, isoNow, toCount } from './dialect';
import { recordId as makeRecordId } from './ids';
import type { RecordRow, RecordUpsertInput, RecordUpsertResult, RecordVersionRow } from './records.types';
import type { LedgerSchema, RecordsTable } from './schema';

// SQLite builds before 3.32 cap a statement at 999 bound variables: 500 ids leave room for the rest.
const EXTERNAL_ID_CHUNK = 500;

/** Records and their version history: the canonical system of record. */
export class RecordsRepository {
  constructor(private readonly db: Kysely<LedgerSchema>) {}

  /**
   * Stores `input` as version 1, or as the next version when its content hash differs from the
   * current one. Race-safe without check-then-insert: the insert is ON CONFLICT DO NOTHING and the
   * version bump is one conditional UPDATE (row-locked on PostgreSQL, BEGIN IMMEDIATE on SQLite), so
   * concurrent writers of one key get consecutive versions and never a constraint error.
   */
  async upsert(input: RecordUpsertInput, now?: Date): Promise<RecordUpsertResult> {
    const id = makeRecordId(input.kind, input.originConnectionId, input.externalId);
    const at = isoNow(now);
    const sourceUpdatedAt = normaliseTimestamp(input.updatedAt, 'updatedAt');
    // Stored in UTC so day ranges compare as text on both dialects.
    const occurredAt = normaliseTimestamp(input.occurredAt, 'occurredAt');
    const sourceVersion = input.sourceVersion ?? null;
    const data = JSON.stringify(input.data ?? null);

    return inTransaction(this.db, async (trx) => {
      const inserted = await trx
        .insertInto('records')
        .values({
          id,
          kind: input.kind,
          origin_connection_id: input.originConnectionId,
          external_id: input.externalId,
          version: 1,
          source_version: sourceVersion,
          source_updated_at: sourceUpdatedAt,
          content_hash: input.contentHash,
          occurred_at: occurredAt,
          customer_external_id: input.customerExternalId ?? null,
          created_at: at,
          updated_at: at,
        })
        // No conflict target: both the pk and the natural key are arbiters, so a race on either one
        // is absorbed here instead of surfacing as a unique violation on PostgreSQL.
        .onConflict((oc) => oc.doNothing())
        .returning('version')
        .executeTakeFirst();

      let version = inserted?.version;
      if (version === undefined) {
        let update = trx
          .updateTable('records')
          .set((eb) => ({
            version: eb('version', '+', 1),
            content_hash: input.contentHash,
            source_version: sourceVersion,
            source_updated_at: sourceUpdatedAt,
            occurred_at: occurredAt,
            customer_external_id: input.customerExternalId ?? null,
            updated_at: at,
          }))
          .where('id', '=', id)
          .where('content_hash', '<>', input.contentHash);
        if (sourceUpdatedAt !== null) {
          update = update.where((eb) =>
            eb.or([eb('source_updated_at', 'is', null), eb('source_updated_at', '<=', sourceUpdatedAt)]),
          );
        }
        version = (await update.returning('version').executeTakeFirst())?.version;
      }

      if (version === undefined) {
        const current = await trx
          .selectFrom('records')
          .select(['version', 'content_hash'])
          .where('id', '=', id)
          .executeTakeFirstOrThrow();
        return {
          recordId: id,
          version: current.version,
          changed: false,
          stale: current.content_hash !== input.contentHash,
        };
      }

      await trx
        .insertInto('record_versions')
        .values({ record_id: id, version, content_hash: input.contentHash, data, created_at: at })
        .execute();
      return { recordId: id, version, changed: true, stale: false };
    });
  }

  /** The record with this id, or undefined. */
  async get(recordId: string): Promise<RecordRow | undefined> {
    const row = await this.db.selectFrom('records').selectAll().where('id', '=', recordId).executeTakeFirst();
    return row && toRecordRow(row);
  }

  /** The record for an entity of `kind` known as `externalId` in its origin connection. */
  async findByExternalId(
    kind: string,
    originConnectionId: string,
    externalId: string,
  ): Promise<RecordRow | undefined> {
    const row = await this.db
      .selectFrom('records')
      .selectAll()
      .where('kind', '=', kind)
      .where('origin_connection_id', '=', originConnectionId)
      .where('external_id', '=', externalId)
      .executeTakeFirst();
    return row && toRecordRow(row);
  }

  /**
   * The current version, with its data, of each record of `kind` from `originConnectionId` known
   * by one of `externalIds`, in no particular order; ids with no record are left out. Read a chunk of
   * ids at a time, so any number may be given.
   */
  async listCurrentByExternalIds(query: {
    kind: string;
    originConnectionId: string;
    externalIds: readonly string[];
  }): Promise<RecordVersionRow[]> {
    const ids = [...new Set(query.externalIds)];
    const out: RecordVersionRow[] = [];
    for (let i = 0; i < ids.length; i += EXTERNAL_ID_CHUNK) {
      const rows = await this.versions()
        .whereRef('v.version', '=', 'r.version')
        .where('r.kind', '=', query.kind)
        .where('r.origin_connection_id', '=', query.originConnectionId)
        .where('r.external_id', 'in', ids.slice(i, i + EXTERNAL_ID_CHUNK))
        .execute();
      out.push(...rows.map(toVersionRow));
    }
    return out;
  }

  /**
   * Rewrites the stored data of every version of a record (GDPR erasure: the person's data leaves
   * the ledger; ids, versions and hashes stay so deliveries and links keep their meaning).
   */
  async rewriteData(recordId: string, rewrite: (data: unknown) => unknown): Promise<number> {
    const rows = await this.db
      .selectFrom('record_versions')
      .select(['version', 'data'])
      .where('record_id', '=', recordId)
      .execute();
    for (const row of rows) {
      await this.db
        .updateTable('record_versions')
        .set({ data: JSON.stringify(rewrite(JSON.parse(row.data) as unknown) ?? null) })
        .where('record_id', '=', recordId)
        .where('version', '=', row.version)
        .execute();
    }
    return rows.length;
  }

  /** The current version of a record with its data, or undefined. */
  async getCurrent(recordId: string): Promise<RecordVersionRow | undefined> {
    const row = await this.versionsQuery(recordId).whereRef('v.version', '=', 'r.version').executeTakeFirst();
    return row && toVersionRow(row);
  }

  /** One version of a record with its data, or undefined. */
  async getVersion(recordId: string, version: number): Promise<RecordVersionRow | undefined> {
    const row = await this.versionsQuery(recordId).where('v.version', '=', version).executeTakeFirst();
    return row && toVersionRow(row);
  }

  /** Every stored version of a record, oldest first. */
  async history(recordId: string): Promise<RecordVersionRow[]> {
    const rows = await this.versionsQuery(recordId).orderBy('v.version', 'asc').execute();
    return rows.map(toVersionRow);
  }

  /**
   * The current version of every record of `kind` from `originConnectionId` that occurred in
   * [from, to), oldest first (daily summaries read a business day with it).
   */
  async listCurrentInRange(query: {
    kind: string;
    originConnectionId: string;
    from: Date;
    to: Date;
  }): Promise<RecordVersionRow[]> {
    const rows = await this.versions()
      .whereRef('v.version', '=', 'r.version')
      .where('r.kind', '=', query.kind)
      .where('r.origin_connection_id', '=', query.originConnectionId)
      .where('r.occurred_at', '>=', query.from.toISOString())
      .where('r.occurred_at', '<', query.to.toISOString())
      .orderBy('r.occurred_at', 'asc')
      .orderBy('r.id', 'asc')
      .execute();
    return rows.map(toVersionRow);
  }

  /**
   * The current version of every record of `kind` from `originConnectionId` stored with this
   * customer id (transactions), oldest stored first.
   */
  async listCurrentForCustomer(query: {
    kind: string;
    originConnectionId: string;
    customerExternalId: string;
  }): Promise<RecordVersionRow[]> {
    const rows = await this.versions()
      .whereRef('v.version', '=', 'r.version')
      .where('r.kind', '=', query.kind)
      .where('r.origin_connection_id', '=', query.originConnectionId)
      .where('r.customer_external_id', '=', query.customerExternalId)
      .orderBy('r.created_at', 'asc')
      .orderBy('r.id', 'asc')
      .execute();
    return rows.map(toVersionRow);
  }

  /**
   * Records by kind, external id (in any origin) and/or an email anywhere in the current version
   * (a customer's `email`, a sale's `customer.email`), newest first. The email is matched as the
   * JSON text `"email":"<value>"`, case-insensitively: canonical data is stored as compact JSON.
   */
  async search(query: {
    kind?: string;
    externalId?: string;
    email?: string;
    limit?: number;
    offset?: number;
  }): Promise<RecordRow[]> {
    let q = this.db
      .selectFrom('records as r')
      .innerJoin('record_versions as v', (join) =>
        join.onRef('v.record_id', '=', 'r.id').onRef('v.version', '=', 'r.version'),
      )
      .selectAll('r');
    if (query.kind) q = q.where('r.kind', '=', query.kind);
    if (query.externalId) q = q.where('r.external_id', '=', query.externalId);
    if (query.email) {
      const pattern = containsPattern(`"email":${JSON.stringify(query.email.trim())}`);
      q = q.where(sql<boolean>`lower(v.data) like ${pattern} escape '\\'`);
    }
    const rows = await q
      .orderBy('r.updated_at', 'desc')
      .orderBy('r.id')
      .limit(query.limit ?? 100)
      .offset(query.offset ?? 0)
      .execute();
    return rows.map(toRecordRow);
  }

  /** Number of records, optionally of one kind. */
  async count(kind?: string): Promise<number> {
    let query = this.db.selectFrom('records').select(countAll().as('n'));
    if (kind !== undefined) query = query.where('kind', '=', kind);
    return toCount((await query.executeTakeFirst())?.n);
  }

  private versionsQuery(recordId: string) {
    return this.versions().where('v.record_id', '=', recordId);
  }

  /** Record versions joined with their record's identity, in the shape toVersionRow reads. */
  private versions() {
    return this.db
      .selectFrom('record_versions as v')
      .innerJoin('records as r', 'r.id', 'v.record_id')
      .select([
        'v.record_id',
        'r.kind',
        'r.origin_connection_id',
        'r.external_id',
        'v.version',
        'v.content_hash',
        'v.data',
        'v.created_at',
      ]);
  }
}

function normaliseTimestamp(value: string | undefined, field: string): string | null {
  if (value === undefined) return null;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new TypeError(`Record ${field} "${value}" is not an ISO date-time`);
  return new Date(ms).toISOString();
}

function toRecordRow(row: Selectable<RecordsTable>): RecordRow {
  return {
    id: row.id,
    kind: row.kind,
    originConnectionId: row.origin_connection_id,
    externalId: row.external_id,
    version: row.version,
    sourceVersion: row.source_version,
    sourceUpdatedAt: row.source_updated_at,
    contentHash: row.content_hash,
    occurredAt: row.occurred_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toVersionRow(row: {
  record_id: string;
  kind: string;
  origin_connection_id: string;
  external_id: string;
  version: number;
  content_hash: string;
  data: string;
  created_at: string;
}): RecordVersionRow {
  return {
    recordId: row.record_id,
    kind: row.kind,
    originConnectionId: row.origin_connection_id,
    externalId: row.external_id,
    version: row.version,
    contentHash: row.content_hash,
    data: JSON.parse(row.data) as unknown,
    createdAt: row.created_at,
  };
}
