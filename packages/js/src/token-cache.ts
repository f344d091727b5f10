import { backoffDelay, type RetryOptions } from './backoff.js';
import type { Clock } from './clock.js';
import { isSessionGone } from './errors.js';
import { readJwtClaims } from './jwt-claims.js';
import type { TabSync } from './tab-sync.js';
import type { StoredToken, TokenStore } from './token-store.js';

/** When tokens are refreshed. Each bound is also capped by a share of the token's lifetime, so short TTLs work. */
export interface TokenRefreshOptions {
  /** Refresh this long before expiry (at most a third of the lifetime). @default 20000 */
  leadMs?: number;
  /** Plus up to this much random extra, so tabs and browsers spread out (at most 1/12 of the lifetime). @default 5000 */
  jitterMs?: number;
  /** A cached token with less than this left is never handed out (at most 1/12 of the lifetime). @default 5000 */
  minRemainingMs?: number;
}

export const defaultTokenRefresh = { leadMs: 20_000, jitterMs: 5_000, minRemainingMs: 5_000 } satisfies Required<TokenRefreshOptions>;

export interface TokenCacheOptions {
  clock: Clock;
  random: () => number;
  sync: TabSync;
  store: TokenStore;
  refresh: Required<TokenRefreshOptions>;
  retry: Required<RetryOptions>;
  mint(sessionId: string, template: string | undefined): Promise<string>;
  /** A token for `key` became current here (minted by this tab, or by another). */
  onToken(sessionId: string, template: string | undefined, token: StoredToken): void;
  /** The session could not mint because it is gone (ended elsewhere, revoked, expired). */
  onSessionGone(sessionId: string): Promise<void>;
  /**
   * The session's active organization as the client knows it. Template
   * tokens are cached per organization (as Clerk's are), because a template
   * may name `{{org.id}}`: after a switch, one cached for the old
   * organization is never handed out. @default none
   */
  organizationOf?(sessionId: string): string | null;
}

interface Flight {
  startedAt: number;
  /** The session's claims generation when the flight started (see `invalidate`). */
  generation: number;
  promise: Promise<StoredToken>;
}

/** Waits of the background refresh loop after failures (each failure already spent the request's own retries). */
const keepFreshBackoff = { maxAttempts: Infinity, baseDelayMs: 5_000, maxDelayMs: 60_000 };

/** `session|` for the session token, `session|template|organization` for a template's. */
export const tokenKey = (sessionId: string, template: string | undefined, organizationId?: string | null) =>
  template ? `${sessionId}|${template}|${organizationId ?? ''}` : `${sessionId}|`;

/**
 * The token cache: one token per (session, template), handed out while it has
 * life left, refreshed before expiry (proactively for the session being kept
 * fresh, on demand for the rest), and minted at most once at a time across
 * callers (in-tab promise) and across tabs (a lock plus the shared store).
 */
