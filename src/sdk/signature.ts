import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Computes an HMAC of `message`, as most vendors sign webhooks (Square: sha256/base64 over URL +
 * body; Shopify: sha256/base64 over the body; older systems: sha1/hex).
 */
export function hmac(
  algorithm: 'sha1' | 'sha256',
  key: string | Buffer,
  message: string | Buffer,
  encoding: 'base64' | 'hex',
): string {
  return createHmac(algorithm, key).update(message).digest(encoding);
}

/**
 * Compares two strings in constant time, also when their lengths differ: both sides are hashed to
 * fixed-size digests first, so neither the content nor the length leaks through timing.
 */
export function timingSafeEqualString(a: string, b: string): boolean {
  const da = createHash('sha256').update(a, 'utf8').digest();
  const db = createHash('sha256').update(b, 'utf8').digest();
  // The digest comparison alone could (astronomically rarely) collide; the length check costs nothing.
  return timingSafeEqual(da, db) && a.length === b.length;
}
