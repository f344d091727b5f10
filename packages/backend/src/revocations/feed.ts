/**
 * The verifier side of Latchkey's revocation feed. `verifyToken` checks
 * tokens locally, so a revoked session's token would keep working until its
 * `exp`; with a feed it is rejected about a second after the revocation,
 * still without a network call per request.
 *
 * The feed streams `GET <apiUrl>/v1/revocations/stream` (server-sent
 * events over fetch + ReadableStream: Web-standard, runs on any runtime),
 * reconnecting by itself. It holds session ids and per-user "revoked before"
 * times, each only until every token it could match has expired (bounded
 * memory). While the stream is down the feed says so (`stats().state`) and
 * verification falls back to token lifetime: tokens stay valid until `exp`.
 *
 * @example
 * const revocations = createRevocationFeed({ apiUrl: 'https://auth.example.com', secretKey: process.env.LATCHKEY_SECRET_KEY! })
 * const claims = await verifyToken(token, { jwtKey, revocations })
 */

/** What `verifyToken` consults (the `revocations` option). */
export interface RevocationChecker {
  /** True when the token these claims belong to was revoked after it was issued. */
  isRevoked(claims: { sid?: unknown; sub?: unknown; iat?: unknown }): boolean;
}

export interface RevocationFeedOptions {
  /** The auth server's Backend API base URL (`LATCHKEY_API_URL`). */
  apiUrl: string;
  /** The instance secret key: the feed lists session and user ids. */
  secretKey: string;
  /** @default 'v1' */
  apiVersion?: string;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
  /** @default () => new Date() */
  now?: () => Date;
  /** Wait before reconnecting; doubles per failure up to 30 s. @default 500 */
  reconnectDelayMs?: number;
  /** A stream silent for this long (the server pings every 5 s) is dropped and reopened. @default 15000 */
  staleAfterMs?: number;
  /** Told about connection failures (no secrets in them). */
  onError?: (error: unknown) => void;
}

export type RevocationFeedState = 'connecting' | 'live' | 'unreachable' | 'closed';

export interface RevocationFeedStats {
  state: RevocationFeedState;
  /** Revocations held in memory. */
  entries: number;
  /** Newest revocation: its arrival time minus its revocation time (server clock), in ms. */
  lagMs: number | null;
  /** When the stream last said anything (ms), or null. */
  lastMessageAt: number | null;
  /** True while revocations are not being received: tokens are then trusted until `exp`. */
  fallbackToTokenLifetime: boolean;
  reconnects: number;
}

export interface RevocationFeed extends RevocationChecker {
  /** Resolves once the first snapshot arrived (or rejects after `timeoutMs`). */
  ready(timeoutMs?: number): Promise<void>;
  stats(): RevocationFeedStats;
  close(): void;
}

type Entry =
  | { type: 'session'; session_id: string; user_id: string; revoked_at: number }
  | { type: 'user'; user_id: string; revoked_before: number };

const isEntry = (e: unknown): e is Entry => {
  if (typeof e !== 'object' || e === null) return false;
  const x = e as Record<string, unknown>;
  if (x.type === 'session') return typeof x.session_id === 'string' && typeof x.user_id === 'string' && typeof x.revoked_at === 'number';
  if (x.type === 'user') return typeof x.user_id === 'string' && typeof x.revoked_before === 'number';
  return false;
};

