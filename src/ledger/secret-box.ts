import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';

const VERSION = 'v1';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const MIN_PASSPHRASE_LENGTH = 16;
/**
 * Fixed scrypt salt for passphrase keys. A fixed salt is acceptable here because the passphrase is
 * a deployment secret (not a user password): the salt only has to make the derivation poshub-specific,
 * and it must be stable so the same passphrase opens values sealed by earlier runs.
 */
export const SECRET_BOX_SCRYPT_SALT = 'poshub-secret-box';

/** Thrown when a sealed value cannot be opened: wrong key, tampered or malformed. */
export class SecretBoxError extends Error {
  override readonly name = 'SecretBoxError';
}

/**
 * Authenticated encryption (AES-256-GCM) for connection secrets at rest.
 *
 * Sealed format: `v1.<iv>.<tag>.<ciphertext>` (base64url parts), with a fresh random 12-byte IV per
 * seal. The version prefix is bound as additional authenticated data, so it cannot be swapped.
 */
export class SecretBox {
  private constructor(private readonly key: Buffer) {}

  /**
   * Builds a box from a key: 32 bytes as 64 hex chars or as base64/base64url; any other string of at
   * least 16 characters is treated as a passphrase and stretched with scrypt (salt
   * {@link SECRET_BOX_SCRYPT_SALT}, N=16384, r=8, p=1).
   */
  static fromKey(key: string): SecretBox {
    return new SecretBox(deriveKey(key));
  }

  /** Encrypts `plain`; every call gives a different sealed string. */
  seal(plain: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(VERSION));
    const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [VERSION, iv, tag, ciphertext]
      .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
      .join('.');
  }

  /** Decrypts a value from {@link seal}; throws {@link SecretBoxError} if it was altered or the key is wrong. */
  open(sealed: string): string {
    const parts = sealed.split('.');
    if (parts.length !== 4 || parts[0] !== VERSION) {
      throw new SecretBoxError('Sealed value has an unknown format (expected v1.<iv>.<tag>.<ciphertext>)');
    }
    const [, ivText, tagText, ciphertextText] = parts as [string, string, string, string];
    const iv = Buffer.from(ivText, 'base64url');
    const tag = Buffer.from(tagText, 'base64url');
    if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) {
      throw new SecretBoxError('Sealed value has a malformed IV or tag');
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(VERSION));
      decipher.setAuthTag(tag);
      const ciphertext = Buffer.from(ciphertextText, 'base64url');
      return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
    } catch {
      // Node's message ("Unsupported state or unable to authenticate data") tells operators nothing.
      throw new SecretBoxError('Cannot open sealed value: wrong key or the value was tampered with');
    }
  }
}

function deriveKey(key: string): Buffer {
  if (/^[0-9a-fA-F]{64}$/.test(key)) return Buffer.from(key, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(key)) {
    const bytes = Buffer.from(key.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (bytes.length === KEY_BYTES) return bytes;
  }
  if (key.length < MIN_PASSPHRASE_LENGTH) {
    throw new SecretBoxError(
      `Secret key is too short: give 32 bytes as hex/base64 or a passphrase of at least ${MIN_PASSPHRASE_LENGTH} characters`,
    );
  }
  return scryptSync(key, SECRET_BOX_SCRYPT_SALT, KEY_BYTES);
}
