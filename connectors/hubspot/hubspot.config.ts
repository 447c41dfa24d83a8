import { z } from 'zod';
import { secret } from '../../src/sdk';

/** HubSpot's API host (every account, every data-hosting region). */
export const HUBSPOT_BASE_URL = 'https://api.hubapi.com';

/** What a refund becomes in HubSpot (see README "Refunds"). */
export const REFUND_POLICIES = ['negative-line-items', 'refund-deal'] as const;
export type RefundPolicy = (typeof REFUND_POLICIES)[number];

/** CRM search answers at most 200 records per page. */
export const MAX_SEARCH_PAGE_SIZE = 200;

const PropertyName = z.string().regex(/^[a-z][a-z0-9_]*$/, 'must be a HubSpot property name (a-z, 0-9, _)');

/** Names of the custom properties and group poshub writes (only change them to match an old set-up). */
const PoshubPropertiesSchema = z.object({
  group: PropertyName.default('poshub'),
  customerId: PropertyName.default('poshub_customer_id'),
  transactionId: PropertyName.default('poshub_transaction_id'),
});

/**
 * Connection config of one HubSpot account, reached with a private-app access token.
 * Deals go to `pipeline`/`dealStage`; refunds follow `refundPolicy`.
 */
export const HubSpotConfigSchema = z
  .object({
    /** The API host; the simulator or a proxy in tests. */
    baseUrl: z.url().default(HUBSPOT_BASE_URL),
    /** Private-app access token (`pat-…`), sent as `Authorization: Bearer`. */
    accessToken: secret(z.string().min(1)),
    /** The app's client secret: the key of webhook signatures (v3). Webhooks are refused without it. */
    clientSecret: secret(z.string().min(1)).optional(),
    /** The public URL HubSpot posts webhooks to; its origin and path are part of the signed `uri`. */
    webhookUrl: z.url().optional(),
    /** Deal pipeline id for poshub's deals. */
    pipeline: z.string().min(1).default('default'),
    /** Deal stage id (in `pipeline`) of sales. */
    dealStage: z.string().min(1).default('closedwon'),
    refundPolicy: z.enum(REFUND_POLICIES).default('negative-line-items'),
    /** Deal stage of refund deals (policy `refund-deal`); defaults to `dealStage`. */
    refundDealStage: z.string().min(1).optional(),
    /** The account's company currency; read from GET /account-info/v3/details when absent. */
    accountCurrency: z
      .string()
      .regex(/^[A-Z]{3}$/)
      .optional(),
    /** ISO 3166 alpha-2 country for phone numbers typed without a country code. */
    defaultCountry: z
      .string()
      .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code such as "US"')
      .optional(),
    properties: PoshubPropertiesSchema.prefault({}),
    /** Records per search page (`limit`; HubSpot allows at most 200). */
    pageSize: z.number().int().min(1).max(MAX_SEARCH_PAGE_SIZE).default(100),
    /** How far each incremental read reaches back: search indexing lags writes by seconds. */
    overlapSeconds: z.number().int().min(0).max(86_400).default(60),
    /** Run `setup` once per instance before its first write (creates missing properties). */
    autoSetup: z.boolean().default(true),
    /** Hold the connection when the account's rolling budget has this many requests left or fewer. */
    rateLimitReserve: z.number().int().min(0).max(1000).default(5),
    /** Per-request timeout in ms (default 30 s). */
    timeoutMs: z.number().int().positive().optional(),
  })
  .transform((c) => ({ ...c, refundDealStage: c.refundDealStage ?? c.dealStage }));

/** A parsed HubSpot connection config. */
export type HubSpotConfig = z.output<typeof HubSpotConfigSchema>;

/** The API host without trailing slashes. */
export function hubspotBaseUrl(config: Pick<HubSpotConfig, 'baseUrl'>): string {
  return config.baseUrl.replace(/\/+$/, '');
}
