import type { Kysely } from 'kysely';
import { isoNow } from './dialect';
import type { LedgerSchema } from './schema';

/** Webhook event ids already accepted, so a redelivered event is processed once. */
export class WebhookEventsRepository {
  constructor(private readonly db: Kysely<LedgerSchema>) {}

  /** Records the event; true the first time it is seen, false for a duplicate. */
  async recordOnce(connectionId: string, eventId: string, now?: Date): Promise<boolean> {
    const inserted = await this.db
      .insertInto('webhook_events')
      .values({ connection_id: connectionId, event_id: eventId, received_at: isoNow(now) })
      .onConflict((oc) => oc.doNothing())
      .returning('event_id')
      .executeTakeFirst();
    return inserted !== undefined;
  }

  /** True when the event was already accepted. */
  async has(connectionId: string, eventId: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('webhook_events')
      .select('event_id')
      .where('connection_id', '=', connectionId)
      .where('event_id', '=', eventId)
      .executeTakeFirst();
    return row !== undefined;
  }

  /** Deletes events received before `before` (retention); returns how many were removed. */
  async purgeOlderThan(before: Date): Promise<number> {
    const result = await this.db
      .deleteFrom('webhook_events')
      .where('received_at', '<', before.toISOString())
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
