import {
  LatchkeyConfigError,
  TokenVerificationError,
  TokenVerificationErrorAction,
  TokenVerificationErrorReason,
} from '../errors.js';
import { createLocalKeySource } from '../jwks/local.js';
import type { KeySource } from '../jwks/key-source.js';
import { createRemoteJwks } from '../jwks/remote.js';
import { assertClaims, type ClaimOptions } from '../jwt/assertions.js';
import { decodeJwt, DEFAULT_MAX_TOKEN_BYTES } from '../jwt/decode.js';
import type { SessionTokenClaims } from '../jwt/types.js';
import { verifyDecodedSignature } from '../jwt/verify.js';
import { parsePublishableKey } from '../keys/publishable-key.js';
import { VerifiedTokenCache } from './verified-token-cache.js';
import type { RevocationChecker } from '../revocations/feed.js';

/**
 * Options of `verifyToken`, with Clerk's names. Give one key source:
 * `jwtKey` (no network at all), or `secretKey` + `apiUrl` (the Backend API's
 * JWKS), or `publishableKey` (the frontend API's public JWKS).
 */
export interface VerifyTokenOptions {
  /** The instance's public key: PEM (with or without BEGIN/END lines) or a JWK. Networkless. */
  jwtKey?: string | JsonWebKey | undefined;
  /** Secret key (`sk_…`) used to fetch `<apiUrl>/<apiVersion>/jwks`. */
  secretKey?: string | undefined;
  /** Backend API base URL. @default the frontend API URL the publishable key encodes */
  apiUrl?: string | undefined;
  /** @default 'v1' */
  apiVersion?: string | undefined;
  /** Publishable key: without a secret key, the JWKS comes from `<frontend API>/.well-known/jwks.json`. */
  publishableKey?: string | undefined;
  /** Origins allowed in `azp`. Empty or absent: not checked. */
  authorizedParties?: readonly string[] | undefined;
  /** Required audience(s); absent: `aud` not checked. */
  audience?: string | readonly string[] | undefined;
  /** Expected issuer(s) or predicate. */
  issuer?: ClaimOptions['issuer'];
  /** Allowed clock skew. @default 5000 */
  clockSkewInMs?: number | undefined;
  /** Accepted `typ` header values when present. @default 'JWT' */
  headerType?: string | readonly string[] | undefined;
  /** JWKS freshness. @default 300000 */
  jwksCacheTtlInMs?: number | undefined;
  /** Longest token accepted. @default 16384 */
  maxTokenBytes?: number | undefined;
  /** Recently verified tokens remembered (0 disables). @default 5000 */
  verifiedTokenCacheSize?: number | undefined;
  /** @default globalThis.fetch */
  fetch?: typeof fetch | undefined;
  /** @default () => new Date() */
  now?: (() => Date) | undefined;
  /** Rejects tokens of revoked sessions before their `exp` (`createRevocationFeed`). */
  revocations?: RevocationChecker | undefined;
}

/** A verifier bound to one set of options: the fast path for repeated use. */
export type TokenVerifier<Claims = SessionTokenClaims> = (token: string) => Promise<Claims>;

interface SharedSource {
  source: KeySource;
  cache: VerifiedTokenCache;
}

// Key sources (and their verified-token caches) are shared by every verifier
// with the same key material, so `verifyToken(token, { ...literal })` called
// per request still hits one JWKS cache. Sources built with an injected
// fetch/now are private to their verifier: tests must not leak into each other.
const sharedSources = new Map<string, SharedSource>();

/** `http` for loopback hosts, `https` for every other frontend API host. */
export function frontendApiUrlFromPublishableKey(publishableKey: string): string | null {
  const parts = parsePublishableKey(publishableKey);
  if (!parts) return null;
  const hostname = parts.frontendApiHost.replace(/:\d+$/, '');
  const local = hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]' || hostname.endsWith('.localhost');
  return `${local ? 'http' : 'https'}://${parts.frontendApiHost}`;
}

function keySourceFor(options: VerifyTokenOptions): { key: string; make: () => KeySource } {
  if (options.jwtKey !== undefined && options.jwtKey !== '') {
    const jwtKey = options.jwtKey;
    const id = typeof jwtKey === 'string' ? jwtKey : JSON.stringify(jwtKey);
    return { key: `local\n${id}`, make: () => createLocalKeySource(jwtKey) };
  }
  const frontendApi = options.publishableKey ? frontendApiUrlFromPublishableKey(options.publishableKey) : null;
  if (options.publishableKey && frontendApi === null) {
    throw new LatchkeyConfigError('publishableKey (LATCHKEY_PUBLISHABLE_KEY) is not a valid pk_live_/pk_test_ key.');
  }
  const common = {
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.now ? { now: options.now } : {}),
    ...(options.jwksCacheTtlInMs !== undefined ? { cacheTtlMs: options.jwksCacheTtlInMs } : {}),
  };
  if (options.secretKey) {
    if (!/^sk_(live|test)_/.test(options.secretKey)) {
      throw new TokenVerificationError({
        reason: TokenVerificationErrorReason.InvalidSecretKey,
        action: TokenVerificationErrorAction.SetClerkSecretKey,
        message: 'The secret key is not a Latchkey secret key (sk_live_… or sk_test_…).',
      });
    }
    const apiUrl = options.apiUrl ?? frontendApi;
    if (!apiUrl) throw new LatchkeyConfigError('apiUrl (LATCHKEY_API_URL) is required with secretKey when no publishableKey is given.');
    const url = `${apiUrl.replace(/\/+$/, '')}/${options.apiVersion ?? 'v1'}/jwks`;
    const secretKey = options.secretKey;
    return {
      key: `remote\n${url}\n${secretKey}`,
      make: () => createRemoteJwks({ url, headers: { authorization: `Bearer ${secretKey}` }, ...common }),
    };
  }
  if (frontendApi) {
    const url = `${frontendApi}/.well-known/jwks.json`;
    return { key: `remote\n${url}`, make: () => createRemoteJwks({ url, ...common }) };
  }
  throw new TokenVerificationError({
    reason: TokenVerificationErrorReason.JWKFailedToResolve,
    action: TokenVerificationErrorAction.SetClerkSecretKey,
    message: 'Failed to resolve JWK during verification: give jwtKey, secretKey or publishableKey.',
  });
}

