import { createHmac } from 'node:crypto';
import type { TemplateSigningAlgorithm } from '../../../store/contract.js';

const HASH: Record<TemplateSigningAlgorithm, string> = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' };

/** Shortest shared secret accepted: as many bytes as the hash puts out (RFC 7518 §3.2). */
export const MIN_SECRET_BYTES: Record<TemplateSigningAlgorithm, number> = { HS256: 32, HS384: 48, HS512: 64 };

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * A compact JWS with a shared secret, as a Supabase project (its JWT secret,
 * used as UTF-8 bytes) or any HS256 verifier checks it. No `kid`: the
 * verifier has exactly one secret.
 */
export function signHmacJwt(algorithm: TemplateSigningAlgorithm, secret: string, payload: Record<string, unknown>): string {
  const input = `${b64url({ alg: algorithm, typ: 'JWT' })}.${b64url(payload)}`;
  return `${input}.${createHmac(HASH[algorithm], secret).update(input).digest('base64url')}`;
}
