import { z } from 'zod';

/** Identifier text: non-empty, as given by the origin system. */
export const IdSchema = z.string().min(1);

/** ISO 8601 date-time with a UTC offset or `Z` ("2024-05-01T09:30:00+07:00"); local times are refused. */
export const IsoDateTimeSchema = z.iso.datetime({ offset: true });

/** ISO 3166-1 alpha-2 country code, upper case ("VN", "US"). */
export const CountryCodeSchema = z
  .string()
  .regex(/^[A-Z]{2}$/, { message: 'must be an ISO 3166-1 alpha-2 code such as "US"' });

/**
 * Fields every canonical entity carries: its id in the origin system, the origin's version marker
 * (etag, version number) and the origin's last-modified time. Spread into each entity's shape.
 */
export const entityBaseShape = {
  externalId: IdSchema,
  sourceVersion: z.string().min(1).optional(),
  updatedAt: IsoDateTimeSchema.optional(),
};
