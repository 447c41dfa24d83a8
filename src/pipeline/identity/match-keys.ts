import { normaliseEmail, normalisePhone, type Customer } from '../../canonical';
import type { IdentityConfig } from '../../config';

/**
 * The keys a customer is matched on, as `email:<normalised>`, `phone:<E.164>`, `ref:<id>`: one
 * namespace per kind so an email can never match a reference id that happens to look like it.
 * A phone that is not a valid number gives no key (a typo must not merge two people).
 */
export function matchKeysOf(
  customer: Pick<Customer, 'email' | 'phone' | 'referenceId'>,
  kinds: IdentityConfig['matchKeys'],
  country: string | undefined,
): string[] {
  const keys: string[] = [];
  for (const kind of kinds) {
    if (kind === 'email') {
      const email = normaliseEmail(customer.email);
      if (email) keys.push(`email:${email}`);
    } else if (kind === 'phone') {
      const phone = normalisePhone(customer.phone, country);
      if (phone) keys.push(`phone:${phone}`);
    } else {
      const ref = customer.referenceId?.normalize('NFKC').trim();
      if (ref) keys.push(`ref:${ref}`);
    }
  }
  return keys;
}
