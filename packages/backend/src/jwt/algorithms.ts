import type { JwsAlgorithm } from './crypto-types.js';
import { decodeBase64Url } from './base64url.js';

/** Algorithms Latchkey verifies. Everything else (`none`, HS*, PS*) is refused. */
export const supportedAlgorithms: readonly JwsAlgorithm[] = ['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'EdDSA'];

export function isSupportedAlgorithm(alg: unknown): alg is JwsAlgorithm {
  return typeof alg === 'string' && (supportedAlgorithms as readonly string[]).includes(alg);
}

/**
 * The one algorithm a JWK may be used with (the key pins the algorithm, never
 * the token). A JWK's own `alg` wins when it fits the key type; otherwise RSA
 * means RS256, P-256 ES256, P-384 ES384, Ed25519 EdDSA. Returns null when the
 * JWK is not a usable public signature key.
 */
export function algorithmForJwk(jwk: JsonWebKey & { kid?: string }): JwsAlgorithm | null {
  if (jwk.use !== undefined && jwk.use !== 'sig') return null;
  if ('d' in jwk || 'k' in jwk) return null; // private or symmetric material: never a verification key
  let natural: JwsAlgorithm[];
  if (jwk.kty === 'RSA' && typeof jwk.n === 'string' && typeof jwk.e === 'string') natural = ['RS256', 'RS384', 'RS512'];
  else if (jwk.kty === 'EC' && jwk.crv === 'P-256') natural = ['ES256'];
  else if (jwk.kty === 'EC' && jwk.crv === 'P-384') natural = ['ES384'];
  else if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519') natural = ['EdDSA'];
  else return null;
  if (jwk.alg === undefined) return natural[0]!;
  return (natural as string[]).includes(jwk.alg) ? (jwk.alg as JwsAlgorithm) : null;
}

const oid = {
  rsaEncryption: [0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01],
  ecPublicKey: [0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01],
  prime256v1: [0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07],
  secp384r1: [0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x22],
  ed25519: [0x06, 0x03, 0x2b, 0x65, 0x70],
};

function contains(haystack: Uint8Array, needle: number[], limit: number): boolean {
  outer: for (let i = 0; i + needle.length <= Math.min(haystack.length, limit); i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

/**
 * The algorithm a DER SubjectPublicKeyInfo pins: read from its
 * AlgorithmIdentifier, which sits in the first few dozen bytes.
 */
export function algorithmForSpki(spki: Uint8Array): JwsAlgorithm | null {
  const head = 32;
  if (contains(spki, oid.rsaEncryption, head)) return 'RS256';
  if (contains(spki, oid.ed25519, head)) return 'EdDSA';
  if (contains(spki, oid.ecPublicKey, head)) {
    if (contains(spki, oid.prime256v1, head)) return 'ES256';
    if (contains(spki, oid.secp384r1, head)) return 'ES384';
  }
  return null;
}

/**
 * Reads a PEM public key (with or without the BEGIN/END lines, as Clerk's
 * `jwtKey` allows) into DER bytes. Returns null on anything else.
 */
export function pemToSpki(pem: string): Uint8Array | null {
  const trimmed = pem.trim();
  if (/-----BEGIN (?!PUBLIC KEY)/.test(trimmed)) return null;
  const body = trimmed
    .replace(/-----(BEGIN|END) PUBLIC KEY-----/g, '')
    .replace(/\\n/g, '')
    .replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(body)) return null;
  return decodeBase64Url(body.replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_'));
}
