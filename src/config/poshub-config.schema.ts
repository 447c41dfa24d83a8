import { z } from 'zod';
import { isValidTimeZone } from '../canonical/location';
import type { DeepReadonly } from './deep-freeze';

/** Connection and route ids: lowercase, digits and dashes, up to 63 characters. */
export const ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;
const idSchema = (what: string) =>
  z.string().regex(ID_PATTERN, `${what} must match ${ID_PATTERN.source} (lowercase letters, digits, -)`);

const EVERY_PATTERN = /^(\d+)(ms|s|m|h)$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Milliseconds of an `every` value such as `30s`, or undefined when it is malformed. */
export function parseEvery(every: string): number | undefined {
  const match = EVERY_PATTERN.exec(every.trim());
  if (!match) return undefined;
  const ms = Number(match[1]) * UNIT_MS[match[2]];
  return ms > 0 && Number.isSafeInteger(ms) ? ms : undefined;
}

// A light shape check only: five (or six, with seconds) fields of cron characters. BullMQ parses the
// pattern itself when the repeatable job is registered.
const CRON_FIELD = /^[0-9A-Za-z*?,/#LW-]+$/;
function isCronPattern(value: string): boolean {
  const fields = value.trim().split(/\s+/);
  return (fields.length === 5 || fields.length === 6) && fields.every((field) => CRON_FIELD.test(field));
}

const RateLimitSchema = z.strictObject({
  requestsPerSecond: z.number().positive(),
  burst: z.number().int().positive(),
});

const ConnectionSchema = z.strictObject({
  /** Connector id from the registry (connectors/index.ts). */
  connector: z.string().min(1),
  /** Connector-specific settings; validated against the connector's configSchema when a catalogue is given. */
  config: z.unknown().default({}),
  rateLimit: RateLimitSchema.optional(),
  /** stream or entity name -> mapping id, overriding the manifest's defaultMapping. */
  mappings: z.record(z.string(), z.string().min(1)).default({}),
  /** stream or entity name -> (dotted output path -> JSONata expression evaluated on the mapping input). */
  overrides: z.record(z.string(), z.record(z.string().min(1), z.string().min(1))).default({}),
});

/**
 * How a route posts sales (docs/posting-policies.md): one document per sale, or one per location and
 * business day, closed `closeAfter` past local midnight.
 */
const PostingSchema = z
  .strictObject({
    policy: z.enum(['per-sale', 'daily-summary']).default('per-sale'),
    /** IANA zone of the business day when the `timezones` lookup has no entry for a location. */
    timezone: z
      .string()
      .refine(isValidTimeZone, { message: 'must be an IANA time zone such as "Asia/Ho_Chi_Minh"' })
      .default('UTC'),
    /** Lookup table: POS location id -> IANA zone. */
    timezones: z.string().min(1).optional(),
    closeAfter: z.string().default('2h'),
    /**
     * A due day closes only once no sale has come for it for this long, so a backfill or a long
     * pull that is still committing a past day's pages does not close it half-way.
     */
    settleAfter: z.string().default('1m'),
  })
  .superRefine((posting, ctx) => {
    for (const field of ['closeAfter', 'settleAfter'] as const) {
      if (parseEvery(posting[field]) === undefined) {
        ctx.addIssue({ code: 'custom', path: [field], message: 'expected a duration like 30s, 30m or 2h' });
      }
    }
  })
  .transform((posting) => ({
    ...posting,
    closeAfterMs: parseEvery(posting.closeAfter) ?? 0,
    settleAfterMs: parseEvery(posting.settleAfter) ?? 0,
  }));

const RouteSchema = z.strictObject({
  id: idSchema('route id'),
  source: z.strictObject({ connection: z.string().min(1), stream: z.string().min(1) }),
  destination: z.strictObject({ connection: z.string().min(1), entity: z.string().min(1) }),
  mapping: z.string().min(1).optional(),
  /** JSONata predicate on the canonical record; records where it is not true are skipped. */
  filter: z.string().min(1).optional(),
  posting: PostingSchema.optional(),
});

const ScheduleSchema = z
  .strictObject({
    connection: z.string().min(1),
    stream: z.string().min(1),
    every: z.string().optional(),
    cron: z.string().optional(),
  })
  .superRefine((schedule, ctx) => {
    if ((schedule.every === undefined) === (schedule.cron === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'set exactly one of "every" or "cron"' });
    }
    if (schedule.every !== undefined && parseEvery(schedule.every) === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['every'],
        message: 'expected a positive duration like 500ms, 30s, 5m or 1h',
      });
    }
    if (schedule.cron !== undefined && !isCronPattern(schedule.cron)) {
      ctx.addIssue({ code: 'custom', path: ['cron'], message: 'expected a cron pattern like "*/5 * * * *"' });
    }
  })
  .transform((schedule) => ({
    ...schedule,
    /** `every` in milliseconds; absent for cron schedules. */
    everyMs: schedule.every === undefined ? undefined : parseEvery(schedule.every),
  }));