export function createTokenCache(options: TokenCacheOptions) {
  const { clock } = options;
  const memory = new Map<string, StoredToken>();
  const flights = new Map<string, Flight>();
  /** Per session: bumped when its claims changed on the server (a new active organization); `at` is when. */
  const generations = new Map<string, { generation: number; at: number }>();
  const generationOf = (sessionId: string) => generations.get(sessionId)?.generation ?? 0;
  const invalidatedAt = (sessionId: string) => generations.get(sessionId)?.at ?? -Infinity;
  let kept: { sessionId: string; timer: unknown; failures: number } | null = null;

  const life = (t: StoredToken) => Math.max(1, t.expiresAt - t.mintedAt);
  const lead = (t: StoredToken) => Math.min(options.refresh.leadMs, life(t) / 3);
  const jitter = (t: StoredToken) => Math.min(options.refresh.jitterMs, life(t) / 12);
  /** From here on the token is due for refresh (the earliest any tab's jittered timer fires). */
  const dueAt = (t: StoredToken) => t.expiresAt - lead(t) - jitter(t);
  const usable = (t: StoredToken, now: number) => now < t.expiresAt - Math.min(options.refresh.minRemainingMs, life(t) / 12);
  const fresh = (t: StoredToken, now: number) => now < dueAt(t);

  function toStored(jwt: string, startedAt: number): StoredToken {
    const claims = readJwtClaims(jwt);
    const lifetimeMs = claims && typeof claims.exp === 'number' && typeof claims.iat === 'number' ? (claims.exp - claims.iat) * 1000 : 60_000;
    return { jwt, mintedAt: startedAt, expiresAt: startedAt + Math.max(0, lifetimeMs), iat: claims?.iat ?? Math.floor(startedAt / 1000) };
  }

  function remember(key: string, token: StoredToken): boolean {
    const [sessionId, template] = key.split('|') as [string, string];
    const current = memory.get(key);
    if (current && current.mintedAt >= token.mintedAt) return false;
    // Minted before the session's claims changed (another tab's late refresh): out of date.
    if (token.mintedAt < invalidatedAt(sessionId)) return false;
    memory.set(key, token);
    options.onToken(sessionId, template || undefined, token);
    if (kept && kept.sessionId === sessionId && template === '') schedule(token);
    return true;
  }

  async function mintOrShare(key: string, sessionId: string, template: string | undefined, notBefore: number): Promise<StoredToken> {
    const generation = generationOf(sessionId);
    return options.sync.withLock(`token:${key}`, async () => {
      const shared = options.store.get(key);
      if (shared && shared.mintedAt >= Math.max(notBefore, invalidatedAt(sessionId)) && fresh(shared, clock.now())) {
        remember(key, shared);
        return shared;
      }
      const startedAt = clock.now();
      const token = toStored(await options.mint(sessionId, template), startedAt);
      // The claims changed while this mint was on the way: hand it to its callers, cache nothing.
      if (generationOf(sessionId) !== generation) return token;
      options.store.set(key, token);
      options.sync.post({ type: 'token', key, token });
      remember(key, token);
      return token;
    });
  }

  function flightFor(key: string, sessionId: string, template: string | undefined, notBefore: number): Flight {
    let flight = flights.get(key);
    if (!flight || flight.startedAt < notBefore || flight.generation !== generationOf(sessionId)) {
      const promise = mintOrShare(key, sessionId, template, notBefore).finally(() => {
        if (flights.get(key) === flight) flights.delete(key);
      });
      flight = { startedAt: clock.now(), generation: generationOf(sessionId), promise };
      flights.set(key, flight);
    }
    return flight;
  }

  async function settle(flight: Flight, sessionId: string, fallback: StoredToken | null): Promise<StoredToken> {
    try {
      return await flight.promise;
    } catch (error) {
      if (isSessionGone(error)) {
        forget([sessionId]);
        // Callers see the reloaded state (signed out of that session) once this rejects.
        await options.onSessionGone(sessionId).catch(() => {});
        throw error;
      }
      // The network dropped while the old token still has life: keep serving it.
      if (fallback && usable(fallback, clock.now())) return fallback;
      throw error;
    }
  }

  const keyFor = (sessionId: string, template: string | undefined) => tokenKey(sessionId, template, template ? options.organizationOf?.(sessionId) : null);

  async function get(sessionId: string, template: string | undefined, skipCache = false): Promise<StoredToken> {
    const key = keyFor(sessionId, template);
    const now = clock.now();
    const notBefore = skipCache ? now : -Infinity;
    const cached = memory.get(key);
    if (cached && cached.mintedAt >= notBefore && fresh(cached, now)) return cached;
    const flight = flightFor(key, sessionId, template, notBefore);
    if (!skipCache && cached && usable(cached, now)) {
      // Due but still good for a while: answer now, refresh behind the caller's back.
      settle(flight, sessionId, null).catch(() => {});
      return cached;
    }
    return settle(flight, sessionId, skipCache ? null : cached ?? null);
  }

  function schedule(token: StoredToken): void {
    if (!kept) return;
    clock.clearTimeout(kept.timer);
    const at = token.expiresAt - lead(token) - jitter(token) * options.random();
    kept.timer = clock.setTimeout(() => void refreshKept(), Math.max(0, at - clock.now()));
  }

  async function refreshKept(): Promise<void> {
    const current = kept;
    if (!current) return;
    try {
      const key = tokenKey(current.sessionId, undefined);
      const cached = memory.get(key);
      const token = cached && fresh(cached, clock.now()) ? cached : await settle(flightFor(key, current.sessionId, undefined, -Infinity), current.sessionId, null);
      if (kept === current) {
        current.failures = 0;
        schedule(token);
      }
    } catch (error) {
      if (kept !== current || isSessionGone(error)) return;
      // Offline or the server is struggling: try again later, never in a tight loop.
      current.failures += 1;
      clock.clearTimeout(current.timer);
      current.timer = clock.setTimeout(() => void refreshKept(), backoffDelay(current.failures, keepFreshBackoff, options.random));
    }
  }

  function forget(sessionIds: string[]): void {
    for (const key of [...memory.keys()]) if (sessionIds.includes(key.split('|')[0]!)) memory.delete(key);
    options.store.removeSessions(sessionIds);
  }

  return {
    get,
    /** The cached token for a key when it still has life left, without any I/O. */
    peek(sessionId: string, template?: string): StoredToken | null {
      const token = memory.get(keyFor(sessionId, template));
      return token && usable(token, clock.now()) ? token : null;
    },
    /** Another tab minted: take its token when it is newer than ours. */
    adopt(key: string, token: StoredToken): void {
      if (token && typeof token.jwt === 'string' && token.expiresAt > clock.now()) remember(key, token);
    },
    /** Keeps this session's token refreshed ahead of expiry (`null` stops). */
    keepFresh(sessionId: string | null): void {
      if (kept?.sessionId === sessionId) return;
      if (kept) clock.clearTimeout(kept.timer);
      kept = sessionId ? { sessionId, timer: undefined, failures: 0 } : null;
      if (!sessionId) return;
      const token = memory.get(tokenKey(sessionId, undefined));
      if (token && fresh(token, clock.now())) schedule(token);
      else void refreshKept();
    },
    /** After sleep, a hidden tab or a network outage: refresh now if the kept token is due. */
    refreshIfDue(): void {
      if (!kept) return;
      const token = memory.get(tokenKey(kept.sessionId, undefined));
      if (!token || !fresh(token, clock.now())) void refreshKept();
    },
    forget,
    /**
     * The session's claims changed on the server (its active organization):
     * drops its cached tokens here and in the shared store, and makes sure no
     * token minted before now (a mint on the way, another tab's late one) is
     * cached or handed out from the cache again.
     */
    invalidate(sessionId: string): void {
      generations.set(sessionId, { generation: generationOf(sessionId) + 1, at: clock.now() });
      for (const key of [...memory.keys()]) if (key.split('|')[0] === sessionId) memory.delete(key);
      for (const key of [...flights.keys()]) if (key.split('|')[0] === sessionId) flights.delete(key);
      options.store.removeSessions([sessionId]);
    },
    stop(): void {
      if (kept) clock.clearTimeout(kept.timer);
      kept = null;
    },
  };
}
export type TokenCache = ReturnType<typeof createTokenCache>;
