import { headerSecretValues, redactText } from './redact';

describe('redactText', () => {
  it('replaces every occurrence of each secret, longest first', () => {
    expect(redactText('key=abcd1234 again abcd1234', ['abcd1234'])).toBe('key=[redacted] again [redacted]');
    expect(redactText('token abcd1234xyz', ['abcd', 'abcd1234xyz'])).toBe('token [redacted]');
  });

  it('also catches URL-encoded secrets', () => {
    expect(redactText('/x?key=a%2Fb%2Bc%3D', ['a/b+c='])).toBe('/x?key=[redacted]');
  });

  it('ignores empty and very short values', () => {
    expect(redactText('a b c', ['', 'a'])).toBe('a b c');
  });
});

describe('headerSecretValues', () => {
  it('returns header values and the bare credential of Authorization', () => {
    expect(headerSecretValues({ Authorization: 'Bearer tok-123', 'X-Api-Key': 'k-999' })).toEqual([
      'Bearer tok-123',
      'tok-123',
      'k-999',
    ]);
    expect(headerSecretValues(undefined)).toEqual([]);
  });
});