const DeliverySchema = z
  .strictObject({
    attempts: z.number().int().min(1).default(15),
    backoffMs: z.number().int().min(0).default(1000),
    maxBackoffMs: z.number().int().min(0).default(300_000),
  })
  .refine((delivery) => delivery.maxBackoffMs >= delivery.backoffMs, {
    path: ['maxBackoffMs'],
    message: 'must be greater than or equal to backoffMs',
  });

/** Canonical customer fields identity resolution merges (see src/pipeline/identity/). */
export const CUSTOMER_FIELDS = [
  'givenName',
  'familyName',
  'companyName',
  'email',
  'phone',
  'referenceId',
  'birthday',
  'note',
  'address',
  'marketingConsent',
  'taxId',
] as const;
export type CustomerField = (typeof CUSTOMER_FIELDS)[number];

const CountrySchema = z
  .string()
  .regex(/^[A-Z]{2}$/, { message: 'must be an ISO 3166-1 alpha-2 code such as "VN"' });

/**
 * One golden customer per person across the connected systems (docs/identity.md). When this section
 * is present, customer routes carry golden customers instead of each system's own record.
 */
const IdentitySchema = z.strictObject({
  /** Keys that match an incoming customer to a golden one, tried after the record's own link. */
  matchKeys: z.array(z.enum(['email', 'phone', 'referenceId'])).default(['email', 'phone', 'referenceId']),
  /** Country for phone numbers typed without a country code (`+84` for a Vietnamese shop). */
  defaultCountry: CountrySchema.optional(),
  /** Per connection, when its shops are elsewhere than `defaultCountry`. */
  countries: z.record(z.string().min(1), CountrySchema).default({}),
  /** Field → the connection that owns it; changes from other systems are ignored. Unowned: newest wins. */
  owners: z.partialRecord(z.enum(CUSTOMER_FIELDS), z.string().min(1)).default({}),
  /** A deletion or erasure in one system: only recorded (`record`), or applied to the others (`propagate`). */
  deletes: z.enum(['record', 'propagate']).default('record'),
});

// YAML turns `S1: 100` into a number; lookup values are strings, so scalars are accepted and stringified.
const LookupValueSchema = z.union([z.string(), z.number().transform(String), z.boolean().transform(String)]);

const StockQuantitySchema = z
  .union([z.string(), z.number().transform(String)])
  .refine((q) => /^\d+(\.\d+)?$/.test(q), { message: 'must be a non-negative decimal such as "5" or "2.5"' });

/**
 * Stock sync between one ERP and one POS (docs/stock-sync.md): who owns the figures, which lookup
 * maps POS locations to ERP locations, and the low-stock thresholds.
 */
const StockSchema = z.strictObject({
  /** `erp`: ERP figures are pushed to the POS; `pos`: POS counts are pushed to the ERP. */
  owner: z.enum(['erp', 'pos']),
  /** Connection ids of the two sides. */
  erp: z.string().min(1),
  pos: z.string().min(1),
  /** Lookup table: POS location id -> ERP location id (the one the ERP's stock mappings use). */
  locations: z.string().min(1),
  /** Lookup table: SKU -> POS product id, for POS records that name no SKU (Square variations). */
  products: z.string().min(1).optional(),
  lowStock: z
    .strictObject({
      default: StockQuantitySchema.optional(),
      bySku: z.record(z.string().min(1), StockQuantitySchema).default({}),
    })
    .optional(),
});

/**
 * zod schema of poshub.yaml, after `${VAR}` substitution and removal of top-level `x-*` keys (a place
 * for YAML anchors). Unknown keys are errors so typos are caught. Cross-checks run separately.
 */
export const PoshubConfigSchema = z.strictObject({
  connections: z.record(idSchema('connection id'), ConnectionSchema).default({}),
  routes: z.array(RouteSchema).default([]),
  lookups: z.record(z.string().min(1), z.record(z.string(), LookupValueSchema)).default({}),
  schedules: z.array(ScheduleSchema).default([]),
  delivery: DeliverySchema.default({ attempts: 15, backoffMs: 1000, maxBackoffMs: 300_000 }),
  identity: IdentitySchema.optional(),
  stock: StockSchema.optional(),
});

/** The validated, deeply frozen content of poshub.yaml. Connection `config` stays `unknown`. */
export type PoshubConfig = DeepReadonly<z.output<typeof PoshubConfigSchema>>;
export type ConnectionConfig = PoshubConfig['connections'][string];
export type RouteConfig = PoshubConfig['routes'][number];
export type ScheduleConfig = PoshubConfig['schedules'][number];
export type DeliveryConfig = PoshubConfig['delivery'];
export type IdentityConfig = NonNullable<PoshubConfig['identity']>;
export type StockConfig = NonNullable<PoshubConfig['stock']>;
