/** Shapes the HubSpot simulator shares between its modules and exposes to tests. */

/** The object types the simulator serves, by HubSpot object type id. */
export type ObjectTypeId = '0-1' | '0-3' | '0-8';

export type PropertyType = 'string' | 'number' | 'date' | 'datetime' | 'enumeration' | 'bool';

/** Who made a change, as webhook events report it. */
export type ChangeSource = 'INTEGRATION' | 'CRM_UI';

export interface PropertyOption {
  label: string;
  value: string;
  displayOrder: number;
  hidden: boolean;
}

/** A property definition as `GET /crm/v3/properties/{type}` answers it. */
export interface SimProperty {
  name: string;
  label: string;
  type: PropertyType;
  fieldType: string;
  groupName: string;
  description: string;
  hasUniqueValue: boolean;
  options: PropertyOption[];
  displayOrder: number;
  calculated: boolean;
  externalOptions: boolean;
  formField: boolean;
  hidden: boolean;
  hubspotDefined?: boolean;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
  modificationMetadata: { archivable: boolean; readOnlyDefinition: boolean; readOnlyValue: boolean };
}

export interface SimPropertyGroup {
  name: string;
  label: string;
  displayOrder: number;
  archived: boolean;
}

/** A CRM record as the simulator's test API returns it. */
export interface SimObject {
  id: string;
  properties: Record<string, string | null>;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
}

/** One webhook delivery attempt (one POST carrying up to `maxPerRequest` events). */
export interface WebhookAttempt {
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: string;
  /** HTTP status, or 'error' when the receiver could not be reached. */
  readonly status: number | 'error';
  /** `attemptNumber` of the events sent: 0 for the first try, as in HubSpot payloads. */
  readonly attemptNumber: number;
  readonly eventIds: number[];
  readonly at: number;
}

export interface HubSpotLimits {
  /** Requests per rolling 10 s per account; default 100 (0/undefined = default; Infinity = off). */
  tenSecondly?: number;
  /** Requests per day (midnight to midnight in the account time zone); default 250_000. */
  daily?: number;
  /** Search requests per rolling second per token; default 5. */
  searchPerSecond?: number;
}

export interface HubSpotFaults {
  /** Share of requests answered 500 before doing anything (0..1). */
  errorRate?: number;
  /** Share of write requests that do the write, then answer 500 (0..1). */
  commitThenErrorRate?: number;
  /** Share of requests answered 429 TEN_SECONDLY_ROLLING regardless of counts (0..1). */
  rateLimitRate?: number;
  /** Delay before every answer, in ms. */
  latencyMs?: number;
  /** PRNG seed of the fault draws; the sequence restarts on every `setFaults`. */
  seed?: number;
}

export interface HubSpotWebhookOptions {
  targetUrl: string;
  /** Events are collected this long before a delivery; default 20 ms. */
  batchDelayMs?: number;
  /** Events per POST; default 100. */
  maxPerRequest?: number;
  /** Unit of the retry back-off in ms; default 10. */
  retryScaleMs?: number;
}

export interface HubSpotSimulatorOptions {
  /** Bearer token the simulator accepts; default random `pat-na1-<uuid>`. */
  accessToken?: string;
  /** Port on 127.0.0.1; default 0 (any free port). */
  port?: number;
  /** Seed of ids, seeded contacts, shuffles; default 1. */
  seed?: number;
  /** Default 1234567. */
  portalId?: number;
  /** Default 7654321. */
  appId?: number;
  /** App client secret used for webhook signatures; default random. */
  clientSecret?: string;
  /** Account currency (account-info, currency options); default 'USD'. */
  companyCurrency?: string;
  /**
   * The account's other currencies (account-info `additionalCurrencies`); default none. Deals and
   * line items in a currency that is neither this nor `companyCurrency` are refused, as HubSpot does.
   */
  additionalCurrencies?: readonly string[];
  /** Account time zone (account-info, daily limit reset); default 'UTC'. */
  timeZone?: string;
  limits?: HubSpotLimits;
  webhook?: HubSpotWebhookOptions;
}

export type RateLimitPolicy = 'TEN_SECONDLY_ROLLING' | 'DAILY' | 'SECONDLY';

export interface HubSpotCounters {
  requests: number;
  rateLimited: Record<RateLimitPolicy, number>;
  writes: number;
  creates: Record<string, number>;
  conflicts: number;
}
