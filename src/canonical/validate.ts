import type { z } from 'zod';
import type { CanonicalKindName } from '../sdk/connector';
import { CustomerSchema, type Customer } from './customer';
import { CustomerBehaviourSchema, type CustomerBehaviour } from './customer-behaviour';
import { LocationSchema, type Location } from './location';
import { ProductSchema, type Product } from './product';
import { StockLevelSchema, type StockLevel } from './stock-level';
import { SalesTransactionSchema, type SalesTransaction } from './transaction';
import { checkTransactionInvariants } from './transaction.invariants';

/** The canonical kinds (same names as the SDK's CanonicalKindName). */
export type CanonicalKind = CanonicalKindName;

/** Every canonical kind, in a stable order. */
export const CANONICAL_KINDS: readonly CanonicalKind[] = Object.freeze([
  'transaction',
  'customer',
  'product',
  'stock',
  'location',
  'customer-behaviour',
]);

/** The parsed record type of each canonical kind. */
export interface CanonicalRecordTypes {
  transaction: SalesTransaction;
  customer: Customer;
  product: Product;
  stock: StockLevel;
  location: Location;
  'customer-behaviour': CustomerBehaviour;
}

/** zod schema of each canonical kind (mapping outputs `canonical.<kind>` are parsed with these). */
export const CANONICAL_SCHEMAS: { readonly [K in CanonicalKind]: z.ZodType<CanonicalRecordTypes[K]> } =
  Object.freeze({
    transaction: SalesTransactionSchema,
    customer: CustomerSchema,
    product: ProductSchema,
    stock: StockLevelSchema,
    location: LocationSchema,
    'customer-behaviour': CustomerBehaviourSchema,
  });

/** Outcome of {@link validateCanonical}: the parsed value (defaults applied) or every reason it failed. */
export type CanonicalValidation<K extends CanonicalKind = CanonicalKind> =
  { ok: true; value: CanonicalRecordTypes[K] } | { ok: false; reasons: string[] };

/** Renders zod issues as "<dotted.path>: <message>" ("(root)" when the issue is about the whole value). */
export function formatIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map(
    (issue) => `${issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)'}: ${issue.message}`,
  );
}

/**
 * Parses `value` as a canonical record of `kind` and, for transactions, checks the arithmetic
 * invariants (see checkTransactionInvariants). Never throws for bad data.
 */
export function validateCanonical<K extends CanonicalKind>(kind: K, value: unknown): CanonicalValidation<K> {
  if (!Object.hasOwn(CANONICAL_SCHEMAS, kind))
    return { ok: false, reasons: [`unknown canonical kind ${kind}`] };
  const schema = CANONICAL_SCHEMAS[kind] as z.ZodType<CanonicalRecordTypes[K]>;
  const parsed = schema.safeParse(value);
  if (!parsed.success) return { ok: false, reasons: formatIssues(parsed.error.issues) };
  if (kind === 'transaction') {
    const reasons = checkTransactionInvariants(parsed.data as SalesTransaction);
    if (reasons.length > 0) return { ok: false, reasons };
  }
  return { ok: true, value: parsed.data };
}
