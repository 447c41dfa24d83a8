import { z } from 'zod';

/*
 * The parts of HubSpot's answers the connector reads, parsed at the edge. Objects are `loose`:
 * HubSpot adds fields freely, and only what is named here is relied on.
 */

/** A property value: HubSpot answers strings, or null when unset. */
const Value = z.string().nullable().optional();

/** One CRM object (`SimplePublicObject`); `new` is set on batch upsert results. */
export const CrmObjectSchema = z
  .object({
    id: z.string(),
    properties: z.record(z.string(), Value).default({}),
    createdAt: z.string().optional(),
    updatedAt: z.string().optional(),
    archived: z.boolean().optional(),
    new: z.boolean().optional(),
  })
  .loose();
export type CrmObject = z.infer<typeof CrmObjectSchema>;

/** One failed input of a 207 answer. */
export const BatchErrorSchema = z
  .object({
    status: z.string().optional(),
    category: z.string().optional(),
    subCategory: z.unknown().optional(),
    message: z.string().optional(),
    context: z.record(z.string(), z.array(z.string())).optional(),
  })
  .loose();
export type BatchError = z.infer<typeof BatchErrorSchema>;

/** `BatchResponseSimplePublicObject` (200/201) or `…WithErrors` (207). */
export const BatchResponseSchema = z
  .object({
    status: z.string().optional(),
    results: z.array(CrmObjectSchema).default([]),
    numErrors: z.number().optional(),
    errors: z.array(BatchErrorSchema).default([]),
  })
  .loose();
export type BatchResponse = z.infer<typeof BatchResponseSchema>;

/** `POST /crm/v3/objects/{type}/search`. */
export const SearchResponseSchema = z
  .object({
    total: z.number().optional(),
    results: z.array(CrmObjectSchema).default([]),
    paging: z
      .object({ next: z.object({ after: z.string() }).loose().optional() })
      .loose()
      .optional(),
  })
  .loose();

/** `GET /account-info/v3/details`. */
export const AccountInfoSchema = z
  .object({
    portalId: z.number().optional(),
    timeZone: z.string().optional(),
    companyCurrency: z.string().optional(),
    /** Further currencies the account takes deals in (Settings → Account defaults → Currency). */
    additionalCurrencies: z.array(z.string()).optional(),
  })
  .loose();
export type AccountInfo = z.infer<typeof AccountInfoSchema>;

/** `GET /crm/v3/pipelines/deals`. */
export const PipelinesSchema = z
  .object({
    results: z
      .array(
        z
          .object({
            id: z.string(),
            label: z.string().optional(),
            stages: z.array(z.object({ id: z.string(), label: z.string().optional() }).loose()).default([]),
          })
          .loose(),
      )
      .default([]),
  })
  .loose();

/** `GET /crm/v3/properties/{type}` and `/groups`. */
export const NamedListSchema = z
  .object({ results: z.array(z.object({ name: z.string() }).loose()).default([]) })
  .loose();

/** `POST /crm/v4/associations/{from}/{to}/batch/read`. */
export const AssociationReadSchema = z
  .object({
    results: z
      .array(
        z
          .object({
            from: z.object({ id: z.union([z.string(), z.number()]).transform(String) }).loose(),
            to: z
              .array(z.object({ toObjectId: z.union([z.string(), z.number()]).transform(String) }).loose())
              .default([]),
            paging: z
              .object({ next: z.object({ after: z.string() }).loose().optional() })
              .loose()
              .optional(),
          })
          .loose(),
      )
      .default([]),
    errors: z.array(BatchErrorSchema).default([]),
  })
  .loose();

/** `GET /crm/v4/objects/{from}/{id}/associations/{to}`. */
export const AssociationPageSchema = z
  .object({
    results: z
      .array(z.object({ toObjectId: z.union([z.string(), z.number()]).transform(String) }).loose())
      .default([]),
    paging: z
      .object({ next: z.object({ after: z.string() }).loose().optional() })
      .loose()
      .optional(),
  })
  .loose();
