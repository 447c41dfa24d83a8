import { z } from 'zod';
import { CountryCodeSchema, entityBaseShape } from './entity-base';

const optionalText = z.string().min(1).optional();

/** A postal address; every part optional because POS systems capture whatever the cashier typed. */
export const AddressSchema = z.strictObject({
  line1: optionalText,
  line2: optionalText,
  city: optionalText,
  region: optionalText,
  postalCode: optionalText,
  country: CountryCodeSchema.optional(),
});

/** See {@link AddressSchema}. */
export type Address = z.infer<typeof AddressSchema>;

/**
 * A customer (person or company). At least one of givenName, familyName, companyName, email or phone is
 * required: without any of them the record cannot be matched or shown to anyone.
 * `birthday` is YYYY-MM-DD; some POS systems send year 0000 when only day and month are known.
 */
export const CustomerSchema = z
  .strictObject({
    ...entityBaseShape,
    givenName: optionalText,
    familyName: optionalText,
    companyName: optionalText,
    // The HTML5 pattern is what browsers accept in checkout forms; stricter patterns refuse real addresses.
    email: z.email({ pattern: z.regexes.html5Email }).optional(),
    phone: optionalText,
    referenceId: optionalText,
    birthday: z.iso.date().optional(),
    note: z.string().optional(),
    address: AddressSchema.optional(),
    marketingConsent: z.boolean().optional(),
    taxId: optionalText,
    deleted: z.boolean().optional(),
  })
  .refine((c) => Boolean(c.givenName || c.familyName || c.companyName || c.email || c.phone), {
    message: 'at least one of givenName, familyName, companyName, email, phone is required',
  });

/** See {@link CustomerSchema}. */
export type Customer = z.infer<typeof CustomerSchema>;
