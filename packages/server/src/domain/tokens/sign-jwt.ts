import { sign, type KeyObject } from 'node:crypto';
import type { SigningAlgorithm } from '../../store/contract.js';

/**
 * Compact JWS signing on node:crypto: minting is the auth server's scarce
 * resource (RS256 signs ~1,100/s per core), and node:crypto is the fastest
 * signer on Node (DESIGN §9). The header is encoded once per key.
 */
export interface JwtSigner {
  kid: string;
  algorithm: SigningAlgorithm;
  sign(payload: Record<string, unknown>, extraHeader?: Record<string, unknown>): string;
}

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

export function signCompact(input: string, algorithm: SigningAlgorithm | 'HS256', key: KeyObject): string {
  if (algorithm === 'RS256') return sign('sha256', Buffer.from(input), key).toString('base64url');
  // JWS wants the raw r||s form for ECDSA, not DER.
  if (algorithm === 'ES256') return sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' }).toString('base64url');
  if (algorithm === 'EdDSA') return sign(null, Buffer.from(input), key).toString('base64url');
  throw new TypeError(`signCompact does not handle ${algorithm}`);
}

export function createJwtSigner(kid: string, algorithm: SigningAlgorithm, privateKey: KeyObject): JwtSigner {
  const header = b64url({ alg: algorithm, kid, typ: 'JWT' });
  return {
    kid,
    algorithm,
    sign(payload, extraHeader) {
      const encodedHeader = extraHeader ? b64url({ alg: algorithm, kid, typ: 'JWT', ...extraHeader }) : header;
      const input = `${encodedHeader}.${b64url(payload)}`;
      return `${input}.${signCompact(input, algorithm, privateKey)}`;
    },
  };
}
