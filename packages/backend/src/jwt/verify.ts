import { TokenVerificationError, TokenVerificationErrorAction, TokenVerificationErrorReason } from '../errors.js';
import { assertClaims, assertHeader, type ClaimOptions } from './assertions.js';
import { decodeJwt, DEFAULT_MAX_TOKEN_BYTES, type DecodedJwt } from './decode.js';
import { verifySignature, type KeyResolver, type VerificationKey } from './keys.js';

/** Options of `verifyJwt`: a key (or resolver) and the claim checks. No I/O happens here. */
export interface VerifyJwtOptions extends Omit<ClaimOptions, 'nowMs' | 'clockSkewInMs'> {
  key: VerificationKey | KeyResolver;
  /** Allowed clock skew for exp/nbf/iat. @default 5000 */
  clockSkewInMs?: number;
  /** The clock. @default () => new Date() */
  now?: () => Date;
  /** Accepted `typ` header values (when present). @default 'JWT' */
  headerType?: string | readonly string[];
  /** Longest token accepted, in bytes. @default 16384 */
  maxTokenBytes?: number;
}

/** What a successful verification yields besides the claims. */
export interface VerifiedJwt<Claims> {
  payload: Claims;
  key: VerificationKey;
}

function wrongAlgorithm(pinned: string): TokenVerificationError {
  return new TokenVerificationError({
    reason: TokenVerificationErrorReason.TokenInvalidAlgorithm,
    message: `Invalid JWT algorithm: the key is pinned to ${pinned}.`,
  });
}

function badSignature(): TokenVerificationError {
  return new TokenVerificationError({
    reason: TokenVerificationErrorReason.TokenInvalidSignature,
    action: TokenVerificationErrorAction.EnsureClerkJWT,
    message: 'JWT signature is invalid.',
  });
}

function checkWithKey(decoded: DecodedJwt<unknown>, key: VerificationKey): VerificationKey | Promise<VerificationKey> {
  if (key.alg !== decoded.header.alg) throw wrongAlgorithm(key.alg);
  const ok = verifySignature(key, decoded.signingInput, decoded.signature);
  if (ok === true) return key;
  if (ok === false) throw badSignature();
  return ok.then((valid) => {
    if (!valid) throw badSignature();
    return key;
  });
}

/**
 * Checks the signature of an already decoded token against the key its
 * header names, with the algorithm pinned by the key. Answers synchronously
 * (returns the key, or throws) when the key is loaded and the platform
 * verifies synchronously (node:crypto): the unique-token hot path then
 * awaits nothing. Otherwise returns a promise that rejects on failure.
 * @internal
 */
export function checkDecodedSignature(
  decoded: DecodedJwt<unknown>,
  key: VerificationKey | KeyResolver,
  headerType?: string | readonly string[],
): VerificationKey | Promise<VerificationKey> {
  const header = decoded.header;
  assertHeader(header, headerType);
  const resolved = typeof key === 'function' ? key({ alg: header.alg as string, kid: header.kid as string | undefined }) : key;
  if (resolved instanceof Promise) return resolved.then((k) => checkWithKey(decoded, k));
  return checkWithKey(decoded, resolved);
}

/**
 * `checkDecodedSignature` as a promise (never throws synchronously).
 * @internal
 */
export async function verifyDecodedSignature(
  decoded: DecodedJwt<unknown>,
  key: VerificationKey | KeyResolver,
  headerType?: string | readonly string[],
): Promise<VerificationKey> {
  return checkDecodedSignature(decoded, key, headerType);
}

/**
 * Verifies a compact JWS: shape and size, header (no `none`, no header-supplied
 * keys, no `crit`), signature with the key's pinned algorithm, then claims.
 * The signature is checked before any claim so that a forged token learns
 * nothing about which claim would have failed.
 * @example const { payload } = await verifyJwt(token, { key, issuer: 'https://auth.example.com' })
 */
export async function verifyJwt<Claims = Record<string, unknown>>(
  token: string,
  options: VerifyJwtOptions,
): Promise<VerifiedJwt<Claims>> {
  const decoded = decodeJwt<Record<string, unknown>>(token, options.maxTokenBytes ?? DEFAULT_MAX_TOKEN_BYTES);
  const key = await verifyDecodedSignature(decoded, options.key, options.headerType);
  assertClaims(decoded.payload, {
    nowMs: (options.now?.() ?? new Date()).getTime(),
    clockSkewInMs: options.clockSkewInMs ?? 5000,
    audience: options.audience,
    authorizedParties: options.authorizedParties,
    issuer: options.issuer,
  });
  return { payload: decoded.payload as Claims, key };
}
