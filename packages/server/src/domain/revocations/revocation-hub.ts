/**
 * The server side of the revocation feed. Verifiers check session tokens
 * locally, so without help a revoked session's token keeps working until it
 * expires. The hub tells them sooner: it holds every revocation that can
 * still match an unexpired token (sessions that left `active` in the last
 * `max token lifetime`, and per-user "revoked before" times from a ban or a
 * sign-out everywhere) and streams new ones to subscribers.
 *
 * Sources, each enough on its own, fastest first:
 * 1. this instance's own changes, after their commit (`publish`);
 * 2. other instances' changes through the cache's pub/sub (Redis);
 * 3. a catch-up read of recently ended sessions from the database every
 *    `pollIntervalMs` while anyone is subscribed — which covers a Redis outage
 *    and an instance killed between its commit and its publish.
 * Entries are deduplicated by key and dropped once every token they could
 * match has expired, so memory is bounded by the revocation rate times the
 * token lifetime.
 */
import type { Cache } from '../../cache/contract.js';
import type { Logger } from '../../config/schema.js';
import type { Store } from '../../store/contract.js';

export type RevocationEntry =
  /** Tokens with this `sid` are revoked (the session left `active` at `revoked_at`). */
  | { type: 'session'; session_id: string; user_id: string; revoked_at: number }
  /** Tokens of this `sub` issued (`iat`) before `revoked_before` are revoked. */
  | { type: 'user'; user_id: string; revoked_before: number };

export interface RevocationSnapshot {
  entries: RevocationEntry[];
  /** How long an entry stays relevant: the longest session token lifetime plus skew. */
  max_token_lifetime_seconds: number;
  server_time: number;
}

export interface RevocationHub {
  /** Announces a session that left `active` (called after its commit). */
  publishSessionEnded(sessionId: string, userId: string, at: number): void;
  /** Announces that every token of `userId` issued before `at` is revoked. */
  revokeUserBefore(userId: string, at: number): void;
  /** Everything still relevant, from the database and from memory. */
  snapshot(): Promise<RevocationSnapshot>;
  /** Receives each new entry (from any source) once; returns the unsubscribe function. */
  subscribe(listener: (entry: RevocationEntry) => void): () => void;
  start(): Promise<void>;
  stop(): Promise<void>;
  readonly stats: {
    entries: number;
    subscribers: number;
    published: number;
    lastEntryAt: number | null;
    /** For the newest entry: how long after its revocation this instance learned of it. */
    lastPropagationMs: number;
    /** How long entries are kept: the longest token lifetime, skew included (re-read with each catch-up). */
    maxTokenLifetimeSeconds: number;
  };
}

export interface RevocationHubOptions {
  store: Store;
  cache: Cache;
  now: () => number;
  logger: Logger;
  /**
   * Longest token lifetime plus skew, in seconds, over every token a verifier
   * may check: session tokens and JWT templates signed with the instance keys
   * (read per use: settings and templates change at run time).
   */
  maxTokenLifetimeSeconds: () => Promise<number>;
  /** Database catch-up interval while anyone subscribes. @default 1000 */
  pollIntervalMs?: number;
  /** Pub/sub channel (the cache adds its key prefix). @default 'revocations' */
  channel?: string;
}

const keyOf = (e: RevocationEntry) => (e.type === 'session' ? `s:${e.session_id}` : `u:${e.user_id}:${e.revoked_before}`);
const timeOf = (e: RevocationEntry) => (e.type === 'session' ? e.revoked_at : e.revoked_before);

function parseEntry(text: string): RevocationEntry | null {
  try {
    const e = JSON.parse(text) as Record<string, unknown>;
    if (e.type === 'session' && typeof e.session_id === 'string' && typeof e.user_id === 'string' && typeof e.revoked_at === 'number') {
      return { type: 'session', session_id: e.session_id, user_id: e.user_id, revoked_at: e.revoked_at };
    }
    if (e.type === 'user' && typeof e.user_id === 'string' && typeof e.revoked_before === 'number') {
      return { type: 'user', user_id: e.user_id, revoked_before: e.revoked_before };
    }
  } catch {
    // fall through: a malformed message is ignored
  }
  return null;
}

