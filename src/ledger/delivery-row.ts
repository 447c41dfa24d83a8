import type { Kysely, Selectable, UpdateObject } from 'kysely';
import type { DeliveryRow } from './deliveries.types';
import type { DeliveriesTable, DeliveryStatus, LedgerSchema } from './schema';

/* Row-level helpers the deliveries repositories share: reading a row out, and one guarded update. */

/** A deliveries table row as the rest of the hub sees it (overrides parsed from their JSON text). */
export function toDeliveryRow(row: Selectable<DeliveriesTable>): DeliveryRow {
  return {
    id: row.id,
    recordId: row.record_id,
    recordVersion: row.record_version,
    routeId: row.route_id,
    destinationConnectionId: row.destination_connection_id,
    entity: row.entity,
    status: row.status,
    attempts: row.attempts,
    lastError: row.last_error,
    errorCode: row.error_code,
    targetId: row.target_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    deliveredAt: row.delivered_at,
    occurredAt: row.occurred_at,
    overrides: row.overrides ? (JSON.parse(row.overrides) as Record<string, unknown>) : null,
  };
}

/**
 * Sets `values` on one delivery, only while it is in `fromStatus` when one is given (so a
 * transition never overwrites a state another worker or an operator reached first). True when the
 * row was updated.
 */
export async function updateDelivery(
  db: Kysely<LedgerSchema>,
  id: string,
  fromStatus: DeliveryStatus | undefined,
  values: UpdateObject<LedgerSchema, 'deliveries'>,
): Promise<boolean> {
  let query = db.updateTable('deliveries').set(values).where('id', '=', id);
  if (fromStatus) query = query.where('status', '=', fromStatus);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
