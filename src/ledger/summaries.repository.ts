import type { Kysely, Selectable } from 'kysely';
import { isoNow } from './dialect';
import type { LedgerSchema, SummaryDaysTable } from './schema';

/** One (route, location, business day) under daily-summary posting. */
export interface SummaryDayKey {
  readonly routeId: string;
  readonly locationId: string;
  readonly businessDay: string;
}

export interface SummaryDayRow extends SummaryDayKey {
  readonly closesAt: string;
  readonly status: 'open' | 'closed';
  /** A member changed since the last build. */
  readonly dirty: boolean;
  /** Adjustment documents made after the close. */
  readonly adjustments: number;
  readonly closedAt: string | null;
  /** Last time a sale touched the day (or it was created). */
  readonly updatedAt: string;
}

/** Which version of a sale a summary document counted. */
export interface SummaryMember {
  readonly recordId: string;
  readonly version: number;
}

/** Which summary document counted a sale, and which version of the sale it counted. */
export interface SummaryCount {
  readonly version: number;
  /** The day's document (`<location>@<day>`) or one of its adjustments (`<location>@<day>#<n>`). */
  readonly summaryExternalId: string;
}

const CHUNK = 200;

/** State of daily summaries and their membership. All SQL for them lives here. */
export class SummariesRepository {
  constructor(private readonly db: Kysely<LedgerSchema>) {}

  /** Marks the day as needing a build, creating it (open) on first sight. */
  async touch(key: SummaryDayKey, closesAt: Date, now?: Date): Promise<void> {
    const at = isoNow(now);
    await this.db
      .insertInto('summary_days')
      .values({
        route_id: key.routeId,
        location_id: key.locationId,
        business_day: key.businessDay,
        closes_at: closesAt.toISOString(),
        status: 'open',
        dirty: 1,
        adjustments: 0,
        updated_at: at,
      })
      .onConflict((oc) =>
        oc.columns(['route_id', 'location_id', 'business_day']).doUpdateSet({ dirty: 1, updated_at: at }),
      )
      .execute();
  }

  async get(key: SummaryDayKey): Promise<SummaryDayRow | undefined> {
    const row = await this.where(this.db.selectFrom('summary_days').selectAll(), key).executeTakeFirst();
    return row && toRow(row);
  }

  /** Days with changes not yet built, and open days whose close time has come. */
  async listDue(now: Date, limit = 500): Promise<SummaryDayRow[]> {
    const rows = await this.db
      .selectFrom('summary_days')
      .selectAll()
      .where((eb) =>
        eb.or([
          eb('dirty', '=', 1),
          eb.and([eb('status', '=', 'open'), eb('closes_at', '<=', now.toISOString())]),
        ]),
      )
      .orderBy('business_day', 'asc')
      .limit(limit)
      .execute();
    return rows.map(toRow);
  }

  /**
   * Records a build: closed when `close` (never reopened), and clean again unless a sale touched
   * the day after the build started (then it stays dirty and is built once more).
   */
  async markBuilt(key: SummaryDayKey, how: { close: boolean; startedAt: Date }, now?: Date): Promise<void> {
    const at = isoNow(now);
    if (how.close) {
      await this.where(
        this.db
          .updateTable('summary_days')
          .set({ status: 'closed', closed_at: at })
          .where('status', '=', 'open'),
        key,
      ).execute();
    }
    await this.where(
      this.db
        .updateTable('summary_days')
        .set({ dirty: 0 })
        .where('updated_at', '<', how.startedAt.toISOString()),
      key,
    ).execute();
  }

  /** Reserves the next adjustment number of a closed day. */
  async nextAdjustment(key: SummaryDayKey): Promise<number> {
    const row = await this.where(
      this.db.updateTable('summary_days').set((eb) => ({ adjustments: eb('adjustments', '+', 1) })),
      key,
    )
      .returning('adjustments')
      .executeTakeFirstOrThrow();
    return row.adjustments;
  }

  /** Records that `summaryExternalId` counts these member versions (replacing earlier claims). */
  async assign(routeId: string, summaryExternalId: string, members: readonly SummaryMember[]): Promise<void> {
    for (let i = 0; i < members.length; i += CHUNK) {
      await this.db
        .insertInto('summary_members')
        .values(
          members.slice(i, i + CHUNK).map((m) => ({
            route_id: routeId,
            member_record_id: m.recordId,
            member_version: m.version,
            summary_external_id: summaryExternalId,
          })),
        )
        .onConflict((oc) =>
          oc.columns(['route_id', 'member_record_id']).doUpdateSet((eb) => ({
            member_version: eb.ref('excluded.member_version'),
            summary_external_id: eb.ref('excluded.summary_external_id'),
          })),
        )
        .execute();
    }
  }

  /** The version of each given sale a summary of this route already counted. */
  async counted(routeId: string, recordIds: readonly string[]): Promise<Map<string, number>> {
    const counts = await this.countedBy(routeId, recordIds);
    return new Map([...counts].map(([recordId, count]) => [recordId, count.version]));
  }

  /**
   * For each given sale a summary of this route counted: the version counted and the document that
   * counted it (sales not counted yet are left out).
   */
  async countedBy(routeId: string, recordIds: readonly string[]): Promise<Map<string, SummaryCount>> {
    const out = new Map<string, SummaryCount>();
    for (let i = 0; i < recordIds.length; i += CHUNK) {
      const rows = await this.db
        .selectFrom('summary_members')
        .select(['member_record_id', 'member_version', 'summary_external_id'])
        .where('route_id', '=', routeId)
        .where('member_record_id', 'in', recordIds.slice(i, i + CHUNK))
        .execute();
      for (const row of rows) {
        out.set(row.member_record_id, {
          version: row.member_version,
          summaryExternalId: row.summary_external_id,
        });
      }
    }
    return out;
  }

  private where<Q extends { where: (...args: never[]) => unknown }>(query: Q, key: SummaryDayKey): Q {
    return (query as unknown as WhereChain)
      .where('route_id', '=', key.routeId)
      .where('location_id', '=', key.locationId)
      .where('business_day', '=', key.businessDay) as unknown as Q;
  }
}

interface WhereChain {
  where(column: string, op: '=', value: string): WhereChain;
}

function toRow(row: Selectable<SummaryDaysTable>): SummaryDayRow {
  return {
    routeId: row.route_id,
    locationId: row.location_id,
    businessDay: row.business_day,
    closesAt: row.closes_at,
    status: row.status,
    dirty: Number(row.dirty) === 1,
    adjustments: Number(row.adjustments),
    closedAt: row.closed_at,
    updatedAt: row.updated_at,
  };
}
