import { z } from 'zod';

/*
 * Payloads the sink mappings produce (`to: hubspot.contact`, `hubspot.contact-behaviour`,
 * `hubspot.deal`). Property values are HubSpot's: strings, decimals as decimal strings. The connector
 * adds what is per-write (poshub references, pipeline, signs of refunds) before sending.
 */

const Decimal = z.string().regex(/^-?\d+(\.\d+)?$/, 'must be a decimal string such as "12.50"');
const Properties = z.record(z.string().regex(/^[a-z][a-z0-9_]*$/), z.string());

/** A contact's properties (firstname, lastname, email, phone, company, address, city, zip, country…). */
export const ContactPayloadSchema = z.strictObject({ properties: Properties });
export type ContactPayload = z.infer<typeof ContactPayloadSchema>;

/**
 * Behaviour properties for the contact of `customerReference` (the customer's poshub reference);
 * `currency` is the currency of the amounts, which must be the account's.
 */
export const ContactBehaviourPayloadSchema = z.strictObject({
  customerReference: z.string().min(1),
  currency: z.string().regex(/^[A-Z]{3}$/),
  properties: Properties,
});
export type ContactBehaviourPayload = z.infer<typeof ContactBehaviourPayloadSchema>;

/** One line item of a deal; `key` is unique within the deal (the POS line id, `tax`, `tip`…). */
export const LineItemPayloadSchema = z.strictObject({
  key: z.string().min(1).max(200),
  properties: z
    .object({ name: z.string().min(1), quantity: Decimal, price: Decimal, discount: Decimal.optional() })
    .catchall(z.string()),
});
export type LineItemPayload = z.infer<typeof LineItemPayloadSchema>;

/**
 * A sale or a refund as a deal. Amounts are positive for both kinds: the connector applies the sign
 * the refund policy needs. `contactId` is the buyer's contact id, `originalDealId` the refunded
 * sale's deal id (both from the hub's links).
 */
export const DealPayloadSchema = z
  .strictObject({
    kind: z.enum(['sale', 'refund']),
    properties: z
      .object({
        dealname: z.string().min(1),
        amount: Decimal,
        deal_currency_code: z.string().regex(/^[A-Z]{3}$/),
        closedate: z.string().min(1),
      })
      .catchall(z.string()),
    lineItems: z.array(LineItemPayloadSchema).default([]),
    contactId: z.string().min(1).optional(),
    originalDealId: z.string().min(1).optional(),
  })
  .refine((d) => new Set(d.lineItems.map((l) => l.key)).size === d.lineItems.length, {
    message: 'line item keys must be unique within a deal',
    path: ['lineItems'],
  });
export type DealPayload = z.infer<typeof DealPayloadSchema>;

/** Parses a payload or returns the RejectedError-worthy reason. */
export function parsePayload<S extends z.ZodType>(
  schema: S,
  payload: unknown,
): { ok: true; value: z.output<S> } | { ok: false; reason: string } {
  const parsed = schema.safeParse(payload);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issues = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
  return { ok: false, reason: issues.join('; ') };
}
