import { z } from 'zod';
import { CurrencyCodeSchema } from './currency';
import { IdSchema, IsoDateTimeSchema, entityBaseShape } from './entity-base';
import { MoneySchema } from './money';
import { QuantitySchema } from './quantity';

/**
 * What a customer has bought, computed by poshub from the ledger's transactions (never read from a
 * vendor): CRMs show it on the contact. One record per customer of a POS connection; its
 * `externalId` is the customer's id at that POS. Amounts are in `currency`, the currency of the
 * customer's latest sale; transactions in other currencies are counted in `otherCurrencyTransactions`
 * instead of being converted at a guessed rate.
 */
export const CustomerBehaviourSchema = z.strictObject({
  ...entityBaseShape,
  customer: z.strictObject({ externalId: IdSchema }),
  currency: CurrencyCodeSchema,
  /** Sales minus refunds. */
  lifetimeSpend: MoneySchema,
  /** Sales counted (refunds and voids are not orders). */
  orderCount: z.number().int().min(0),
  refundCount: z.number().int().min(0),
  /** lifetimeSpend / orderCount, rounded half-even to the currency's minor unit. */
  averageOrderValue: MoneySchema,
  firstPurchaseAt: IsoDateTimeSchema.optional(),
  lastPurchaseAt: IsoDateTimeSchema.optional(),
  /** POS location of the latest sale. */
  lastLocationId: IdSchema.optional(),
  /** The product bought in the most sales (ties: larger quantity, then name). */
  favouriteProduct: z
    .strictObject({ sku: z.string().min(1).optional(), name: z.string().min(1), quantity: QuantitySchema })
    .optional(),
  otherCurrencyTransactions: z.number().int().min(0),
});

/** See {@link CustomerBehaviourSchema}. */
export type CustomerBehaviour = z.infer<typeof CustomerBehaviourSchema>;
