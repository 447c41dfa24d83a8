import { hmac, timingSafeEqualString } from './signature';

describe('hmac', () => {
  // RFC 4231 test case 2 and RFC 2202 test case 2.
  it('matches published HMAC-SHA256 and HMAC-SHA1 vectors', () => {
    expect(hmac('sha256', 'Jefe', 'what do ya want for nothing?', 'hex')).toBe(
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
    expect(hmac('sha1', 'Jefe', 'what do ya want for nothing?', 'hex')).toBe(
      'effcdf6ae5eb2fa2d27416d5f184df9c259a7c79',
    );
  });

  it('encodes base64 and accepts Buffers', () => {
    const hex = hmac('sha256', Buffer.from('k'), Buffer.from('body'), 'hex');
    expect(hmac('sha256', 'k', 'body', 'base64')).toBe(Buffer.from(hex, 'hex').toString('base64'));
  });
});

describe('timingSafeEqualString', () => {
  it('compares equal and different strings, including different lengths', () => {
    expect(timingSafeEqualString('abc', 'abc')).toBe(true);
    expect(timingSafeEqualString('abc', 'abd')).toBe(false);
    expect(timingSafeEqualString('abc', 'abcd')).toBe(false);
    expect(timingSafeEqualString('', '')).toBe(true);
    expect(timingSafeEqualString('', 'a')).toBe(false);
  });
});
