import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * SHA-256 of a high-entropy secret, base64url. A fast hash is right here:
 * the secrets are random (>= 128 bits), so there is nothing to brute-force,
 * and the lookup is by id, never by hash (lucia's reasoning).
 */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url');
}

/** Constant-time comparison of two strings (lengths may differ). */
export function safeEqual(a: string, b: string): boolean {
  // Hash both sides first so that the comparison is constant-time even when
  // the lengths differ.
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}
