import { Cookies, QueryParams } from '../constants.js';
import type { KeySource } from '../jwks/key-source.js';
import { assertExpirationClaim } from '../jwt/assertions.js';
import { decodeJwt } from '../jwt/decode.js';
import { verifyDecodedSignature } from '../jwt/verify.js';
import { setCookieName } from './cookies.js';

// The handshake may only set the session cookies on the app's domain. A
// compromised or misconfigured payload must not plant arbitrary cookies.
const relayable = new Set<string>([Cookies.Session, Cookies.ClientUat]);

/**
 * Verifies a `__clerk_handshake` JWT (signed with the instance key, checked
 * against the same keys as session tokens) and returns the Set-Cookie values
 * it carries, keeping only `__session` and `__client_uat`.
 * @throws TokenVerificationError when the JWT is bad
 */
export async function verifyHandshakePayload(token: string, source: KeySource, nowMs: number, skewMs: number): Promise<string[]> {
  const decoded = decodeJwt<{ handshake?: unknown; exp?: unknown }>(token, 64 * 1024);
  await verifyDecodedSignature(decoded, source.resolve);
  if (decoded.payload.exp !== undefined) assertExpirationClaim(decoded.payload.exp, nowMs, skewMs);
  const list = decoded.payload.handshake;
  if (!Array.isArray(list)) throw new TypeError('handshake payload has no "handshake" array');
  return list.filter((c): c is string => typeof c === 'string' && relayable.has(setCookieName(c)));
}

/** `url` with the handshake query parameters removed. */
export function withoutHandshakeParams(url: URL): string {
  const clean = new URL(url);
  clean.searchParams.delete(QueryParams.Handshake);
  clean.searchParams.delete(QueryParams.HandshakeReason);
  return clean.toString();
}

/** The handshake endpoint URL for a return address. */
export function handshakeUrl(frontendApi: string, redirectUrl: string, reason?: string): string {
  const url = new URL(`${frontendApi.replace(/\/+$/, '')}/v1/client/handshake`);
  url.searchParams.set(QueryParams.RedirectUrl, redirectUrl);
  if (reason) url.searchParams.set(QueryParams.HandshakeReason, reason);
  return url.toString();
}
