import type { Kysely } from 'kysely';
import { countAll, isoNow, toCount } from './dialect';
import type { LedgerSchema } from './schema';

/** One operator or system action, for the audit trail. */
export interface AuditRow {
  id: number;
  at: string;
  actor: string;
  action: string;
  target: string;
  details: unknown;
}

/** Input of {@link AuditRepository.append}. */
export interface AuditEntryInput {
  actor: string;
  action: string;
  target: string;
  /** JSON-serialisable facts. Never secrets. */
  details?: unknown;
}

/** Append-only log of who did what (retries, pauses, config changes). */
export class AuditRepository {
  constructor(private readonly db: Kysely<LedgerSchema>) {}

  /** Appends an entry and returns its id. */
  async append(entry: AuditEntryInput, now?: Date): Promise<number> {
    const row = await this.db
      .insertInto('audit_log')
      .values({
        at: isoNow(now),
        actor: entry.actor,
        action: entry.action,
        target: entry.target,
        details: entry.details === undefined ? null : JSON.stringify(entry.details),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(row.id);
  }

  /** A page of entries, newest first, with the total count. */
  async list(opts: { limit?: number; offset?: number } = {}): Promise<{ items: AuditRow[]; total: number }> {
    const [rows, total] = await Promise.all([
      this.db
        .selectFrom('audit_log')
        .selectAll()
        .orderBy('id', 'desc')
        .limit(opts.limit ?? 100)
        .offset(opts.offset ?? 0)
        .execute(),
      this.db.selectFrom('audit_log').select(countAll().as('n')).executeTakeFirst(),
    ]);
    return {
      items: rows.map((r) => ({
        id: Number(r.id),
        at: r.at,
        actor: r.actor,
        action: r.action,
        target: r.target,
        details: r.details === null ? null : (JSON.parse(r.details) as unknown),
      })),
      total: toCount(total?.n),
    };
  }
}
