import { LocationSchema, isValidTimeZone } from './location';

const store = {
  externalId: 'store-1',
  name: 'District 1',
  timezone: 'Asia/Ho_Chi_Minh',
  currency: 'VND',
  country: 'VN',
};

describe('LocationSchema', () => {
  it('accepts a location', () => {
    expect(LocationSchema.parse(store)).toEqual(store);
    expect(LocationSchema.safeParse({ ...store, timezone: 'UTC', country: undefined }).success).toBe(true);
  });

  it('validates time zones with the runtime database', () => {
    expect(isValidTimeZone('America/Argentina/Buenos_Aires')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
  });

  it.each([
    [{ timezone: 'Mars/Olympus_Mons' }, 'timezone: must be an IANA time zone such as "Europe/Paris"'],
    [{ currency: 'XYZ' }, 'currency: unknown currency XYZ'],
    [{ country: 'VNM' }, 'country: must be an ISO 3166-1 alpha-2 code such as "US"'],
    [{ name: '' }, 'name: Too small: expected string to have >=1 characters'],
  ])('refuses %j', (fields, message) => {
    const result = LocationSchema.safeParse({ ...store, ...fields });
    expect(result.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([message]);
  });
});
