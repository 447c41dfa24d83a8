import { CustomerSchema } from './customer';

const paths = (value: unknown): string[] => {
  const result = CustomerSchema.safeParse(value);
  return result.success ? [] : result.error.issues.map((i) => i.path.join('.'));
};

describe('CustomerSchema', () => {
  it('accepts a full customer', () => {
    const customer = {
      externalId: 'c-1',
      sourceVersion: '7',
      updatedAt: '2024-05-01T10:00:00.000Z',
      givenName: 'Ana',
      familyName: 'Lima',
      companyName: 'Lima Ltda',
      email: 'ana+pos@example.com.br',
      phone: '+55 11 91234-5678',
      referenceId: 'LOY-42',
      birthday: '1990-02-28',
      note: '',
      address: { line1: 'Rua A, 1', city: 'São Paulo', region: 'SP', postalCode: '01000-000', country: 'BR' },
      marketingConsent: true,
      taxId: '123.456.789-00',
      deleted: false,
    };
    expect(CustomerSchema.parse(customer)).toEqual(customer);
  });

  it.each([
    { givenName: 'A' },
    { familyName: 'B' },
    { companyName: 'C' },
    { email: 'd@e.f' },
    { phone: '1' },
  ])('accepts a customer known only by %j', (fields) => {
    expect(CustomerSchema.safeParse({ externalId: 'c', ...fields }).success).toBe(true);
  });

  it('requires at least one name or contact', () => {
    const result = CustomerSchema.safeParse({ externalId: 'c', referenceId: 'X', note: 'n' });
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.message).toBe(
      'at least one of givenName, familyName, companyName, email, phone is required',
    );
  });

  it.each([
    [{ email: 'not-an-email' }, 'email'],
    [{ birthday: '1990-02-30' }, 'birthday'],
    [{ birthday: '28/02/1990' }, 'birthday'],
    [{ address: { country: 'usa' } }, 'address.country'],
    [{ address: { street: 'x' } }, 'address'],
    [{ updatedAt: 'yesterday' }, 'updatedAt'],
    [{ externalId: '' }, 'externalId'],
    [{ deleted: 'no' }, 'deleted'],
  ])('refuses %j', (fields, path) => {
    expect(paths({ externalId: 'c', givenName: 'Ana', ...fields })).toEqual([path]);
  });

  it('accepts a birthday without a year (0000), as some POS systems send', () => {
    expect(
      CustomerSchema.safeParse({ externalId: 'c', givenName: 'A', birthday: '0000-02-29' }).success,
    ).toBe(true);
  });
});
