import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/**
 * Normalised email and phone: the keys poshub matches customers on and the form it writes to
 * targets that deduplicate on them (HubSpot contacts are unique by email).
 */

/**
 * Trims, applies Unicode NFKC (full-width letters typed on Asian keyboards become ASCII) and lower-cases
 * the whole address. Lower-casing the local part is technically lossy, but no mail system in use
 * treats case there as significant and every CRM compares emails case-insensitively.
 * Returns undefined for empty input.
 */
export function normaliseEmail(email: string | undefined | null): string | undefined {
  if (email === undefined || email === null) return undefined;
  const value = email.normalize('NFKC').trim().toLowerCase();
  return value === '' ? undefined : value;
}

/**
 * The phone number in E.164 (`+84912345678`) when it can be read as a valid number, using
 * `defaultCountry` (ISO 3166 alpha-2, e.g. the shop's country) for numbers typed without a country
 * code. Returns undefined for empty input and for numbers that are not valid: a wrong number must not
 * become a match key.
 */
export function normalisePhone(
  phone: string | undefined | null,
  defaultCountry?: string,
): string | undefined {
  if (phone === undefined || phone === null) return undefined;
  const text = phone.normalize('NFKC').trim();
  if (text === '') return undefined;
  // "00" is the international prefix in most of the world; libphonenumber reads it only with a country.
  const international = text.startsWith('00') ? `+${text.slice(2)}` : text;
  const parsed = parsePhoneNumberFromString(international, toCountry(defaultCountry));
  return parsed?.isValid() ? parsed.number : undefined;
}

function toCountry(code: string | undefined): CountryCode | undefined {
  return code && /^[A-Z]{2}$/.test(code) ? (code as CountryCode) : undefined;
}
