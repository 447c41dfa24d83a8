import { randomBytes } from 'node:crypto';
import { SecretBox, SecretBoxError } from './secret-box';

const HEX_KEY = '0f'.repeat(32);

function tamper(sealed: string, part: number): string {
  const parts = sealed.split('.');
  const bytes = Buffer.from(parts[part]!, 'base64url');
  bytes[0] = bytes[0]! ^ 0x01;
  parts[part] = bytes.toString('base64url');
  return parts.join('.');
}

describe('SecretBox', () => {
  const box = SecretBox.fromKey(HEX_KEY);

  it('round-trips text, with a fresh IV per seal', () => {
    const plain = '{"token":"sk_live_abc","note":"ünïcødé ✓"}';
    const a = box.seal(plain);
    const b = box.seal(plain);
    expect(a).toMatch(/^v1\.[\w-]{16}\.[\w-]{22}\.[\w-]+$/);
    expect(a).not.toBe(b);
    expect(a.split('.')[1]).not.toBe(b.split('.')[1]);
    expect(box.open(a)).toBe(plain);
    expect(box.open(b)).toBe(plain);
    expect(box.open(box.seal(''))).toBe('');
  });

  it('detects tampering with the IV, tag or ciphertext', () => {
    const sealed = box.seal('secret value');
    for (const part of [1, 2, 3]) expect(() => box.open(tamper(sealed, part))).toThrow(SecretBoxError);
    expect(() => box.open(sealed.replace(/^v1/, 'v2'))).toThrow(/unknown format/);
    expect(() => box.open('v1.abc.def')).toThrow(SecretBoxError);
    expect(() => box.open('v1.AAAA.AAAA.AAAA')).toThrow(/malformed IV/);
  });

  it('refuses to open with a different key', () => {
    const sealed = box.seal('secret value');
    expect(() => SecretBox.fromKey('f0'.repeat(32)).open(sealed)).toThrow(
      /wrong key or the value was tampered/,
    );
  });

  it('accepts a 32-byte key as hex, base64 or base64url and treats them alike', () => {
    const raw = randomBytes(32);
    const sealed = SecretBox.fromKey(raw.toString('hex')).seal('x');
    expect(SecretBox.fromKey(raw.toString('base64')).open(sealed)).toBe('x');
    expect(SecretBox.fromKey(raw.toString('base64url')).open(sealed)).toBe('x');
    expect(SecretBox.fromKey(raw.toString('hex').toUpperCase()).open(sealed)).toBe('x');
  });

  it('stretches a passphrase of 16+ characters deterministically and rejects shorter ones', () => {
    const sealed = SecretBox.fromKey('correct horse battery').seal('x');
    expect(SecretBox.fromKey('correct horse battery').open(sealed)).toBe('x');
    expect(() => SecretBox.fromKey('correct horse batterY').open(sealed)).toThrow(SecretBoxError);
    expect(() => SecretBox.fromKey('too-short-key')).toThrow(/too short/);
    expect(() => SecretBox.fromKey('')).toThrow(/too short/);
    expect(() => SecretBox.fromKey('x'.repeat(16))).not.toThrow();
  });
});