function sharedSourceFor(options: VerifyTokenOptions): SharedSource {
  const { key, make } = keySourceFor(options);
  const cacheSize = options.verifiedTokenCacheSize ?? 5000;
  const isolated = options.fetch !== undefined || options.now !== undefined || options.jwksCacheTtlInMs !== undefined;
  if (isolated) return { source: make(), cache: new VerifiedTokenCache(cacheSize) };
  const id = `${key}\n${cacheSize}`;
  let shared = sharedSources.get(id);
  if (shared === undefined) {
    shared = { source: make(), cache: new VerifiedTokenCache(cacheSize) };
    // Bounded: a process uses a handful of key sets; a misconfigured caller
    // building one per request must not grow memory without end.
    if (sharedSources.size >= 32) sharedSources.delete(sharedSources.keys().next().value!);
    sharedSources.set(id, shared);
  }
  return shared;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/**
 * Builds a verifier once for many tokens: key source, caches and claim
 * options are bound here; each call then does a cache lookup (repeat) or
 * decode + signature + claims (new token). Invalid options throw here.
 * @example
 * const verify = createTokenVerifier({ jwtKey: process.env.LATCHKEY_JWT_KEY })
 * const claims = await verify(token)
 */
export function createTokenVerifier<Claims = SessionTokenClaims>(options: VerifyTokenOptions): TokenVerifier<Claims> {
  return createVerifierCore<Claims>(options).verify;
}

/** @internal a verifier plus the key source it uses (the handshake needs the same keys) */
export function createVerifierCore<Claims = SessionTokenClaims>(options: VerifyTokenOptions): { verify: TokenVerifier<Claims>; source: KeySource } {
  const { source, cache } = sharedSourceFor(options);
  const nowFn = options.now;
  const maxBytes = options.maxTokenBytes ?? DEFAULT_MAX_TOKEN_BYTES;
  const headerType = options.headerType;
  const revocations = options.revocations;
  // One mutable options object, filled per call before any await: saves an
  // allocation on the hot path and is safe because JS runs one call at a time.
  const claimOptions: ClaimOptions = {
    nowMs: 0,
    clockSkewInMs: options.clockSkewInMs ?? 5000,
    audience: options.audience,
    authorizedParties: options.authorizedParties,
    issuer: options.issuer,
  };

  async function verify(token: string): Promise<Claims> {
    const nowMs = nowFn ? nowFn().getTime() : Date.now();
    if (typeof token !== 'string' || token.length > maxBytes) decodeJwt(token, maxBytes); // throws token-invalid
    const hit = cache.get(token, nowMs);
    if (hit !== undefined && source.isCurrent(hit.key, nowMs)) {
      claimOptions.nowMs = nowMs;
      assertClaims(hit.payload, claimOptions);
      if (revocations?.isRevoked(hit.payload)) throw revokedError();
      return hit.payload as Claims;
    }
    const decoded = decodeJwt<Record<string, unknown>>(token, maxBytes);
    const key = await verifyDecodedSignature(decoded, source.resolve, headerType);
    const checkedAt = nowFn ? nowFn().getTime() : Date.now();
    claimOptions.nowMs = checkedAt;
    assertClaims(decoded.payload, claimOptions);
    const payload = deepFreeze(decoded.payload);
    cache.set(token, payload, key, checkedAt);
    if (revocations?.isRevoked(payload)) throw revokedError();
    return payload as Claims;
  }
  return { verify, source };
}

const verifiers = new WeakMap<VerifyTokenOptions, TokenVerifier<unknown>>();

/**
 * Verifies a session token networklessly (after the first JWKS fetch) and
 * returns its claims; throws `TokenVerificationError` with Clerk's reason
 * strings otherwise. Same options as Clerk's `verifyToken`.
 * @example
 * const claims = await verifyToken(token, { jwtKey, authorizedParties: ['http://localhost:3000'] })
 */
export function verifyToken<Claims = SessionTokenClaims>(token: string, options: VerifyTokenOptions): Promise<Claims> {
  let verifier = verifiers.get(options);
  if (verifier === undefined) {
    try {
      verifier = createTokenVerifier<unknown>(options);
    } catch (error) {
      return Promise.reject(error);
    }
    verifiers.set(options, verifier);
  }
  return verifier(token) as Promise<Claims>;
}

const revokedError = () =>
  new TokenVerificationError({
    reason: TokenVerificationErrorReason.TokenRevoked,
    action: TokenVerificationErrorAction.EnsureClerkJWT,
    message: 'The session of this token was revoked.',
  });
