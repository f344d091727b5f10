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
import { checkDecodedSignature } from '../jwt/verify.js';
import { parsePublishableKey } from '../keys/publishable-key.js';
import { VerifiedTokenCache, type VerifiedEntry } from './verified-token-cache.js';
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

// Cached payloads are shared by every request that repeats the token, so no
// request may change what another one reads.
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const k in value) {
      const v = (value as Record<string, unknown>)[k];
      if (typeof v === 'object' && v !== null) deepFreeze(v);
    }
  }
  return value;
}

/**
 * The window in which the time checks of `assertClaims` (which just passed)
 * keep passing: from max(nbf, iat) - skew until exp + skew. assertClaims
 * proved the types (exp a finite number; nbf, iat absent or finite numbers).
 */
function setClaimWindow(entry: VerifiedEntry, payload: Record<string, unknown>, checkedBy: object, skewMs: number): void {
  const nbf = payload.nbf as number | undefined;
  const iat = payload.iat as number | undefined;
  let from = -Infinity;
  if (nbf !== undefined) from = nbf * 1000 - skewMs;
  if (iat !== undefined && iat * 1000 - skewMs > from) from = iat * 1000 - skewMs;
  entry.validFromMs = from;
  entry.validUntilMs = (payload.exp as number) * 1000 + skewMs;
  entry.checkedBy = checkedBy;
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
export function createVerifierCore<Claims = SessionTokenClaims>(options: VerifyTokenOptions): {
  verify: TokenVerifier<Claims>;
  verifyNow: (token: string) => Claims | TokenVerificationError | undefined;
  source: KeySource;
} {
  const { source, cache } = sharedSourceFor(options);
  const nowFn = options.now;
  const maxBytes = options.maxTokenBytes ?? DEFAULT_MAX_TOKEN_BYTES;
  const headerType = options.headerType;
  const revocations = options.revocations;
  const skewMs = options.clockSkewInMs ?? 5000;
  // One mutable options object, filled per call right before the synchronous
  // assertClaims: saves an allocation on the hot path, and its identity marks
  // the cache entries whose static claims this verifier has checked.
  const claimOptions: ClaimOptions = {
    nowMs: 0,
    clockSkewInMs: skewMs,
    audience: options.audience,
    authorizedParties: options.authorizedParties,
    issuer: options.issuer,
  };

  // Never-seen token: decode, header checks, signature (pinned algorithm),
  // then claims, then remember it. An async function, so that every throw
  // below becomes a rejection.
  async function verifyNew(token: string, nowMs: number): Promise<Claims> {
    const decoded = decodeJwt<Record<string, unknown>>(token, maxBytes);
    let key = checkDecodedSignature(decoded, source.resolve, headerType);
    if (key instanceof Promise) {
      key = await key;
      nowMs = nowFn ? nowFn().getTime() : Date.now();
    }
    const payload = decoded.payload;
    claimOptions.nowMs = nowMs;
    assertClaims(payload, claimOptions);
    deepFreeze(payload);
    const entry = cache.set(token, payload, key, nowMs);
    if (entry !== undefined) setClaimWindow(entry, payload, claimOptions, skewMs);
    if (revocations !== undefined && revocations.isRevoked(payload)) throw revokedError();
    return payload as Claims;
  }

  // Repeat: one Map lookup (see VerifiedTokenCache for the key), the key
  // still current, and the claim checks, reduced to two comparisons when this
  // verifier already ran them on this entry. Synchronous: undefined means
  // "not answered from the cache", an error is the rejection to give.
  function fromCache(token: string, nowMs: number): VerifiedEntry | TokenVerificationError | undefined {
    if (typeof token !== 'string' || token.length > maxBytes) return undefined;
    const hit = cache.get(token, nowMs);
    if (hit === undefined || !source.isCurrent(hit.key, nowMs)) return undefined;
    if (hit.checkedBy !== claimOptions || nowMs < hit.validFromMs || nowMs >= hit.validUntilMs) {
      claimOptions.nowMs = nowMs;
      try {
        assertClaims(hit.payload, claimOptions);
      } catch (error) {
        return error as TokenVerificationError; // assertClaims throws nothing else
      }
      setClaimWindow(hit, hit.payload, claimOptions, skewMs);
    }
    if (revocations !== undefined && revocations.isRevoked(hit.payload)) return revokedError();
    return hit;
  }

  // A hit hands out the entry's settled promise: nothing allocated.
  function verify(token: string): Promise<Claims> {
    const nowMs = nowFn ? nowFn().getTime() : Date.now();
    const cached = fromCache(token, nowMs);
    if (cached === undefined) return verifyNew(token, nowMs);
    if (cached instanceof TokenVerificationError) return Promise.reject(cached);
    return cached.promise as Promise<Claims>;
  }

  /** The cached answer, synchronously: claims, the error, or undefined (needs `verify`). */
  function verifyNow(token: string): Claims | TokenVerificationError | undefined {
    const cached = fromCache(token, nowFn ? nowFn().getTime() : Date.now());
    return cached === undefined || cached instanceof TokenVerificationError ? cached : (cached.payload as Claims);
  }
  return { verify, verifyNow, source };
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
