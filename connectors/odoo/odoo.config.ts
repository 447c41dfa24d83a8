import { z } from 'zod';
import { secret } from '../../src/sdk';

/** The two ways Odoo exposes its ORM to external programs. */
export const ODOO_TRANSPORTS = ['jsonrpc', 'json2'] as const;
export type OdooTransportName = (typeof ODOO_TRANSPORTS)[number];

/** Documents a POS sale can become in Odoo. */
export const ODOO_DOCUMENT_TYPES = ['sale.order', 'account.move'] as const;
export type OdooDocumentType = (typeof ODOO_DOCUMENT_TYPES)[number];

/** Largest `limit` a read asks for; Odoo has no cap, but one page must fit in memory and in a timeout. */
export const MAX_ODOO_PAGE_SIZE = 1000;

/**
 * Connection config of one Odoo database. `transport` may be left out: the connector then asks
 * `GET /web/version` and uses JSON-2 on Odoo 19 and later, JSON-RPC before.
 */
export const OdooConfigSchema = z.object({
  /** Root URL of the Odoo server, e.g. `https://acme.odoo.com`. */
  baseUrl: z.url(),
  /** Database name (`common.login` needs it; JSON-2 sends it as `X-Odoo-Database`). */
  database: z.string().min(1),
  /** Login of the API user (its email on Odoo Online). */
  login: z.string().min(1),
  /** API key of that user (Preferences → Account Security → New API Key). */
  apiKey: secret(z.string().min(1)),
  transport: z.enum(ODOO_TRANSPORTS).optional(),
  /** Company the documents belong to, when the database has several. */
  companyId: z.number().int().positive().optional(),
  /** What a POS sale becomes: a confirmed sale order, or a posted customer invoice. */
  documentType: z.enum(ODOO_DOCUMENT_TYPES).default('sale.order'),
  /** Create `product.product` rows for unknown SKUs instead of refusing the sale or product. */
  createMissingProducts: z.boolean().default(false),
  /** `limit` of each `search_read` page. */
  pageSize: z.number().int().min(1).max(MAX_ODOO_PAGE_SIZE).default(200),
  /** Per-request timeout in ms (default 30 s). */
  timeoutMs: z.number().int().positive().optional(),
});

/** A parsed Odoo connection config. */
export type OdooConfig = z.infer<typeof OdooConfigSchema>;

/** The base URL without trailing slashes. */
export function odooBaseUrl(config: Pick<OdooConfig, 'baseUrl'>): string {
  return config.baseUrl.replace(/\/+$/, '');
}
