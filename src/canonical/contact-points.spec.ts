import { normaliseEmail, normalisePhone } from './contact-points';

describe('normaliseEmail', () => {
  it('trims, lower-cases and folds full-width characters', () => {
    expect(normaliseEmail('  Anna.Nguyen@Example.COM ')).toBe('anna.nguyen@example.com');
    expect(normaliseEmail('ＡＢＣ@example.com')).toBe('abc@example.com');
  });
  it('treats empty input as no email', () => {
    expect(normaliseEmail('   ')).toBeUndefined();
    expect(normaliseEmail(undefined)).toBeUndefined();
    expect(normaliseEmail(null)).toBeUndefined();
  });
});

describe('normalisePhone', () => {
  it('reads national numbers with the default country', () => {
    expect(normalisePhone('0912 345 678', 'VN')).toBe('+84912345678');
    expect(normalisePhone('(415) 555-2671', 'US')).toBe('+14155552671');
  });
  it('keeps numbers that carry their country code, whatever the default', () => {
    expect(normalisePhone('+84 912-345-678', 'US')).toBe('+84912345678');
    expect(normalisePhone('0084912345678')).toBe('+84912345678');
  });
  it('refuses numbers that are not valid instead of guessing', () => {
    expect(normalisePhone('12345')).toBeUndefined();
    expect(normalisePhone('0912 345 678')).toBeUndefined();
    expect(normalisePhone('not a phone', 'VN')).toBeUndefined();
    expect(normalisePhone('', 'VN')).toBeUndefined();
  });
});
