import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { isoNow } from './dialect';
import type { LedgerSchema } from './schema';

/** A system's customer record as a member of a golden customer. */
export interface IdentityMember {
  recordId: string;
  goldenId: string;
  connectionId: string;
}

/** One entry of the review list. */
export interface IdentityReviewRow {
  id: string;
  recordId: string;
  connectionId: string;
  candidates: string[];
  reason: string;
  status: 'open' | 'resolved';
  resolution: string | null;
  createdAt: string;
  resolvedAt: string | null;
}

/**
 * Identity resolution's tables: which records make up each golden customer, the golden customers'
 * match keys and field stamps, and the review list. The golden customer's data itself is an ordinary
 * versioned ledger record (kind `customer`, origin `poshub`, external id = golden id).
 */
export class IdentityRepository {
  constructor(private readonly db: Kysely<LedgerSchema>) {}

  async memberOf(recordId: string): Promise<IdentityMember | undefined> {
    const row = await this.db
      .selectFrom('identity_members')
      .selectAll()
      .where('record_id', '=', recordId)
      .executeTakeFirst();
    return row && { recordId: row.record_id, goldenId: row.golden_id, connectionId: row.connection_id };
  }

  async members(goldenId: string): Promise<IdentityMember[]> {
    const rows = await this.db
      .selectFrom('identity_members')
      .selectAll()
      .where('golden_id', '=', goldenId)
      .orderBy('created_at')
      .orderBy('record_id')
      .execute();
    return rows.map((r) => ({ recordId: r.record_id, goldenId: r.golden_id, connectionId: r.connection_id }));
  }

  /** Adds the record to a golden customer, or moves it there from another one. */
  async setMember(member: IdentityMember, now?: Date): Promise<void> {
    await this.db
      .insertInto('identity_members')
      .values({
        record_id: member.recordId,
        golden_id: member.goldenId,
        connection_id: member.connectionId,
        created_at: isoNow(now),
      })
      .onConflict((oc) => oc.column('record_id').doUpdateSet({ golden_id: member.goldenId }))
      .execute();
  }

  /** Golden ids (not merged away) holding any of the keys, each once, in key order. */
  async goldensByKeys(keys: readonly string[]): Promise<string[]> {
    if (keys.length === 0) return [];
    const rows = await this.db
      .selectFrom('identity_keys as k')
      .innerJoin('identity_goldens as g', 'g.golden_id', 'k.golden_id')
      .select(['k.golden_id', 'k.match_key'])
      .where('k.match_key', 'in', [...keys])
      .where('g.merged_into', 'is', null)
      .execute();
    const order = new Map(keys.map((k, i) => [k, i]));
    rows.sort(
      (a, b) => order.get(a.match_key)! - order.get(b.match_key)! || a.golden_id.localeCompare(b.golden_id),
    );
    return [...new Set(rows.map((r) => r.golden_id))];
  }

  /** Replaces a golden customer's match keys. */
  async setKeys(goldenId: string, keys: readonly string[]): Promise<void> {
    await this.db.deleteFrom('identity_keys').where('golden_id', '=', goldenId).execute();
    if (keys.length === 0) return;
    await this.db
      .insertInto('identity_keys')
      .values([...new Set(keys)].map((k) => ({ match_key: k, golden_id: goldenId })))
      .onConflict((oc) => oc.doNothing())
      .execute();
  }

  /** Creates a golden customer row (its data lives in the records table) and returns its id. */
  async createGolden(now?: Date): Promise<string> {
    const goldenId = `g-${randomUUID()}`;
    const at = isoNow(now);
    await this.db
      .insertInto('identity_goldens')
      .values({ golden_id: goldenId, stamps: '{}', merged_into: null, created_at: at, updated_at: at })
      .execute();
    return goldenId;
  }

  async golden(goldenId: string): Promise<{ stamps: unknown; mergedInto: string | null } | undefined> {
    const row = await this.db
      .selectFrom('identity_goldens')
      .selectAll()
      .where('golden_id', '=', goldenId)
      .executeTakeFirst();
    return row && { stamps: JSON.parse(row.stamps) as unknown, mergedInto: row.merged_into };
  }

  async setStamps(goldenId: string, stamps: unknown, now?: Date): Promise<void> {
    await this.db
      .updateTable('identity_goldens')
      .set({ stamps: JSON.stringify(stamps), updated_at: isoNow(now) })
      .where('golden_id', '=', goldenId)
      .execute();
  }

  /** Marks `goldenId` as merged into `survivorId`; it keeps no members or keys. */
  async markMerged(goldenId: string, survivorId: string, now?: Date): Promise<void> {
    await this.db
      .updateTable('identity_goldens')
      .set({ merged_into: survivorId, updated_at: isoNow(now) })
      .where('golden_id', '=', goldenId)
      .execute();
    await this.db.deleteFrom('identity_keys').where('golden_id', '=', goldenId).execute();
  }

  /** Opens (or refreshes) the review of a record; one open review per record. */
  async openReview(
    input: { recordId: string; connectionId: string; candidates: readonly string[]; reason: string },
    now?: Date,
  ): Promise<string> {
    const existing = await this.db
      .selectFrom('identity_reviews')
      .select('id')
      .where('record_id', '=', input.recordId)
      .where('status', '=', 'open')
      .executeTakeFirst();
    const candidates = JSON.stringify([...input.candidates]);
    if (existing) {
      await this.db
        .updateTable('identity_reviews')
        .set({ candidates, reason: input.reason })
        .where('id', '=', existing.id)
        .execute();
      return existing.id;
    }
    const id = `rev-${randomUUID()}`;
    await this.db
      .insertInto('identity_reviews')
      .values({
        id,
        record_id: input.recordId,
        connection_id: input.connectionId,
        candidates,
        reason: input.reason,
        status: 'open',
        resolution: null,
        created_at: isoNow(now),
        resolved_at: null,
      })
      .execute();
    return id;
  }

  async review(id: string): Promise<IdentityReviewRow | undefined> {
    const row = await this.db
      .selectFrom('identity_reviews')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toReview(row);
  }

  async openReviewOf(recordId: string): Promise<IdentityReviewRow | undefined> {
    const row = await this.db
      .selectFrom('identity_reviews')
      .selectAll()
      .where('record_id', '=', recordId)
      .where('status', '=', 'open')
      .executeTakeFirst();
    return row && toReview(row);
  }

  async listReviews(status: 'open' | 'resolved' | undefined, limit = 100): Promise<IdentityReviewRow[]> {
    let query = this.db.selectFrom('identity_reviews').selectAll();
    if (status) query = query.where('status', '=', status);
    const rows = await query.orderBy('created_at', 'asc').orderBy('id').limit(limit).execute();
    return rows.map(toReview);
  }

  async resolveReview(id: string, resolution: string, now?: Date): Promise<void> {
    await this.db
      .updateTable('identity_reviews')
      .set({ status: 'resolved', resolution, resolved_at: isoNow(now) })
      .where('id', '=', id)
      .execute();
  }
}

function toReview(row: {
  id: string;
  record_id: string;
  connection_id: string;
  candidates: string;
  reason: string;
  status: string;
  resolution: string | null;
  created_at: string;
  resolved_at: string | null;
}): IdentityReviewRow {
  return {
    id: row.id,
    recordId: row.record_id,
    connectionId: row.connection_id,
    candidates: JSON.parse(row.candidates) as string[],
    reason: row.reason,
    status: row.status === 'resolved' ? 'resolved' : 'open',
    resolution: row.resolution,
    createdAt: row.created_at,
    resolvedAt: row.resolved_at,
  };
}
