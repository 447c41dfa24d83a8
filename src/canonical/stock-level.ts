import { z } from 'zod';
import { IdSchema, IsoDateTimeSchema, entityBaseShape } from './entity-base';
import { QuantitySchema } from './quantity';

/** Which product a stock level counts; identified by the origin's id, its SKU, or both. */
export const StockProductRefSchema = z
  .strictObject({ externalId: IdSchema.optional(), sku: z.string().min(1).optional() })
  .refine((p) => p.externalId !== undefined || p.sku !== undefined, {
    message: 'at least one of externalId, sku is required',
  });

/**
 * On-hand quantity of one product at one location at a moment. `externalId` is conventionally
 * "<product>@<location>". The quantity may be negative: POS systems keep selling past zero.
 */
export const StockLevelSchema = z.strictObject({
  ...entityBaseShape,
  product: StockProductRefSchema,
  locationId: IdSchema,
  quantity: QuantitySchema,
  countedAt: IsoDateTimeSchema,
});

/** See {@link StockLevelSchema}. */
export type StockLevel = z.infer<typeof StockLevelSchema>;
