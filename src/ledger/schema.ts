import type { Generated } from 'kysely';

/*
 * Table shapes as Kysely sees them. Timestamps are ISO-8601 UTC strings (`Date#toISOString()`) and
 * JSON is text in both dialects so every repository has one code path; ISO strings in that fixed
 * format also sort and compare correctly as text.
 */

/** Lifecycle of one delivery of one record version along one route. */
export type DeliveryStatus = 'pending' | 'done' | 'dead' | 'skipped';

/** Every delivery status, in display order. */
export const DELIVERY_STATUSES: readonly DeliveryStatus[] = ['pending', 'done', 'dead', 'skipped'];

export interface ConnectionsTable {
  id: string;
  connector: string;
  config_ciphertext: string;
  /** 0/1 in both dialects: one code path, no driver-specific boolean parsing. */
  paused: Generated<number>;
  status: Generated<string>;
  status_message: string | null;
  created_at: string;
  updated_at: string;
}

export interface CheckpointsTable {
  connection_id: string;
  stream: string;
  cursor: string | null;
  updated_at: string;
}

export interface RecordsTable {
  id: string;
  kind: string;
  origin_connection_id: string;
  external_id: string;
  version: number;
  source_version: string | null;
  /** The entity's own `updatedAt` (normalised ISO), used by the stale guard. */
  source_updated_at: string | null;
  content_hash: string;
  occurred_at: string | null;
  /** For transactions: the origin's id of the customer who bought (indexed for buying behaviour). */
  customer_external_id: string | null;
  created_at: string;
  updated_at: string;
}

/** Which golden customer (a ledger record of origin `poshub`) a system's customer record belongs to. */
export interface IdentityMembersTable {
  record_id: string;
  golden_id: string;
  connection_id: string;
  created_at: string;
}

/** Normalised match keys (`email:…`, `phone:+…`, `ref:…`) of each golden customer. */
export interface IdentityKeysTable {
  match_key: string;
  golden_id: string;
}

/** Per golden customer: which system set each field and when (JSON), and whether it was merged away. */
export interface IdentityGoldensTable {
  golden_id: string;
  stamps: string;
  merged_into: string | null;
  created_at: string;
  updated_at: string;
}

/** Incoming customers poshub would not match or create on its own: an admin decides. */
export interface IdentityReviewsTable {
  id: string;
  record_id: string;
  connection_id: string;
  /** JSON array of golden ids the record matched. */
  candidates: string;
  reason: string;
  status: string;
  resolution: string | null;
  created_at: string;
  resolved_at: string | null;
}

export interface RecordVersionsTable {
  record_id: string;
  version: number;
  content_hash: string;
  data: string;
  created_at: string;
}

export interface LinksTable {
  record_id: string;
  connection_id: string;
  kind: string;
  external_id: string;
  last_hash: string | null;
  last_synced_at: string;
}

export interface DeliveriesTable {
  id: string;
  record_id: string;
  record_version: number;
  route_id: string;
  destination_connection_id: string;
  entity: string;
  status: DeliveryStatus;
  attempts: Generated<number>;
  last_error: string | null;
  error_code: string | null;
  target_id: string | null;
  created_at: string;
  updated_at: string;
  delivered_at: string | null;
  occurred_at: string | null;
  /** JSON `{ "<dotted path>": value }` an operator set with edit-and-retry; null when none. */
  overrides: string | null;
}

export interface QuarantineTable {
  id: string;
  connection_id: string;
  stream: string;
  external_id: string | null;
  reason: string;
  payload: string;
  payload_hash: string;
  created_at: string;
  resolved_at: string | null;
}

export interface WebhookEventsTable {
  connection_id: string;
  event_id: string;
  received_at: string;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  actor: string;
  action: string;
  target: string;
  details: string | null;
}

/** The whole ledger schema, for `Kysely<LedgerSchema>`. */
export interface SummaryDaysTable {
  route_id: string;
  location_id: string;
  business_day: string;
  closes_at: string;
  status: 'open' | 'closed';
  dirty: number;
  adjustments: number;
  closed_at: string | null;
  updated_at: string;
}

export interface SummaryMembersTable {
  route_id: string;
  member_record_id: string;
  member_version: number;
  summary_external_id: string;
}

export interface LedgerSchema {
  connections: ConnectionsTable;
  checkpoints: CheckpointsTable;
  records: RecordsTable;
  record_versions: RecordVersionsTable;
  links: LinksTable;
  deliveries: DeliveriesTable;
  quarantine: QuarantineTable;
  webhook_events: WebhookEventsTable;
  audit_log: AuditLogTable;
  summary_days: SummaryDaysTable;
  summary_members: SummaryMembersTable;
  identity_members: IdentityMembersTable;
  identity_keys: IdentityKeysTable;
  identity_goldens: IdentityGoldensTable;
  identity_reviews: IdentityReviewsTable;
}
