import { z } from 'zod';

/** The fake ERP's API contract, shared by its server (validation) and its connector (payloadSchema). */

const Decimal = z.string().regex(/^-?\d+(\.\d+)?$/, 'must be a decimal string such as "12.30"');

export const ErpInvoiceLineSchema = z.object({
  sku: z.string().optional(),
  description: z.string().min(1),
  quantity: Decimal,
  unit_price: Decimal,
  discount: Decimal,
  tax_rate: Decimal.optional(),
  tax: Decimal,
  total: Decimal,
});

/** Body of `POST /api/invoices` and `PUT /api/invoices/:id`. Credit notes carry positive amounts. */
export const ErpInvoicePayloadSchema = z.object({
  reference: z.string().min(1),
  type: z.enum(['invoice', 'credit_note']),
  external_id: z.string().min(1),
  original_external_id: z.string().min(1).optional(),
  /** The ERP id of the invoice a credit note reverses, when poshub delivered that invoice first. */
  original_id: z.string().min(1).optional(),
  issue_date: z.iso.datetime({ offset: true }),
  store: z.string().min(1),
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code'),
  customer: z
    .object({
      /** The ERP's own customer id, when poshub delivered the customer first. */
      id: z.string().optional(),
      external_id: z.string().optional(),
      email: z.string().optional(),
      name: z.string().optional(),
    })
    .optional(),
  lines: z.array(ErpInvoiceLineSchema).min(1),
  discount_total: Decimal,
  tax_total: Decimal,
  service_charge: Decimal,
  tip: Decimal,
  total: Decimal,
  payments: z.array(z.object({ method: z.string().min(1), amount: Decimal })),
});
export type ErpInvoicePayload = z.infer<typeof ErpInvoicePayloadSchema>;

/** Body of `POST /api/customers` and `PUT /api/customers/:id`. */
export const ErpCustomerPayloadSchema = z.object({
  reference: z.string().min(1),
  external_id: z.string().min(1),
  name: z.string().min(1),
  email: z.email().optional(),
  phone: z.string().min(1).optional(),
  marketing_consent: z.boolean().optional(),
});
export type ErpCustomerPayload = z.infer<typeof ErpCustomerPayloadSchema>;

/** A stored ERP object as the API returns it. */
export type ErpStored<T> = T & { id: string; version: number; created_at: string; updated_at: string };