export function createRevocationFeed(options: RevocationFeedOptions): RevocationFeed {
  const doFetch = options.fetch ?? globalThis.fetch;
  const nowMs = () => (options.now ? options.now().getTime() : Date.now());
  const url = `${options.apiUrl.replace(/\/+$/, '')}/${options.apiVersion ?? 'v1'}/revocations/stream`;
  const baseDelay = options.reconnectDelayMs ?? 500;
  const staleAfterMs = options.staleAfterMs ?? 15_000;

  // session id -> revoked at; user id -> revoked before (the latest one wins).
  const sessions = new Map<string, number>();
  const users = new Map<string, number>();
  let lifetimeMs = 65_000;
  let state: RevocationFeedState = 'connecting';
  let lagMs: number | null = null;
  let lastMessageAt: number | null = null;
  let reconnects = 0;
  let closed = false;
  let controller: AbortController | null = null;
  let staleTimer: ReturnType<typeof setInterval> | undefined;
  let readyResolve: (() => void) | undefined;
  const readyPromise = new Promise<void>((resolve) => (readyResolve = resolve));

  const prune = () => {
    const cutoff = nowMs() - lifetimeMs;
    for (const [id, at] of sessions) if (at < cutoff) sessions.delete(id);
    for (const [id, before] of users) if (before < cutoff) users.delete(id);
  };

  const add = (entry: Entry) => {
    if (entry.type === 'session') {
      sessions.set(entry.session_id, entry.revoked_at);
      lagMs = Math.max(0, nowMs() - entry.revoked_at);
    } else {
      users.set(entry.user_id, Math.max(users.get(entry.user_id) ?? 0, entry.revoked_before));
      lagMs = Math.max(0, nowMs() - entry.revoked_before);
    }
  };

  const handle = (event: string, data: string) => {
    lastMessageAt = nowMs();
    let parsed: unknown;
    try {
      parsed = JSON.parse(data);
    } catch {
      return;
    }
    // The server's longest token lifetime (session tokens or JWT templates) sets how long entries are kept.
    const lifetime = (parsed as { max_token_lifetime_seconds?: unknown } | null)?.max_token_lifetime_seconds;
    if ((event === 'snapshot' || event === 'ping') && typeof lifetime === 'number' && lifetime > 0) lifetimeMs = lifetime * 1000;
    if (event === 'snapshot' && typeof parsed === 'object' && parsed !== null) {
      const snap = parsed as { entries?: unknown[] };
      for (const e of snap.entries ?? []) if (isEntry(e)) add(e);
      prune();
      state = 'live';
      readyResolve?.();
    } else if (event === 'revocation' && isEntry(parsed)) {
      add(parsed);
    }
  };

  async function consume(body: ReadableStream<Uint8Array>) {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) !== -1) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        let event = 'message';
        const data: string[] = [];
        for (const line of block.split('\n')) {
          if (line.startsWith('event:')) event = line.slice(6).trim();
          else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
        }
        if (data.length > 0) handle(event, data.join('\n'));
        else lastMessageAt = nowMs();
      }
    }
  }

  async function run() {
    let delay = baseDelay;
    while (!closed) {
      controller = new AbortController();
      try {
        const response = await doFetch(url, {
          headers: { authorization: `Bearer ${options.secretKey}`, accept: 'text/event-stream' },
          signal: controller.signal,
        });
        if (!response.ok || !response.body) throw new Error(`revocation feed answered ${response.status}`);
        lastMessageAt = nowMs();
        delay = baseDelay;
        await consume(response.body);
        throw new Error('revocation feed stream ended');
      } catch (error) {
        if (closed) return;
        state = 'unreachable';
        reconnects++;
        options.onError?.(error);
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, 30_000);
    }
  }

  staleTimer = setInterval(() => {
    prune();
    // A silent stream (a proxy holding a dead connection) is reopened.
    if (state === 'live' && lastMessageAt !== null && nowMs() - lastMessageAt > staleAfterMs) {
      state = 'unreachable';
      controller?.abort();
    }
  }, 1000);
  (staleTimer as { unref?: () => void }).unref?.();
  void run();

  return {
    isRevoked(claims) {
      if (typeof claims.sid === 'string') {
        if (sessions.has(claims.sid)) return true;
      }
      if (typeof claims.sub === 'string' && typeof claims.iat === 'number') {
        const before = users.get(claims.sub);
        // Strictly before the revocation's second: a token minted in that same
        // second is judged by its session entry, never by the user's.
        if (before !== undefined && claims.iat < Math.floor(before / 1000)) return true;
      }
      return false;
    },
    ready(timeoutMs = 5000) {
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('The revocation feed did not connect in time')), timeoutMs);
        readyPromise.then(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
    stats() {
      return {
        state,
        entries: sessions.size + users.size,
        lagMs,
        lastMessageAt,
        fallbackToTokenLifetime: state !== 'live',
        reconnects,
      };
    },
    close() {
      closed = true;
      state = 'closed';
      if (staleTimer) clearInterval(staleTimer);
      controller?.abort();
    },
  };
}
