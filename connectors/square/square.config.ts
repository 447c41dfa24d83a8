import { z } from 'zod';
import { secret } from '../../src/sdk';

/** Square's hosts per environment (spec `info.x-server-configuration`). */
export const SQUARE_BASE_URLS = {
  production: 'https://connect.squareup.com',
  sandbox: 'https://connect.squareupsandbox.com',
} as const;

/** The API version this connector was written and tested against (spec default of `Square-Version`). */
export const DEFAULT_SQUARE_VERSION = '2025-08-20';

/**
 * Connection config of a Square seller account. Either `environment` or an explicit `baseUrl`
 * (the simulator, a proxy) says where to send requests; `baseUrl` wins when both are given.
 */
export const SquareConfigSchema = z
  .object({
    /** OAuth access token or personal access token (sent as `Authorization: Bearer`). */
    accessToken: secret(z.string().min(1)),
    environment: z.enum(['production', 'sandbox']).default('production'),
    /** Overrides the environment's host, e.g. `http://127.0.0.1:4010` for the simulator. */
    baseUrl: z.url().optional(),
    /** `Square-Version` header pinning the API version. */
    squareVersion: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a Square API version such as "2025-08-20"')
      .default(DEFAULT_SQUARE_VERSION),
    /** Locations to read orders and stock from (`GET /v2/locations` lists them). */
    locationIds: z.array(z.string().min(1)).min(1),
    /** Signature key of the webhook subscription; webhooks are refused while it is unset. */
    webhookSignatureKey: secret(z.string().min(1)).optional(),
    /** The notification URL exactly as registered with Square (it is part of the signed message). */
    webhookNotificationUrl: z.url().optional(),
    /** How far each incremental window reaches back before the previous window end, in minutes. */
    overlapMinutes: z
      .number()
      .int()
      .min(0)
      .max(7 * 24 * 60)
      .default(5),
    /** Page size sent as `limit` (each endpoint caps it at its own maximum). */
    pageSize: z.number().int().min(1).max(1000).optional(),
    /** First wait after a 429 (Square sends no Retry-After); doubles per consecutive 429, with jitter. */
    rateLimitBackoffMs: z
      .number()
      .int()
      .min(1)
      .max(15 * 60 * 1000)
      .default(1000),
    /** Per-request timeout in ms (default 30 s). */
    timeoutMs: z.number().int().positive().optional(),
  })
  .refine((c) => c.webhookSignatureKey === undefined || c.webhookNotificationUrl !== undefined, {
    message: 'webhookNotificationUrl is required when webhookSignatureKey is set',
    path: ['webhookNotificationUrl'],
  });

/** A parsed Square connection config. */
export type SquareConfig = z.infer<typeof SquareConfigSchema>;

/** The host requests go to: the explicit `baseUrl`, else the environment's host. */
export function squareBaseUrl(config: Pick<SquareConfig, 'baseUrl' | 'environment'>): string {
  return (config.baseUrl ?? SQUARE_BASE_URLS[config.environment]).replace(/\/+$/, '');
}
