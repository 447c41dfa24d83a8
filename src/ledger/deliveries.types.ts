import type { DeliveryStatus } from './schema';

/* Shapes the deliveries repositories take and return, shared by the parts behind DeliveriesRepository. */

/** One delivery of one record version along one route to one destination connection. */
export interface DeliveryRow {
  id: string;
  recordId: string;
  recordVersion: number;
  routeId: string;
  destinationConnectionId: string;
  entity: string;
  status: DeliveryStatus;
  /** Failed attempts so far (recordFailure and markDead count one each; success does not). */
  attempts: number;
  lastError: string | null;
  errorCode: string | null;
  targetId: string | null;
  createdAt: string;
  updatedAt: string;
  deliveredAt: string | null;
  occurredAt: string | null;
  /** Payload overrides an operator set with edit-and-retry (`{ "<dotted path>": value }`), or null. */
  overrides: Record<string, unknown> | null;
}

/** Input row of {@link DeliveriesRepository.createMany}. */
export interface NewDelivery {
  recordId: string;
  recordVersion: number;
  routeId: string;
  destinationConnectionId: string;
  entity: string;
  /** Copied from the record so delivery latency can be measured from the business event. */
  occurredAt?: string;
}

/** Filters of {@link DeliveriesRepository.list}; `since`/`until` bound `createdAt` (until exclusive). */
export interface DeliveryListQuery {
  status?: DeliveryStatus;
  destinationConnectionId?: string;
  routeId?: string;
  recordId?: string;
  since?: Date;
  until?: Date;
  /** Case-insensitive substring of lastError. */
  errorContains?: string;
  /** Exact error code (`TRANSIENT`, `REJECTED`, `MAPPING`, ...). */
  errorCode?: string;
  limit?: number;
  offset?: number;
}

/** A group of failed deliveries sharing one error. */
export interface DeliveryErrorGroup {
  errorCode: string | null;
  lastError: string | null;
  count: number;
}

/** Failed deliveries sharing one error, per destination, with a few ids to look at. */
export interface DeliveryErrorSummary {
  destinationConnectionId: string;
  errorCode: string | null;
  /** The newest message of the group, as stored. */
  lastError: string | null;
  /** The message with per-record ids folded (the grouping key; a retry filter). */
  reason: string | null;
  count: number;
  oldestAt: string;
  newestAt: string;
  sampleIds: string[];
}

/** A pending delivery as the outbox relay needs it: its id (= job id) and queue's destination. */
export interface PendingDeliveryRef {
  id: string;
  destinationConnectionId: string;
}

/** One (destination, status) group of {@link DeliveriesRepository.countByDestinationAndStatus}. */
export interface DeliveryDestinationCount {
  destinationConnectionId: string;
  status: DeliveryStatus;
  count: number;
}

/** Delivery counts per status, every status present. */
export type DeliveryStatusCounts = Record<DeliveryStatus, number>;