export function createRevocationHub(options: RevocationHubOptions): RevocationHub {
  const { store, cache, now, logger } = options;
  const channel = options.channel ?? 'revocations';
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  const known = new Map<string, RevocationEntry>();
  const listeners = new Set<(entry: RevocationEntry) => void>();
  const stats = { entries: 0, subscribers: 0, published: 0, lastEntryAt: null as number | null, lastPropagationMs: 0, maxTokenLifetimeSeconds: 65 };
  let lifetimeMs = 65_000;
  let unsubscribe: (() => Promise<void>) | undefined;
  let pollTimer: ReturnType<typeof setTimeout> | undefined;
  let cursor = 0;
  let stopped = false;

  const refreshLifetime = async () => {
    lifetimeMs = (await options.maxTokenLifetimeSeconds()) * 1000;
    stats.maxTokenLifetimeSeconds = lifetimeMs / 1000;
    return lifetimeMs;
  };

  const prune = () => {
    const cutoff = now() - lifetimeMs;
    for (const [key, entry] of known) if (timeOf(entry) < cutoff) known.delete(key);
    stats.entries = known.size;
  };

  /** Adds an entry; tells subscribers when it is new. */
  const add = (entry: RevocationEntry): boolean => {
    if (timeOf(entry) < now() - lifetimeMs) return false;
    const key = keyOf(entry);
    if (known.has(key)) return false;
    known.set(key, entry);
    stats.entries = known.size;
    stats.lastEntryAt = timeOf(entry);
    stats.lastPropagationMs = Math.max(0, now() - timeOf(entry));
    for (const listener of listeners) {
      try {
        listener(entry);
      } catch (error) {
        logger.error('revocation subscriber failed', { error: String(error) });
      }
    }
    return true;
  };

  const publish = (entry: RevocationEntry) => {
    if (!add(entry)) return;
    stats.published++;
    cache.publish(channel, JSON.stringify(entry)).catch(() => {});
  };

  const catchUp = async () => {
    await refreshLifetime();
    prune();
    const floor = now() - lifetimeMs;
    // Re-read a few seconds back: a transaction that committed late carries an earlier ended_at.
    let since = Math.max(floor, cursor - 5000);
    for (;;) {
      const rows = await store.revocations.listEndedSince(since, 1000);
      for (const r of rows) {
        add({ type: 'session', session_id: r.sessionId, user_id: r.userId, revoked_at: r.endedAt });
        cursor = Math.max(cursor, r.endedAt);
      }
      if (rows.length < 1000 || rows[rows.length - 1]!.endedAt === since) break;
      since = rows[rows.length - 1]!.endedAt;
    }
  };

  const poll = () => {
    if (stopped || listeners.size === 0 || pollTimer) return;
    pollTimer = setTimeout(() => {
      catchUp()
        .catch((error) => logger.warn('revocation catch-up read failed; retrying', { error: String(error) }))
        .finally(() => {
          pollTimer = undefined;
          poll();
        });
    }, pollIntervalMs);
    pollTimer.unref?.();
  };

  return {
    publishSessionEnded(sessionId, userId, at) {
      publish({ type: 'session', session_id: sessionId, user_id: userId, revoked_at: at });
    },
    revokeUserBefore(userId, at) {
      publish({ type: 'user', user_id: userId, revoked_before: at });
    },
    async snapshot() {
      await catchUp();
      return { entries: [...known.values()], max_token_lifetime_seconds: lifetimeMs / 1000, server_time: now() };
    },
    subscribe(listener) {
      listeners.add(listener);
      stats.subscribers = listeners.size;
      poll();
      return () => {
        listeners.delete(listener);
        stats.subscribers = listeners.size;
      };
    },
    async start() {
      await refreshLifetime();
      cursor = now();
      unsubscribe = await cache.subscribe(channel, (message) => {
        const entry = parseEntry(message);
        if (entry) add(entry);
      });
    },
    async stop() {
      stopped = true;
      if (pollTimer) clearTimeout(pollTimer);
      listeners.clear();
      await unsubscribe?.();
    },
    stats,
  };
}
