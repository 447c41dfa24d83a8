/** Public API of the SQL ledger: open, migrate, and the Ledger with its repositories. */
export { AuditRepository, type AuditEntryInput, type AuditRow } from './audit.repository';
export { CheckpointsRepository, type CheckpointRow } from './checkpoints.repository';
export {
  ConnectionsRepository,
  type ConnectionRow,
  type ConnectionUpsertInput,
} from './connections.repository';
export { inTransaction, openDatabase, type LedgerDatabase, type OpenDatabaseOptions } from './database';
export { DeliveriesRepository } from './deliveries.repository';
export type {
  DeliveryDestinationCount,
  DeliveryErrorGroup,
  DeliveryErrorSummary,
  DeliveryListQuery,
  DeliveryRow,
  DeliveryStatusCounts,
  NewDelivery,
  PendingDeliveryRef,
} from './deliveries.types';
export type { SqlDialect } from './dialect';
export { errorReason } from './error-reason';
export { deliveryId, recordId, sha256Hex } from './ids';
export { IdentityRepository, type IdentityMember, type IdentityReviewRow } from './identity.repository';
export { Ledger } from './ledger';
export { LinkConflictError, LinksRepository, type LinkRow, type LinkUpsertInput } from './links.repository';
export { ledgerMigrations, migrateToLatest } from './migrations';
export {
  QuarantineRepository,
  type QuarantineInput,
  type QuarantineListQuery,
  type QuarantineRow,
} from './quarantine.repository';
export { RecordsRepository } from './records.repository';
export type { RecordRow, RecordUpsertInput, RecordUpsertResult, RecordVersionRow } from './records.types';
export { DELIVERY_STATUSES, type DeliveryStatus, type LedgerSchema } from './schema';
export { SECRET_BOX_SCRYPT_SALT, SecretBox, SecretBoxError } from './secret-box';
export { StockRepository, type CurrentRecord, type StoredVersion } from './stock.repository';
export {
  SummariesRepository,
  type SummaryDayKey,
  type SummaryCount,
  type SummaryDayRow,
  type SummaryMember,
} from './summaries.repository';
export { WebhookEventsRepository } from './webhook-events.repository';
