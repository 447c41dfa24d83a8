import type { z } from 'zod';
import type { HttpClient, HttpClientOptions } from './http-client';
import type { WebhookVerifier } from './webhook';

/**
 * The connector contract. An integrator reads this file first.
 *
 * A connector speaks one external system's HTTP API and its vendor payloads. It never sees the
 * canonical model: mapping files (mappings/<connector>/) turn vendor payloads into canonical records
 * and back. A connector is one folder under connectors/ plus one line in connectors/index.ts.
 */

/** How fast poshub may call this system, per connection. Shared by every worker through Redis. */
export interface RateLimitPolicy {
  /** Steady rate the governor allows, in requests per second. */
  readonly requestsPerSecond: number;
  /** How many requests may go at once after an idle period (token-bucket size). */
  readonly burst: number;
}

/** A stream the connector can read (a source side). */
export interface StreamSpec {
  /** Stream name used in poshub.yaml routes and checkpoints, e.g. `transactions`. */
  readonly name: string;
  /** The canonical kind the stream's records become after mapping. */
  readonly kind: CanonicalKindName;
  /** Mapping id used when the connection names none, e.g. `fake-pos/transaction`. */
  readonly defaultMapping: string;
  /** Human description for docs and the admin console. */
  readonly description?: string;
}

/** An entity the connector can write (a sink side). */
export interface EntitySpec {
  /** Entity name used in poshub.yaml routes, e.g. `invoice`. */
  readonly name: string;
  /** The canonical kind it accepts. */
  readonly kind: CanonicalKindName;
  /** Mapping id (canonical → vendor payload) used when the route names none. */
  readonly defaultMapping: string;
  /**
   * zod schema of the payload `write` accepts. Mapping outputs named `<connector>.<entity>` are
   * validated against it, so a bad mapping fails before any HTTP call.
   */
  readonly payloadSchema?: z.ZodType;
  /**
   * Set when the vendor takes many records in one call (inventory batch changes, CRM batch
   * upserts): the hub then gathers concurrent deliveries into `writeBatch` calls.
   */
  readonly batch?: BatchPolicy;
  readonly description?: string;
}

/** How the hub gathers deliveries of one entity into batches. */
export interface BatchPolicy {
  /** Most records in one `writeBatch` call (the vendor's limit). */
  readonly maxSize: number;
  /** Longest a record waits for companions before its batch goes out, in ms. */
  readonly maxWaitMs: number;
}

/** One record of a batched write: the mapped payload and its write options. */
export interface BatchItem {
  readonly payload: unknown;
  readonly options: WriteOptions;
}

/** What happened to one item of a batch, in the order the items were given. */
export type BatchItemResult =
  { readonly ok: true; readonly result: WriteResult } | { readonly ok: false; readonly error: Error };

/** Canonical kinds that flow through the pipeline. */
export type CanonicalKindName =
  | 'transaction'
  | 'customer'
  | 'product'
  | 'stock'
  | 'location'
  /** Computed by poshub from a POS connection's transactions; see src/canonical/customer-behaviour.ts. */
  | 'customer-behaviour';

/**
 * Static description of a connector, validated at boot by the registry.
 * @typeParam C the parsed configuration type of one connection.
 */
export interface ConnectorManifest<C = unknown> {
  /** Stable id, kebab-case, also the folder name: `square`, `odoo`, `fake-pos`. */
  readonly id: string;
  /** Semantic version of the connector code. */
  readonly version: string;
  readonly displayName: string;
  /**
   * zod schema of a connection's `config` block. Mark secret fields with `secret()` from
   * `src/sdk/secret.ts` so they are encrypted at rest and redacted from logs and API answers.
   */
  readonly configSchema: z.ZodType<C>;
  /** Streams this connector reads; empty for a pure sink. */
  readonly streams: readonly StreamSpec[];
  /** Entities this connector writes; empty for a pure source. */
  readonly entities: readonly EntitySpec[];
  /** Default rate limit for one connection; poshub.yaml may override it per connection. */
  readonly rateLimit?: RateLimitPolicy;
  /** Verifies vendor webhook signatures; absent when the system sends no webhooks. */
  readonly webhook?: WebhookVerifier<C>;
}

/** One raw vendor record as read from a stream, before mapping. */
export interface SourceRecord {
  /** The record's id in the source system. */
  readonly externalId: string;
  /** The source's own version or update stamp, when it has one (used for ordering and dedupe). */
  readonly version?: string;
  /** The vendor payload, untouched. */
  readonly data: unknown;
}

/** One page of a stream. Pages are committed to the ledger one by one, with their cursor. */
export interface SourcePage {
  readonly records: readonly SourceRecord[];
  /**
   * Checkpoint to resume from after this page is committed. `null` means "keep the previous
   * checkpoint"; the last page's cursor must describe where the next incremental read starts.
   */
  readonly cursor: string | null;
}

/** Options the pipeline passes to every write. */
export interface WriteOptions {
  /** The target's id for this record when poshub already linked it: update instead of create. */
  readonly existingId?: string;
  /**
   * Deterministic key for this exact write (same record version → same key). Send it as the vendor's
   * native idempotency key where there is one.
   */
  readonly idempotencyKey: string;
  /**
   * poshub's reference for the record (`poshub:<record id>`), stable across versions. Store it on
   * the target (ref field, external id, unique property) and search by it before creating, so a
   * crash between create and link never yields a duplicate.
   */
  readonly reference: string;
}

