/** Shapes the records repository reads and writes (the ledger's canonical system of record). */

/** A canonical entity as stored: identity, current version and bookkeeping (no data). */
export interface RecordRow {
  id: string;
  kind: string;
  originConnectionId: string;
  externalId: string;
  version: number;
  sourceVersion: string | null;
  /** The entity's own `updatedAt` for the current version (normalised ISO), if it had one. */
  sourceUpdatedAt: string | null;
  contentHash: string;
  occurredAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** One stored version of a record, with its parsed canonical data. */
export interface RecordVersionRow {
  recordId: string;
  kind: string;
  originConnectionId: string;
  externalId: string;
  version: number;
  contentHash: string;
  data: unknown;
  createdAt: string;
}

/** Input of `RecordsRepository.upsert`. */
export interface RecordUpsertInput {
  kind: string;
  originConnectionId: string;
  externalId: string;
  sourceVersion?: string;
  /** Hash of the canonical data; a new version is stored only when it differs from the current one. */
  contentHash: string;
  data: unknown;
  /** When the business event happened (sale time), kept for delivery latency metrics. */
  occurredAt?: string;
  /** The entity's own last-modified time; an incoming value older than the stored one is ignored. */
  updatedAt?: string;
  /** For a transaction, the origin's id of its customer (see `RecordsRepository.listCurrentForCustomer`). */
  customerExternalId?: string;
}

/** Outcome of `RecordsRepository.upsert`. */
export interface RecordUpsertResult {
  recordId: string;
  /** The current version after the call (new or unchanged). */
  version: number;
  /** True when a new version was stored (first sight or different content). */
  changed: boolean;
  /** True when the input was ignored because its `updatedAt` is older than the stored one. */
  stale: boolean;
}
