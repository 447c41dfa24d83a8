import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import type { LedgerDatabase } from './database';
import { autoIncrementColumn, autoIncrementType, type SqlDialect } from './dialect';

/*
 * Migrations are code (not files found on disk) so they run the same from ts sources, dist/ and a
 * bundled CLI. Never edit a migration that has shipped: append a new one.
 */

// Migrations only touch the schema builder, so they need no table typing.
type AnyDb = Kysely<unknown>;

function initialMigration(dialect: SqlDialect): Migration {
  return {
    async up(db: AnyDb): Promise<void> {
      await db.schema
        .createTable('connections')
        .ifNotExists()
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('connector', 'text', (c) => c.notNull())
        .addColumn('config_ciphertext', 'text', (c) => c.notNull())
        .addColumn('paused', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('status', 'text', (c) => c.notNull().defaultTo('ok'))
        .addColumn('status_message', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('checkpoints')
        .ifNotExists()
        .addColumn('connection_id', 'text', (c) => c.notNull())
        .addColumn('stream', 'text', (c) => c.notNull())
        .addColumn('cursor', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('checkpoints_pk', ['connection_id', 'stream'])
        .execute();

      await db.schema
        .createTable('records')
        .ifNotExists()
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('origin_connection_id', 'text', (c) => c.notNull())
        .addColumn('external_id', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('source_version', 'text')
        .addColumn('source_updated_at', 'text')
        .addColumn('content_hash', 'text', (c) => c.notNull())
        .addColumn('occurred_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('records_origin_key', ['kind', 'origin_connection_id', 'external_id'])
        .execute();

      await db.schema
        .createTable('record_versions')
        .ifNotExists()
        .addColumn('record_id', 'text', (c) => c.notNull().references('records.id').onDelete('cascade'))
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('content_hash', 'text', (c) => c.notNull())
        .addColumn('data', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('record_versions_pk', ['record_id', 'version'])
        .execute();

      await db.schema
        .createTable('links')
        .ifNotExists()
        .addColumn('record_id', 'text', (c) => c.notNull().references('records.id').onDelete('cascade'))
        .addColumn('connection_id', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('external_id', 'text', (c) => c.notNull())
        .addColumn('last_hash', 'text')
        .addColumn('last_synced_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('links_pk', ['record_id', 'connection_id'])
        .addUniqueConstraint('links_external_key', ['connection_id', 'kind', 'external_id'])
        .execute();

      await db.schema
        .createTable('deliveries')
        .ifNotExists()
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('record_id', 'text', (c) => c.notNull().references('records.id').onDelete('cascade'))
        .addColumn('record_version', 'integer', (c) => c.notNull())
        .addColumn('route_id', 'text', (c) => c.notNull())
        .addColumn('destination_connection_id', 'text', (c) => c.notNull())
        .addColumn('entity', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) =>
          c.notNull().check(sql`status in ('pending', 'done', 'dead', 'skipped')`),
        )
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('last_error', 'text')
        .addColumn('error_code', 'text')
        .addColumn('target_id', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('delivered_at', 'text')
        .addColumn('occurred_at', 'text')
        .addUniqueConstraint('deliveries_route_key', ['record_id', 'record_version', 'route_id'])
        .execute();
      await db.schema
        .createIndex('deliveries_status_destination_idx')
        .ifNotExists()
        .on('deliveries')
        .columns(['status', 'destination_connection_id'])
        .execute();
      await db.schema
        .createIndex('deliveries_record_destination_idx')
        .ifNotExists()
        .on('deliveries')
        .columns(['record_id', 'destination_connection_id'])
        .execute();

      await db.schema
        .createTable('quarantine')
        .ifNotExists()
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('connection_id', 'text', (c) => c.notNull())
        .addColumn('stream', 'text', (c) => c.notNull())
        .addColumn('external_id', 'text')
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('payload_hash', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('resolved_at', 'text')
        .addUniqueConstraint('quarantine_payload_key', ['connection_id', 'stream', 'payload_hash'])
        .execute();

      await db.schema
        .createTable('webhook_events')
        .ifNotExists()
        .addColumn('connection_id', 'text', (c) => c.notNull())
        .addColumn('event_id', 'text', (c) => c.notNull())
        .addColumn('received_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('webhook_events_pk', ['connection_id', 'event_id'])
        .execute();

      await db.schema
        .createTable('audit_log')
        .ifNotExists()
        .addColumn('id', autoIncrementType(dialect), (c) => autoIncrementColumn(dialect, c))
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('target', 'text', (c) => c.notNull())
        .addColumn('details', 'text')
        .execute();
    },
  };
}

/**
 * Daily-summary posting: one row per (route, location, business day) with its open/closed state, and
 * which version of which sale each summary counted.
 */
const summariesMigration: Migration = {
  async up(db: AnyDb): Promise<void> {
    await db.schema
      .createTable('summary_days')
      .ifNotExists()
      .addColumn('route_id', 'text', (c) => c.notNull())
      .addColumn('location_id', 'text', (c) => c.notNull())
      .addColumn('business_day', 'text', (c) => c.notNull())
      .addColumn('closes_at', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull().defaultTo('open'))
      .addColumn('dirty', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('adjustments', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('closed_at', 'text')
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('summary_days_pk', ['route_id', 'location_id', 'business_day'])
      .execute();
    await db.schema
      .createIndex('summary_days_status_idx')
      .ifNotExists()
      .on('summary_days')
      .columns(['status', 'closes_at'])
      .execute();
    await db.schema
      .createTable('summary_members')
      .ifNotExists()
      .addColumn('route_id', 'text', (c) => c.notNull())
      .addColumn('member_record_id', 'text', (c) => c.notNull())
      .addColumn('member_version', 'integer', (c) => c.notNull())
      .addColumn('summary_external_id', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('summary_members_pk', ['route_id', 'member_record_id'])
      .execute();
    await db.schema
      .createIndex('records_occurred_idx')
      .ifNotExists()
      .on('records')
      .columns(['kind', 'origin_connection_id', 'occurred_at'])
      .execute();
  },
  async down(db: AnyDb): Promise<void> {
    await db.schema.dropTable('summary_members').ifExists().execute();
    await db.schema.dropTable('summary_days').ifExists().execute();
    await db.schema.dropIndex('records_occurred_idx').ifExists().execute();
  },
};

/**
 * Which POS customer a transaction belongs to, indexed, so a customer's buying behaviour is
 * recomputed from their transactions without scanning the ledger.
 */
const customerIndexMigration: Migration = {
  async up(db: AnyDb): Promise<void> {
    await db.schema.alterTable('records').addColumn('customer_external_id', 'text').execute();
    await db.schema
      .createIndex('records_customer_idx')
      .ifNotExists()
      .on('records')
      .columns(['kind', 'origin_connection_id', 'customer_external_id'])
      .execute();
  },
  async down(db: AnyDb): Promise<void> {
    await db.schema.dropIndex('records_customer_idx').ifExists().execute();
    await db.schema.alterTable('records').dropColumn('customer_external_id').execute();
  },
};

/** Identity resolution: golden customers, their member records, match keys and the review list. */
const identityMigration: Migration = {
  async up(db: AnyDb): Promise<void> {
    await db.schema
      .createTable('identity_members')
      .ifNotExists()
      .addColumn('record_id', 'text', (c) => c.primaryKey())
      .addColumn('golden_id', 'text', (c) => c.notNull())
      .addColumn('connection_id', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('identity_members_golden_idx')
      .ifNotExists()
      .on('identity_members')
      .columns(['golden_id', 'connection_id'])
      .execute();
    await db.schema
      .createTable('identity_keys')
      .ifNotExists()
      .addColumn('match_key', 'text', (c) => c.notNull())
      .addColumn('golden_id', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('identity_keys_pk', ['match_key', 'golden_id'])
      .execute();
    await db.schema
      .createIndex('identity_keys_golden_idx')
      .ifNotExists()
      .on('identity_keys')
      .column('golden_id')
      .execute();
    await db.schema
      .createTable('identity_goldens')
      .ifNotExists()
      .addColumn('golden_id', 'text', (c) => c.primaryKey())
      .addColumn('stamps', 'text', (c) => c.notNull())
      .addColumn('merged_into', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('identity_reviews')
      .ifNotExists()
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('record_id', 'text', (c) => c.notNull())
      .addColumn('connection_id', 'text', (c) => c.notNull())
      .addColumn('candidates', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('resolution', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('resolved_at', 'text')
      .execute();
    await db.schema
      .createIndex('identity_reviews_status_idx')
      .ifNotExists()
      .on('identity_reviews')
      .columns(['status', 'created_at'])
      .execute();
  },
  async down(db: AnyDb): Promise<void> {
    for (const table of ['identity_reviews', 'identity_goldens', 'identity_keys', 'identity_members']) {
      await db.schema.dropTable(table).ifExists().execute();
    }
  },
};

/**
 * Operator overrides of a delivery's mapped payload (edit and retry): JSON `{ "<dotted path>": value }`
 * applied to the mapping's output before the write, kept on the row as a record of what was sent.
 */
const deliveryOverridesMigration: Migration = {
  async up(db: AnyDb): Promise<void> {
    await db.schema.alterTable('deliveries').addColumn('overrides', 'text').execute();
  },
  async down(db: AnyDb): Promise<void> {
    await db.schema.alterTable('deliveries').dropColumn('overrides').execute();
  },
};

/** All migrations in order, keyed by their permanent name. */
export function ledgerMigrations(dialect: SqlDialect): Record<string, Migration> {
  return {
    '0001_initial': initialMigration(dialect),
    '0002_summaries': summariesMigration,
    '0003_customer_index': customerIndexMigration,
    '0004_identity': identityMigration,
    '0005_delivery_overrides': deliveryOverridesMigration,
  };
}

class InMemoryMigrationProvider implements MigrationProvider {
  constructor(private readonly migrations: Record<string, Migration>) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    return this.migrations;
  }
}

/**
 * Applies every pending migration and returns the names applied (empty when already up to date).
 * Safe to run concurrently from several processes: Kysely takes a migration lock (an advisory lock
 * on PostgreSQL; on SQLite the migration transaction starts with BEGIN IMMEDIATE).
 */
export async function migrateToLatest(database: LedgerDatabase): Promise<string[]> {
  // Kysely looks for its bookkeeping tables in any schema unless told which one, so with one
  // schema per tenant/test it would find another schema's table; pin it to the current schema.
  const migrationTableSchema =
    database.dialect === 'postgres'
      ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(database.db)).rows[0]
          ?.schema
      : undefined;
  const migrator = new Migrator({
    db: database.db,
    provider: new InMemoryMigrationProvider(ledgerMigrations(database.dialect)),
    ...(migrationTableSchema ? { migrationTableSchema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    const cause = error instanceof Error ? error : new Error(String(error));
    throw new Error(`Ledger migration ${failed ?? ''} failed: ${cause.message}`.replace('  ', ' '), {
      cause,
    });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