/** Options of {@link ConnectorInstance.remove}. */
export interface RemoveOptions {
  /** The target's id of the object poshub linked to this record. */
  readonly existingId: string;
  /** poshub's reference for the record (as in {@link WriteOptions.reference}). */
  readonly reference: string;
  /**
   * True for a GDPR erasure: remove the person's data for good where the vendor offers it (HubSpot's
   * GDPR delete) or anonymise what must stay (an ERP partner with posted invoices); false for a
   * deletion that the system's own archive may keep.
   */
  readonly erase: boolean;
}

/** What a write produced at the target. */
export interface WriteResult {
  /** The target's id of the written object. */
  readonly externalId: string;
  /** True when this call created the object, false when it updated or found an existing one. */
  readonly created: boolean;
}

/** Result of `check`: can poshub reach and use this connection? */
export interface CheckResult {
  readonly ok: boolean;
  /** Short human message; on failure, what to fix. */
  readonly message: string;
}

/** Result of `setup`: what the set-up step created at the target. */
export interface SetupResult {
  readonly ok: boolean;
  /** Short human message; on failure, what to fix. */
  readonly message: string;
  /** What was created by this call (custom properties, groups, fields), e.g. `contacts.poshub_customer_id`. */
  readonly created: readonly string[];
  /** What already existed and was left alone. */
  readonly existing: readonly string[];
}

/** What the hub hands a connector when it builds a connection's instance. */
export interface ConnectorContext<C> {
  /** The connection id from poshub.yaml. */
  readonly connectionId: string;
  /** The parsed, validated configuration (secrets decrypted). */
  readonly config: Readonly<C>;
  /**
   * Builds the shared HTTP client: timeouts, keep-alive, rate governor, error classification,
   * metrics and redaction are already wired for this connection.
   */
  readonly http: (options: HttpClientOptions) => HttpClient;
  /**
   * Runs `fn` while no other delivery of this connection, in this process or any other worker
   * process, runs an `exclusive` section with the same key. Use it around search-then-create of
   * objects many records share (a product looked up by SKU, a walk-in customer), which the
   * target's API cannot create idempotently. Waits its turn; keep the section short.
   */
  readonly exclusive: <T>(key: string, fn: () => Promise<T>) => Promise<T>;
}

/**
 * The behaviour of one configured connection. Methods a connector does not support are left out;
 * the registry checks that every declared stream has `read` and every entity has `write`.
 */
export interface ConnectorInstance {
  /** Verifies the credentials and reachability with a cheap read-only call. */
  check(): Promise<CheckResult>;
  /**
   * Prepares the target for poshub, idempotently: creates the custom fields or properties poshub
   * writes (external-id fields, reference properties). Run by `poshub connections setup <id>`;
   * running it twice creates nothing the second time. `check` reports what is missing.
   */
  setup?(): Promise<SetupResult>;
  /**
   * Reads a stream incrementally from `cursor` (null = from the start), page by page. Must be
   * resumable: re-reading from a committed cursor yields no lost records (duplicates are fine,
   * the ledger dedupes by external id and content hash).
   */
  read?(stream: string, cursor: string | null): AsyncIterable<SourcePage>;
  /** Fetches full records by id, e.g. when a webhook carries only a summary. */
  fetch?(stream: string, ids: readonly string[]): Promise<SourceRecord[]>;
  /**
   * Writes one mapped payload idempotently (native key, upsert by external id, or search by
   * `options.reference` before create). Throws the errors from `src/sdk/errors.ts`.
   */
  write?(entity: string, payload: unknown, options: WriteOptions): Promise<WriteResult>;
  /**
   * Writes several records of an entity whose spec has `batch`, in as few calls as the vendor
   * allows. Returns one result per item, in order; a vendor that reports per-item failures (HTTP
   * 207) returns them as `{ ok: false }` items. Throwing fails the whole batch: the hub then retries
   * each item on its own with `write`, so one bad record never takes its neighbours down with it.
   */
  writeBatch?(entity: string, items: readonly BatchItem[]): Promise<BatchItemResult[]>;
  /**
   * Deletes (or archives, as the vendor does it) the object poshub linked to a record deleted at its
   * source or erased on request. Idempotent: an object that is already gone is success. Connectors
   * without it leave deletions to people (the delivery is skipped with that reason).
   */
  remove?(entity: string, options: RemoveOptions): Promise<void>;
  /** Releases sockets and timers. */
  close?(): Promise<void>;
}

/** A connector as listed in connectors/index.ts. */
export interface ConnectorDefinition<C = unknown> {
  readonly manifest: ConnectorManifest<C>;
  /** Builds the instance for one connection. Must not do I/O; `check` does that. */
  create(context: ConnectorContext<C>): ConnectorInstance;
}

/** Helper that keeps the config type parameter while listing connectors in one array. */
export function defineConnector<C>(definition: ConnectorDefinition<C>): ConnectorDefinition<C> {
  return definition;
}
