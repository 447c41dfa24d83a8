import { z } from 'zod';

/*
 * Payloads the sink mappings produce for the entities the connector writes (`to: square.stock`,
 * `to: square.customer`). They are Square's own field names, so the connector only adds what is
 * per-write (idempotency key, reference, version) before sending.
 */

const Text = z.string().min(1);

/** Square quantities: decimal strings with at most 5 decimals (spec InventoryPhysicalCount.quantity). */
const SquareQuantity = z
  .string()
  .regex(/^-?\d{1,20}(\.\d{1,5})?$/, 'must be a decimal string with at most 5 decimals, e.g. "12.5"');

/** One absolute stock level to set: becomes a PHYSICAL_COUNT change in state IN_STOCK. */
export const SquareStockPayloadSchema = z.strictObject({
  catalog_object_id: Text.max(100),
  location_id: Text.max(100),
  quantity: SquareQuantity,
  /** When the level was counted (RFC 3339); Square refuses counts older than 24 h or in the future. */
  occurred_at: z.iso.datetime({ offset: true }),
});
export type SquareStockPayload = z.infer<typeof SquareStockPayloadSchema>;

/** Address in Square's shape (spec `Address`). */
export const SquareAddressPayloadSchema = z.strictObject({
  address_line_1: Text.optional(),
  address_line_2: Text.optional(),
  locality: Text.optional(),
  administrative_district_level_1: Text.optional(),
  postal_code: Text.optional(),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .optional(),
});

/**
 * A customer profile to create or sparse-update. Square needs at least one of the name, email or
 * phone fields on create (CreateCustomer). `reference_id` and `version` are set by the connector.
 */
export const SquareCustomerPayloadSchema = z
  .strictObject({
    given_name: Text.max(300).optional(),
    family_name: Text.max(300).optional(),
    company_name: Text.max(500).optional(),
    email_address: Text.max(254).optional(),
    phone_number: Text.optional(),
    birthday: z.iso.date().optional(),
    note: z.string().optional(),
    address: SquareAddressPayloadSchema.optional(),
  })
  .refine(
    (c) => Boolean(c.given_name || c.family_name || c.company_name || c.email_address || c.phone_number),
    {
      message:
        'at least one of given_name, family_name, company_name, email_address, phone_number is required',
    },
  );
export type SquareCustomerPayload = z.infer<typeof SquareCustomerPayloadSchema>;
