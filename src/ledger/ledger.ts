import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { ActivityRepository } from './activity.repository';
import { AuditRepository } from './audit.repository';
import { CheckpointsRepository } from './checkpoints.repository';
import { ConnectionsRepository } from './connections.repository';
import { openDatabase, type LedgerDatabase, type OpenDatabaseOptions } from './database';
import { DeliveriesRepository } from './deliveries.repository';
import { IdentityRepository } from './identity.repository';
import type { SqlDialect } from './dialect';
import { LinksRepository } from './links.repository';
import { migrateToLatest } from './migrations';
import { QuarantineRepository } from './quarantine.repository';
import { RecordsRepository } from './records.repository';
import type { LedgerSchema } from './schema';
import type { SecretBox } from './secret-box';
import { StockRepository } from './stock.repository';
import { SummariesRepository } from './summaries.repository';
import { WebhookEventsRepository } from './webhook-events.repository';

/**
 * poshub's system of record: every repository over one database. Services receive a Ledger (never
 * the Kysely handle) and group writes with {@link Ledger.transaction}.
 */
export class Ledger {
  readonly records: RecordsRepository;
  readonly deliveries: DeliveriesRepository;
  readonly links: LinksRepository;
  readonly checkpoints: CheckpointsRepository;
  readonly quarantine: QuarantineRepository;
  readonly connections: ConnectionsRepository;
  readonly webhookEvents: WebhookEventsRepository;
  readonly audit: AuditRepository;
  readonly summaries: SummariesRepository;
  readonly stock: StockRepository;
  readonly identity: IdentityRepository;
  /** Aggregates for the console and metrics (read-only). */
  readonly activity: ActivityRepository;
  readonly dialect: SqlDialect;

  private readonly executor: Kysely<LedgerSchema>;

  constructor(
    private readonly database: LedgerDatabase,
    private readonly secretBox: SecretBox,
  ) {
    this.executor = database.db;
    this.dialect = database.dialect;
    this.records = new RecordsRepository(this.executor);
    this.deliveries = new DeliveriesRepository(this.executor);
    this.links = new LinksRepository(this.executor);
    this.checkpoints = new CheckpointsRepository(this.executor);
    this.quarantine = new QuarantineRepository(this.executor);
    this.connections = new ConnectionsRepository(this.executor, secretBox);
    this.webhookEvents = new WebhookEventsRepository(this.executor);
    this.audit = new AuditRepository(this.executor);
    this.summaries = new SummariesRepository(this.executor);
    this.stock = new StockRepository(this.executor);
    this.identity = new IdentityRepository(this.executor);
    this.activity = new ActivityRepository(this.executor);
  }

  /**
   * Opens the database at `url`, applies pending migrations unless `migrate: false`, and returns
   * the ledger over it.
   */
  static async open(
    url: string,
    secretBox: SecretBox,
    options: OpenDatabaseOptions & { migrate?: boolean } = {},
  ): Promise<Ledger> {
    const database = await openDatabase(url, { schema: options.schema });
    try {
      if (options.migrate !== false) await migrateToLatest(database);
    } catch (err) {
      await database.close();
      throw err;
    }
    return new Ledger(database, secretBox);
  }

  /** True for the Ledger handed to a {@link transaction} callback. */
  get inTransaction(): boolean {
    return this.executor.isTransaction;
  }

  /**
   * Runs `fn` in one database transaction: everything written through `tx` commits together, or
   * nothing does if `fn` throws. Calling `transaction` on `tx` reuses the same transaction.
   * On SQLite the transaction holds the write lock (BEGIN IMMEDIATE): keep it short, no network I/O.
   */
  async transaction<T>(fn: (tx: Ledger) => Promise<T>): Promise<T> {
    if (this.executor.isTransaction) return fn(this);
    return this.executor.transaction().execute((trx) => {
      const scoped: LedgerDatabase = { db: trx, dialect: this.dialect, close: () => this.close() };
      return fn(new Ledger(scoped, this.secretBox));
    });
  }

  /**
   * Serialises, until this transaction ends, every transaction that locks the same key: for
   * read-compute-write of derived records (a customer's buying behaviour) that two concurrent
   * transactions must not each compute from a partial view. PostgreSQL: a transaction-scoped
   * advisory lock; SQLite: nothing to do, a write transaction (BEGIN IMMEDIATE) already excludes
   * every other writer. Call only inside {@link transaction}; lock several keys in sorted order.
   */
  async lockKey(key: string): Promise<void> {
    if (!this.executor.isTransaction) throw new Error('lockKey needs a transaction');
    if (this.dialect !== 'postgres') return;
    // Hashed here: keys may hold any character (PostgreSQL text refuses NUL), and 64 bits from SHA-256
    // make two different keys sharing a lock vanishingly rare (and harmless: they would only wait).
    const id = createHash('sha256').update(key).digest().readBigInt64BE(0);
    await sql`select pg_advisory_xact_lock(${id.toString()}::bigint)`.execute(this.executor);
  }

  /** Round-trips a trivial query; rejects when the database is unreachable (readiness checks). */
  async ping(): Promise<void> {
    await sql`select 1`.execute(this.executor);
  }

  /** Closes the underlying database. Not allowed on a transaction-scoped Ledger. */
  async close(): Promise<void> {
    if (this.executor.isTransaction) throw new Error('Cannot close the ledger from inside a transaction');
    await this.database.close();
  }
}
