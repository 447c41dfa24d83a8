import { z } from 'zod';

/*
 * zod for the Square payloads the connector reads (spec: shared/specs/square, version 2025-08-20).
 * Only the fields the connector itself relies on are checked; everything else passes through
 * untouched (`loose`) so the mappings see Square's payload exactly as sent.
 */

/** Square money: integer minor units and an ISO 4217 code. */
export const SquareMoneySchema = z.object({ amount: z.number().int(), currency: z.string() }).loose();

/** One entry of Square's error body `{ errors: [...] }`. */
export const SquareErrorSchema = z
  .object({
    category: z.string(),
    code: z.string(),
    detail: z.string().optional(),
    field: z.string().optional(),
  })
  .loose();
export type SquareError = z.infer<typeof SquareErrorSchema>;

export const SquareErrorBodySchema = z.object({ errors: z.array(SquareErrorSchema).min(1) }).loose();

/** An order as SearchOrders / BatchRetrieveOrders return it. */
export const SquareOrderSchema = z
  .object({
    id: z.string().min(1),
    location_id: z.string().min(1),
    state: z.string().optional(),
    version: z.number().int().optional(),
    updated_at: z.string().optional(),
    returns: z.array(z.object({ source_order_id: z.string().optional() }).loose()).optional(),
  })
  .loose();
export type SquareOrder = z.infer<typeof SquareOrderSchema>;

export const SearchOrdersResponseSchema = z
  .object({ orders: z.array(z.unknown()).optional(), cursor: z.string().optional() })
  .loose();

export const BatchRetrieveOrdersResponseSchema = z
  .object({ orders: z.array(z.unknown()).optional() })
  .loose();

/**
 * The parts of a return order that say where its money went back: each refund's `tender_id` (a
 * tender of the original sale) and `transaction_id` (that sale's order id), and the sale ids in
 * `returns[].source_order_id`. Both ids are nullable in the spec (Refund).
 */
export const SquareReturnRefundsSchema = z
  .object({
    returns: z.array(z.object({ source_order_id: z.string().nullish() }).loose()).min(1),
    refunds: z.array(
      z.object({ tender_id: z.string().nullish(), transaction_id: z.string().nullish() }).loose(),
    ),
  })
  .loose();
export type SquareReturnRefunds = z.infer<typeof SquareReturnRefundsSchema>;

/** The tenders of a sale order, by id and type (spec Tender; `type` is a TenderType such as CARD). */
export const SquareOrderTendersSchema = z
  .object({
    id: z.string().min(1),
    tenders: z.array(z.object({ id: z.string().nullish(), type: z.string().nullish() }).loose()).optional(),
  })
  .loose();

/** A customer profile. */
export const SquareCustomerSchema = z
  .object({
    id: z.string().min(1),
    version: z.number().int().optional(),
    updated_at: z.string().optional(),
    email_address: z.string().optional(),
    phone_number: z.string().optional(),
    reference_id: z.string().optional(),
  })
  .loose();
export type SquareCustomer = z.infer<typeof SquareCustomerSchema>;

export const SearchCustomersResponseSchema = z
  .object({ customers: z.array(z.unknown()).optional(), cursor: z.string().optional() })
  .loose();

export const CustomerResponseSchema = z.object({ customer: SquareCustomerSchema }).loose();

/** A catalog object; the products stream reads ITEM_VARIATIONs and their parent ITEMs. */
export const SquareCatalogObjectSchema = z
  .object({
    type: z.string(),
    id: z.string().min(1),
    version: z.number().int().optional(),
    updated_at: z.string().optional(),
    is_deleted: z.boolean().optional(),
    item_data: z.object({ name: z.string().optional() }).loose().optional(),
    item_variation_data: z.object({ item_id: z.string().optional() }).loose().optional(),
  })
  .loose();
export type SquareCatalogObject = z.infer<typeof SquareCatalogObjectSchema>;

export const SearchCatalogObjectsResponseSchema = z
  .object({
    objects: z.array(z.unknown()).optional(),
    related_objects: z.array(z.unknown()).optional(),
    latest_time: z.string().optional(),
    cursor: z.string().optional(),
  })
  .loose();

/** One inventory count of one variation at one location in one state. */
export const SquareInventoryCountSchema = z
  .object({
    catalog_object_id: z.string().min(1),
    location_id: z.string().min(1),
    state: z.string().optional(),
    quantity: z.string().optional(),
    calculated_at: z.string().optional(),
  })
  .loose();
export type SquareInventoryCount = z.infer<typeof SquareInventoryCountSchema>;

export const BatchRetrieveInventoryCountsResponseSchema = z
  .object({ counts: z.array(z.unknown()).optional(), cursor: z.string().optional() })
  .loose();

export const ListLocationsResponseSchema = z
  .object({ locations: z.array(z.object({ id: z.string() }).loose()).optional() })
  .loose();

/** The webhook envelope (e.g. spec `OrderUpdatedEvent.example`). */
export const SquareWebhookEnvelopeSchema = z
  .object({
    event_id: z.string().min(1),
    type: z.string().min(1),
    merchant_id: z.string().optional(),
    created_at: z.string().optional(),
    data: z
      .object({
        type: z.string().optional(),
        id: z.string().optional(),
        deleted: z.boolean().optional(),
        object: z.record(z.string(), z.unknown()).optional(),
      })
      .loose()
      .optional(),
  })
  .loose();
export type SquareWebhookEnvelope = z.infer<typeof SquareWebhookEnvelopeSchema>;
