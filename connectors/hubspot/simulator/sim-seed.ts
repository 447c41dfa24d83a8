/** Deterministic contact data for `seedContacts`, drawn from the data PRNG. */

const FIRST = [
  'Anna',
  'Binh',
  'Carlos',
  'Dana',
  'Emeka',
  'Fatima',
  'Goran',
  'Hana',
  'Ivan',
  'Jia',
  'Kofi',
  'Lena',
];
const LAST = ['Nguyen', 'Smith', 'Garcia', 'Okafor', 'Kowalski', 'Tanaka', 'Haddad', 'Silva', 'Berg', 'Chen'];
const CITIES = ['Portland', 'Austin', 'Denver', 'Boston', 'Chicago', 'Seattle'];

export function seedContactProperties(random: () => number, n: number): Record<string, string> {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const firstname = pick(FIRST);
  const lastname = pick(LAST);
  const phone = `+1555${String(Math.floor(random() * 10_000_000)).padStart(7, '0')}`;
  return {
    firstname,
    lastname,
    // The running number keeps emails distinct whatever the draws.
    email: `${firstname}.${lastname}.${n}@example.com`.toLowerCase(),
    phone,
    city: pick(CITIES),
    lifecyclestage: 'customer',
  };
}
