import { z } from 'zod';
import { CurrencyCodeSchema } from './currency';
import { IdSchema, IsoDateTimeSchema, entityBaseShape } from './entity-base';
import { NonNegativeMoneySchema as Amount, zeroMoney } from './money';
import { QuantitySchema } from './quantity';

/*
 * A sales transaction as every POS can describe it. All amounts are non-negative: `kind` carries the
 * sign, so a refund's amounts are what was given back. Arithmetic consistency between lines, totals
 * and tenders is not a zod concern; see checkTransactionInvariants in transaction.invariants.ts.
 */

/** A discount, on a line or on the whole order. */
export const DiscountSchema = z.strictObject({ name: z.string().min(1), amount: Amount });
export type Discount = z.infer<typeof DiscountSchema>;

/**
 * A tax. `inclusive` taxes are already part of the price and do not add to totals; `rate` is a
 * percentage as a decimal string ("10", "8.875").
 */
export const TaxSchema = z.strictObject({
  name: z.string().min(1),
  rate: z
    .string()
    .regex(/^\d+(?:\.\d+)?$/, {
      message: 'must be a non-negative percentage as a decimal string, e.g. "8.875"',
    })
    .optional(),
  amount: Amount,
  inclusive: z.boolean(),
});
export type Tax = z.infer<typeof TaxSchema>;

/** A service charge (delivery fee, table service) added to the order. */
export const ServiceChargeSchema = z.strictObject({ name: z.string().min(1), amount: Amount });
export type ServiceCharge = z.infer<typeof ServiceChargeSchema>;

/** Ways a customer pays; vendors' many methods map onto these (see the payment-method lookup). */
export const TENDER_TYPES = ['card', 'cash', 'wallet', 'gift_card', 'bank_transfer', 'other'] as const;
export type TenderType = (typeof TENDER_TYPES)[number];

/** One payment (or, on a refund, one repayment). */
export const TenderSchema = z.strictObject({
  type: z.enum(TENDER_TYPES),
  cardBrand: z.string().min(1).optional(),
  amount: Amount,
  /** Processor or terminal reference, for reconciliation. */
  reference: z.string().min(1).optional(),
});
export type Tender = z.infer<typeof TenderSchema>;

/** The product a line sold; the name is required because receipts always print one. */
export const LineProductSchema = z.strictObject({
  externalId: IdSchema.optional(),
  sku: z.string().min(1).optional(),
  name: z.string().min(1),
});

/**
 * One receipt line. `gross` = quantity × unitPrice; `total` = gross − discounts + non-inclusive taxes.
 * Quantities are non-negative like the amounts.
 */
export const TransactionLineSchema = z.strictObject({
  lineId: IdSchema,
  product: LineProductSchema,
  quantity: QuantitySchema.refine((q) => !q.startsWith('-'), { message: 'must not be negative' }),
  unitPrice: Amount,
  gross: Amount,
  discounts: z.array(DiscountSchema).default([]),
  taxes: z.array(TaxSchema).default([]),
  total: Amount,
});
export type TransactionLine = z.infer<typeof TransactionLineSchema>;

/** Who bought, as far as the POS knows at sale time; identity resolution links it to a customer record. */
export const TransactionCustomerSchema = z.strictObject({
  externalId: IdSchema.optional(),
  email: z.string().min(1).optional(),
  phone: z.string().min(1).optional(),
  name: z.string().min(1).optional(),
});

/** Totals as the POS reported them; serviceCharge and tip may be omitted and then mean zero. */
export const TransactionTotalsSchema = z.strictObject({
  lines: Amount,
  discount: Amount,
  tax: Amount,
  serviceCharge: Amount.optional(),
  tip: Amount.optional(),
  total: Amount,
});

export const TRANSACTION_KINDS = ['sale', 'refund', 'void'] as const;
export type TransactionKind = (typeof TRANSACTION_KINDS)[number];

/**
 * The canonical sales transaction. Omitted arrays become `[]`; omitted `tip`, `totals.tip` and
 * `totals.serviceCharge` become zero in the transaction currency, so the parsed output always has them.
 * `originalExternalId` links a refund to the sale it refunds, when the POS says which.
 */
/**
 * Present when the transaction is a summary that poshub built from many sales (daily-summary
 * posting): which business day it covers, how many sales it counts, whether the day is closed, and
 * for an adjustment of a closed day, its number (0 = the day's main summary).
 */
export const TransactionSummarySchema = z.strictObject({
  businessDay: z.iso.date(),
  transactions: z.number().int().min(0),
  final: z.boolean(),
  adjustment: z.number().int().min(0),
});
export type TransactionSummary = z.infer<typeof TransactionSummarySchema>;

export const SalesTransactionSchema = z
  .strictObject({
    ...entityBaseShape,
    kind: z.enum(TRANSACTION_KINDS),
    receiptNumber: z.string().min(1).optional(),
    originalExternalId: IdSchema.optional(),
    occurredAt: IsoDateTimeSchema,
    locationId: IdSchema,
    currency: CurrencyCodeSchema,
    customer: TransactionCustomerSchema.optional(),
    lines: z.array(TransactionLineSchema),
    discounts: z.array(DiscountSchema).default([]),
    taxes: z.array(TaxSchema).default([]),
    serviceCharges: z.array(ServiceChargeSchema).default([]),
    tip: Amount.optional(),
    tenders: z.array(TenderSchema).default([]),
    totals: TransactionTotalsSchema,
    summary: TransactionSummarySchema.optional(),
  })
  .transform((tx) => {
    const zero = zeroMoney(tx.currency);
    return {
      ...tx,
      tip: tx.tip ?? zero,
      totals: { ...tx.totals, serviceCharge: tx.totals.serviceCharge ?? zero, tip: tx.totals.tip ?? zero },
    };
  });

/** A parsed transaction (defaults applied). */
export type SalesTransaction = z.output<typeof SalesTransactionSchema>;
/** What a mapping may produce before defaults are applied. */
export type SalesTransactionInput = z.input<typeof SalesTransactionSchema>;
export type TransactionTotals = SalesTransaction['totals'];
