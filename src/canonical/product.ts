import { z } from 'zod';
import { entityBaseShape } from './entity-base';
import { NonNegativeMoneySchema } from './money';

/** A sellable product or one variation of it (size, colour), as the POS catalogue knows it. */
export const ProductSchema = z.strictObject({
  ...entityBaseShape,
  sku: z.string().min(1).optional(),
  name: z.string().min(1),
  variationName: z.string().min(1).optional(),
  /** List price; absent for open-price items. */
  price: NonNegativeMoneySchema.optional(),
  taxCategory: z.string().min(1).optional(),
  deleted: z.boolean().optional(),
});

/** See {@link ProductSchema}. */
export type Product = z.infer<typeof ProductSchema>;
