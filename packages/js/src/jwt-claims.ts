import type { SessionTokenClaims } from '@latchkey/backend/internal';

/**
 * Reads a JWT's claims without verifying it. The browser only uses them for
 * display and for timing its refresh; every server verifies the signature.
 * Returns `null` for anything that is not a JWT with a JSON object payload.
 */
export function readJwtClaims(jwt: string): SessionTokenClaims | null {
  const part = jwt.split('.')[1];
  if (!part) return null;
  try {
    const base64 = part.replace(/-/g, '+').replace(/_/g, '/');
    const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
    const json = new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
    const claims = JSON.parse(json) as unknown;
    return claims !== null && typeof claims === 'object' && !Array.isArray(claims) ? (claims as SessionTokenClaims) : null;
  } catch {
    return null;
  }
}
