import { z } from 'zod';
import { CurrencyCodeSchema } from './currency';
import { CountryCodeSchema, entityBaseShape } from './entity-base';

/** True when the runtime's time-zone database knows `zone` (IANA name such as "Asia/Ho_Chi_Minh"). */
export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** A store, warehouse or outlet where sales happen and stock is held. */
export const LocationSchema = z.strictObject({
  ...entityBaseShape,
  name: z.string().min(1),
  timezone: z
    .string()
    .refine(isValidTimeZone, { message: 'must be an IANA time zone such as "Europe/Paris"' }),
  currency: CurrencyCodeSchema,
  country: CountryCodeSchema.optional(),
});

/** See {@link LocationSchema}. */
export type Location = z.infer<typeof LocationSchema>;
