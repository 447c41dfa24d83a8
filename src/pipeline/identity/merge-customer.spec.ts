import { customerFields, mergeCustomer, type FieldStamps } from './merge-customer';
import { matchKeysOf } from './match-keys';

const at = (day: number) => `2025-06-${String(day).padStart(2, '0')}T10:00:00.000Z`;

describe('customerFields', () => {
  it('normalises email and phone and drops empty values and identity fields', () => {
    expect(
      customerFields(
        { externalId: 'x', email: ' Anna@Example.com ', phone: '0912 345 678', givenName: 'Anna', note: '' },
        'VN',
      ),
    ).toEqual({ email: 'anna@example.com', phone: '+84912345678', givenName: 'Anna' });
  });
  it('keeps a phone that does not parse as typed', () => {
    expect(customerFields({ phone: 'ext. 12' }, 'VN')).toEqual({ phone: 'ext. 12' });
  });
});

describe('matchKeysOf', () => {
  it('builds namespaced keys in the configured order and skips invalid phones', () => {
    expect(
      matchKeysOf(
        { email: 'A@b.co', phone: '0912345678', referenceId: ' L-1 ' },
        ['phone', 'email', 'referenceId'],
        'VN',
      ),
    ).toEqual(['phone:+84912345678', 'email:a@b.co', 'ref:L-1']);
    expect(matchKeysOf({ phone: '123' }, ['phone'], 'VN')).toEqual([]);
  });
});

describe('mergeCustomer', () => {
  const owners = { phone: 'pos', marketingConsent: 'crm', taxId: 'erp' } as const;

  it('takes owned fields only from their owner once the owner is a member', () => {
    const stamps: FieldStamps = { phone: { connection: 'pos', at: at(1) } };
    const result = mergeCustomer(
      { phone: '+84900000001', givenName: 'An' },
      stamps,
      { connection: 'crm', fields: { phone: '+84900000002', marketingConsent: true }, at: at(5) },
      owners,
      new Set(['pos', 'crm']),
    );
    expect(result.fields).toEqual({ phone: '+84900000001', givenName: 'An', marketingConsent: true });
    expect(result.changed).toEqual(['marketingConsent']);
    expect(result.stamps.marketingConsent).toEqual({ connection: 'crm', at: at(5) });
  });

  it('lets another system fill an owned field while the owner has no record of this customer', () => {
    const result = mergeCustomer(
      {},
      {},
      { connection: 'crm', fields: { phone: '+84900000002' }, at: at(2) },
      owners,
      new Set(['crm']),
    );
    expect(result.fields.phone).toBe('+84900000002');
    const later = mergeCustomer(
      result.fields,
      result.stamps,
      { connection: 'crm', fields: { phone: '+84900000003' }, at: at(3) },
      owners,
      new Set(['crm']),
    );
    expect(later.changed).toEqual([]);
  });

  it('resolves unowned fields by newest source time, and absent fields change nothing', () => {
    const base = mergeCustomer(
      {},
      {},
      { connection: 'pos', fields: { email: 'a@b.co', givenName: 'An' }, at: at(3) },
      owners,
      new Set(['pos']),
    );
    const older = mergeCustomer(
      base.fields,
      base.stamps,
      { connection: 'crm', fields: { email: 'old@b.co' }, at: at(2) },
      owners,
      new Set(['pos', 'crm']),
    );
    expect(older.changed).toEqual([]);
    const newer = mergeCustomer(
      base.fields,
      base.stamps,
      { connection: 'crm', fields: { email: 'new@b.co' }, at: at(4) },
      owners,
      new Set(['pos', 'crm']),
    );
    expect(newer.fields).toEqual({ email: 'new@b.co', givenName: 'An' });
    const partial = mergeCustomer(
      newer.fields,
      newer.stamps,
      { connection: 'erp', fields: { taxId: 'VAT-1' }, at: at(5) },
      owners,
      new Set(['pos', 'crm', 'erp']),
    );
    expect(partial.fields).toEqual({ email: 'new@b.co', givenName: 'An', taxId: 'VAT-1' });
  });

  it('compares structured values by content, not key order', () => {
    const result = mergeCustomer(
      { address: { city: 'Hanoi', country: 'VN' } },
      {},
      { connection: 'pos', fields: { address: { country: 'VN', city: 'Hanoi' } }, at: at(1) },
      {},
      new Set(['pos']),
    );
    expect(result.changed).toEqual([]);
  });
});
