import type { Clock } from './clock.js';
import type { ClientJson } from './resources.js';
import type { StoredToken } from './token-store.js';

/** The subset of the Web Locks API the client uses (`navigator.locks`). */
export interface LockManagerLike {
  request<T>(name: string, callback: () => Promise<T>): Promise<T>;
}

/** The subset of `Storage` the client uses (`localStorage`). */
export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export type BroadcastChannelConstructor = new (name: string) => {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  close(): void;
};

/** Messages between the tabs of one app origin. */
export type TabMessage =
  | { type: 'client'; from: string; client: ClientJson | null }
  | { type: 'token'; from: string; key: string; token: StoredToken }
  | { type: 'lock-released'; from: string; name: string };

export interface TabSyncOptions {
  /** Prefix of every lock, channel and storage name: one per frontend API. */
  namespace: string;
  clock: Clock;
  random: () => number;
  locks: LockManagerLike | null;
  storage: StorageLike | null;
  BroadcastChannel: BroadcastChannelConstructor | null;
}

export interface TabSync {
  readonly tabId: string;
  /** Runs `fn` while holding the named lock across every tab of this origin. */
  withLock<T>(name: string, fn: () => Promise<T>): Promise<T>;
  post(message: DistributiveOmit<TabMessage, 'from'>): void;
  subscribe(listener: (message: TabMessage) => void): () => void;
  close(): void;
}

type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;

const LEASE_MS = 10_000;
const POLL_MS = 100;

/**
 * Cross-tab coordination: a BroadcastChannel for news, and a mutual-exclusion
 * lock so that one tab mints while the others wait and reuse its token. The
 * lock is the Web Locks API where the browser has it; otherwise a lease in
 * `localStorage` (written, then read back to see who won; released with a
 * message and expiring by itself if its tab dies). The fallback is not
 * atomic across processes, so two tabs can rarely both mint; the server
 * coalesces mints that overlap, and nothing breaks either way.
 */
export function createTabSync(options: TabSyncOptions): TabSync {
  // Not from the injected `random`: tabs seeded alike in tests must still tell themselves apart.
  const tabId = globalThis.crypto?.randomUUID?.() ?? `${Date.now().toString(36)}${Math.random().toString(36).slice(2)}`;
  const listeners = new Set<(message: TabMessage) => void>();
  let channel: InstanceType<BroadcastChannelConstructor> | null = null;
  if (options.BroadcastChannel) {
    channel = new options.BroadcastChannel(`${options.namespace}:tabs`);
    channel.addEventListener('message', (event) => {
      const message = event.data as TabMessage;
      if (!message || typeof message !== 'object' || message.from === tabId) return;
      for (const listener of [...listeners]) listener(message);
    });
  }

  const post: TabSync['post'] = (message) => {
    try {
      channel?.postMessage({ ...message, from: tabId });
    } catch {
      // A closed channel (page unloading) has nobody left to tell.
    }
  };

  const subscribe: TabSync['subscribe'] = (listener) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  };

  async function withLeaseLock<T>(storage: StorageLike, name: string, fn: () => Promise<T>): Promise<T> {
    const key = `${options.namespace}:lock:${name}`;
    for (;;) {
      const [holder, until] = (storage.getItem(key) ?? '').split('|');
      if (!holder || holder === tabId || Number(until) <= options.clock.now()) {
        storage.setItem(key, `${tabId}|${options.clock.now() + LEASE_MS}`);
        if (storage.getItem(key)?.startsWith(`${tabId}|`)) break;
      }
      await new Promise<void>((resolve) => {
        const done = () => {
          unsubscribe();
          options.clock.clearTimeout(timer);
          resolve();
        };
        const unsubscribe = subscribe((m) => {
          if (m.type === 'lock-released' && m.name === name) done();
        });
        const timer = options.clock.setTimeout(done, POLL_MS);
      });
    }
    try {
      return await fn();
    } finally {
      if (storage.getItem(key)?.startsWith(`${tabId}|`)) storage.removeItem(key);
      post({ type: 'lock-released', name });
      // Waiters in this same tab learn it through their poll; wake them now.
      for (const listener of [...listeners]) listener({ type: 'lock-released', name, from: tabId });
    }
  }

  return {
    tabId,
    withLock(name, fn) {
      if (options.locks) return options.locks.request(`${options.namespace}:${name}`, fn);
      if (options.storage) return withLeaseLock(options.storage, name, fn);
      return fn();
    },
    post,
    subscribe,
    close() {
      listeners.clear();
      channel?.close();
      channel = null;
    },
  };
}
