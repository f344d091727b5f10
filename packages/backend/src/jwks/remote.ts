import { TokenVerificationError, TokenVerificationErrorAction, TokenVerificationErrorReason } from '../errors.js';
import { algorithmForJwk } from '../jwt/algorithms.js';
import { importVerificationKey, type VerificationKey } from '../jwt/keys.js';
import type { KeySource } from './key-source.js';

/** Options of `createRemoteJwks`. Every time-dependent piece is injectable. */
export interface RemoteJwksOptions {
  /** The JWKS document URL (e.g. `<apiUrl>/v1/jwks` or `<frontendApi>/.well-known/jwks.json`). */
  url: string | URL;
  /** Extra request headers (the Backend API wants `Authorization: Bearer <secret key>`). */
  headers?: Record<string, string>;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
  /** @default () => new Date() */
  now?: () => Date;
  /** How long a fetched JWKS is fresh. @default 300000 (5 minutes) */
  cacheTtlMs?: number;
  /** Minimum time between refetches triggered by an unknown `kid`. @default 30000 */
  cooldownMs?: number;
  /** How long past its TTL a JWKS may still be used while the server is unreachable. @default 3600000 (1 hour) */
  staleIfErrorMs?: number;
  /** Abort a JWKS fetch after this long. @default 5000 */
  timeoutMs?: number;
}

const R = TokenVerificationErrorReason;

function loadError(reason: TokenVerificationErrorReason, message: string, cause?: unknown): TokenVerificationError {
  return new TokenVerificationError({ reason, message, action: TokenVerificationErrorAction.ContactSupport, cause });
}

/**
 * A JWKS kept in memory: fresh for `cacheTtlMs`; refetched at once (but at
 * most once per `cooldownMs`) when a token names an unknown `kid`, which is
 * how a rotated-in key is picked up; still served for `staleIfErrorMs` past
 * its TTL when a refetch fails, so an auth-server outage does not sign
 * everyone out. Concurrent refetches share one request.
 * @example const jwks = createRemoteJwks({ url: 'http://localhost:4400/.well-known/jwks.json' })
 */
export function createRemoteJwks(options: RemoteJwksOptions): KeySource & { refresh(): Promise<void> } {
  const url = new URL(options.url).toString();
  const doFetch = options.fetch ?? ((...args: Parameters<typeof fetch>) => fetch(...args));
  const now = () => (options.now?.() ?? new Date()).getTime();
  const ttl = options.cacheTtlMs ?? 300_000;
  const cooldown = options.cooldownMs ?? 30_000;
  const staleBound = options.staleIfErrorMs ?? 3_600_000;
  const timeoutMs = options.timeoutMs ?? 5_000;

  let keys = new Map<string, VerificationKey>();
  let rawByKid = new Map<string, string>();
  let fetchedAt = -Infinity;
  let lastAttemptAt = -Infinity;
  let pending: Promise<void> | undefined;

  async function load(): Promise<void> {
    lastAttemptAt = now();
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    let body: unknown;
    try {
      const response = await doFetch(url, { headers: { accept: 'application/json', ...options.headers }, signal: controller.signal });
      if (response.status === 401 || response.status === 403) {
        throw loadError(R.InvalidSecretKey, `The JWKS endpoint refused the secret key (HTTP ${response.status}).`);
      }
      if (!response.ok) throw loadError(R.RemoteJWKFailedToLoad, `Failed to load JWKS (HTTP ${response.status}).`);
      body = await response.json();
    } catch (cause) {
      if (cause instanceof TokenVerificationError) throw cause;
      throw loadError(R.RemoteJWKFailedToLoad, 'Failed to load JWKS from the auth server.', cause);
    } finally {
      clearTimeout(timer);
    }
    const list = (body as { keys?: unknown })?.keys;
    if (!Array.isArray(list)) throw loadError(R.RemoteJWKInvalid, 'The JWKS document has no "keys" array.');
    const nextKeys = new Map<string, VerificationKey>();
    const nextRaw = new Map<string, string>();
    for (let i = 0; i < list.length; i++) {
      const jwk = list[i] as JsonWebKey & { kid?: unknown };
      if (typeof jwk !== 'object' || jwk === null || typeof jwk.kid !== 'string') continue;
      const alg = algorithmForJwk(jwk as JsonWebKey);
      if (alg === null) continue;
      const raw = JSON.stringify([alg, jwk.kty, jwk.n, jwk.e, jwk.crv, jwk.x, jwk.y]);
      // Keep the same key object across refetches so verified-token cache
      // entries stay valid for keys that did not change.
      const previous = keys.get(jwk.kid);
      if (previous && rawByKid.get(jwk.kid) === raw) {
        nextKeys.set(jwk.kid, previous);
      } else {
        try {
          nextKeys.set(jwk.kid, await importVerificationKey(alg, { jwk }, jwk.kid));
        } catch {
          continue; // one bad key must not take the others down
        }
      }
      nextRaw.set(jwk.kid, raw);
    }
    if (nextKeys.size === 0) throw loadError(R.RemoteJWKMissing, 'The JWKS document holds no usable signature key.');
    keys = nextKeys;
    rawByKid = nextRaw;
    fetchedAt = now();
  }

  function refresh(): Promise<void> {
    pending ??= load().finally(() => {
      pending = undefined;
    });
    return pending;
  }

  function pick(kid: string | undefined): VerificationKey | undefined {
    if (kid !== undefined) return keys.get(kid);
    // A token without kid is accepted only when there is no choice to make.
    return keys.size === 1 ? keys.values().next().value : undefined;
  }

  function missing(): TokenVerificationError {
    return new TokenVerificationError({
      reason: R.JWKKidMismatch,
      action: TokenVerificationErrorAction.EnsureClerkJWT,
      message: 'Unable to find a signing key in the JWKS that matches the kid of the provided session token.',
    });
  }

  async function slow(kid: string | undefined): Promise<VerificationKey> {
    const t = now();
    const fresh = t - fetchedAt < ttl;
    const known = pick(kid);
    if (fresh && known === undefined && t - lastAttemptAt < cooldown) throw missing();
    try {
      await refresh();
    } catch (error) {
      // Stale-if-error: an outage must not sign everyone out, within a bound.
      if (known !== undefined && now() - fetchedAt < ttl + staleBound) return known;
      throw error;
    }
    const key = pick(kid);
    if (key === undefined) throw missing();
    return key;
  }

  return {
    resolve({ kid }) {
      if (now() - fetchedAt < ttl) {
        const key = pick(kid);
        if (key !== undefined) return key;
      }
      return slow(kid);
    },
    isCurrent(key, nowMs) {
      // Past the TTL a cached verification goes back through `resolve`, which
      // refetches: a key rotated out of the JWKS stops vouching for tokens.
      return key.kid !== undefined && keys.get(key.kid) === key && nowMs - fetchedAt < ttl;
    },
    refresh,
  };
}
