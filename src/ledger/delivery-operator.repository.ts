import type { Kysely } from 'kysely';
import { isoNow } from './dialect';
import { updateDelivery } from './delivery-row';
import type { LedgerSchema } from './schema';

/** What an operator does to single deliveries from the console, API or CLI: retry, edit, skip. */
export class DeliveryOperatorRepository {
  constructor(private readonly db: Kysely<LedgerSchema>) {}

  /** Puts a dead or skipped delivery back to pending with zero attempts; false if it was neither. */
  async resetForRetry(id: string, now?: Date): Promise<boolean> {
    const result = await this.db
      .updateTable('deliveries')
      .set({ status: 'pending', attempts: 0, last_error: null, error_code: null, updated_at: isoNow(now) })
      .where('id', '=', id)
      .where('status', 'in', ['dead', 'skipped'])
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** Stores operator overrides of the mapped payload (edit and retry); null clears them. */
  async setOverrides(id: string, overrides: Record<string, unknown> | null, now?: Date): Promise<boolean> {
    return updateDelivery(this.db, id, undefined, {
      overrides: overrides === null ? null : JSON.stringify(overrides),
      updated_at: isoNow(now),
    });
  }

  /**
   * An operator gives up on a pending or dead delivery: `skipped` with the reason. A queued job
   * for it finds the row no longer pending and does nothing. False when it was neither.
   */
  async skipByOperator(id: string, reason: string, now?: Date): Promise<boolean> {
    const result = await this.db
      .updateTable('deliveries')
      .set({
        status: 'skipped',
        last_error: reason,
        error_code: 'SKIPPED_BY_OPERATOR',
        updated_at: isoNow(now),
      })
      .where('id', '=', id)
      .where('status', 'in', ['pending', 'dead'])
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }
}
