import { z } from 'zod';

/*
 * Payloads the sink mappings produce (`to: odoo.<entity>`). Field names are Odoo's where the value
 * goes straight into a record; everything that needs a lookup at Odoo (SKU → product id, currency
 * code → res.currency id) is resolved by the connector. Amounts are JSON numbers made by the mapping
 * from exact decimal strings (`$number($decimal(minor, currency))`): Odoo's monetary fields are floats.
 */

const Text = z.string().min(1);
const OdooId = z.number().int().positive();
/** A finite JSON number; the mapping produced it from a decimal string, never from float arithmetic. */
const Amount = z.number().finite();

/** `res.partner` values for a POS customer. The connector adds `ref` (poshub's reference). */
export const OdooCustomerPayloadSchema = z.strictObject({
  name: Text,
  email: Text.optional(),
  phone: Text.optional(),
  street: Text.optional(),
  street2: Text.optional(),
  city: Text.optional(),
  zip: Text.optional(),
  vat: Text.optional(),
  comment: z.string().optional(),
  is_company: z.boolean().optional(),
});
export type OdooCustomerPayload = z.infer<typeof OdooCustomerPayloadSchema>;

/** A product to link by SKU (`default_code`), created only when the connection allows it. */
export const OdooProductPayloadSchema = z.strictObject({
  default_code: Text,
  name: Text,
  list_price: Amount.nonnegative().optional(),
  barcode: Text.optional(),
});
export type OdooProductPayload = z.infer<typeof OdooProductPayloadSchema>;

/** One document line: product by SKU, quantity, unit price, discount percent and tax ids. */
export const OdooLinePayloadSchema = z.strictObject({
  /** SKU looked up as `product.product.default_code`. */
  default_code: Text.optional(),
  /** An explicit product id (e.g. from a lookup) wins over the SKU. */
  product_id: OdooId.optional(),
  name: Text,
  quantity: z.number().finite().positive(),
  price_unit: Amount,
  /** Percent with 2 decimals, computed exactly by the mapping from the canonical amounts. */
  discount: z.number().min(0).max(100).default(0),
  tax_ids: z.array(OdooId).default([]),
});
export type OdooLinePayload = z.infer<typeof OdooLinePayloadSchema>;

/** One tender: an `account.payment` in the journal the `odoo-journals` lookup gives. */
export const OdooPaymentPayloadSchema = z.strictObject({
  journal_id: OdooId,
  amount: Amount.positive(),
});
export type OdooPaymentPayload = z.infer<typeof OdooPaymentPayloadSchema>;

/**
 * A POS sale (sale order or customer invoice, per the connection's `documentType`) or refund
 * (credit note). `confirm: false` leaves the document in draft, so a later version can replace its
 * lines; confirmed or posted documents are never edited.
 */
export const OdooTransactionPayloadSchema = z.strictObject({
  kind: z.enum(['sale', 'refund']),
  confirm: z.boolean().default(true),
  /** The POS transaction id, stored as the document's origin (searchable by refunds). */
  origin: Text,
  /** For a refund: the POS id of the sale it refunds. */
  original_origin: Text.optional(),
  /** For a refund: poshub's reference of that sale, when the pipeline knows it. */
  original_reference: Text.optional(),
  /** When the sale happened (ISO 8601 with offset); the local date becomes the invoice date. */
  date: z.iso.datetime({ offset: true }),
  /** ISO 4217 code, resolved to `res.currency`. */
  currency: z.string().regex(/^[A-Z]{3}$/),
  /** The customer's partner id when the pipeline already delivered the customer; else walk-in. */
  partner_id: OdooId.optional(),
  /** `stock.warehouse` of the POS location (`odoo-warehouses` lookup); sale orders only. */
  warehouse_id: OdooId.optional(),
  note: z.string().optional(),
  lines: z.array(OdooLinePayloadSchema).min(1),
  payments: z.array(OdooPaymentPayloadSchema).default([]),
});
export type OdooTransactionPayload = z.output<typeof OdooTransactionPayloadSchema>;

/** An absolute on-hand quantity for one product in one Odoo stock location. */
export const OdooStockPayloadSchema = z
  .strictObject({
    default_code: Text.optional(),
    product_id: OdooId.optional(),
    /** `stock.location` id from the `odoo-locations` lookup. */
    location_id: OdooId,
    quantity: z.number().finite(),
  })
  .refine((p) => p.default_code !== undefined || p.product_id !== undefined, {
    message: 'one of default_code, product_id is required',
  });
export type OdooStockPayload = z.infer<typeof OdooStockPayloadSchema>;
