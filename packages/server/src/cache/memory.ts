import type { Cache } from './contract.js';

interface Entry {
  value: string;
  expiresAt: number;
}

/**
 * The in-process cache for a single node (no Redis configured). Expired
 * entries are dropped on read and by a periodic sweep so memory stays bounded
 * by what is live.
 */
export function createMemoryCache(options: { now?: () => number; sweepIntervalMs?: number } = {}): Cache {
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();
  const listeners = new Map<string, Set<(message: string) => void>>();

  const read = (key: string): Entry | undefined => {
    const entry = entries.get(key);
    if (entry && entry.expiresAt <= now()) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  };

  const sweep = setInterval(() => {
    const at = now();
    for (const [key, entry] of entries) if (entry.expiresAt <= at) entries.delete(key);
  }, options.sweepIntervalMs ?? 30_000);
  sweep.unref?.();

  return {
    async get(key) {
      return read(key)?.value ?? null;
    },
    async set(key, value, ttlSeconds) {
      entries.set(key, { value, expiresAt: now() + ttlSeconds * 1000 });
    },
    async delete(key) {
      entries.delete(key);
    },
    async increment(key, ttlSeconds) {
      const entry = read(key);
      const value = entry ? Number(entry.value) + 1 : 1;
      entries.set(key, { value: String(value), expiresAt: entry?.expiresAt ?? now() + ttlSeconds * 1000 });
      return value;
    },
    async incrementWindow(currentKey, previousKey, ttlSeconds) {
      // One synchronous block: nothing can interleave between the two steps.
      const entry = read(currentKey);
      const current = entry ? Number(entry.value) + 1 : 1;
      entries.set(currentKey, { value: String(current), expiresAt: entry?.expiresAt ?? now() + ttlSeconds * 1000 });
      return { current, previous: Number(read(previousKey)?.value ?? 0) };
    },
    async publish(channel, message) {
      for (const listener of listeners.get(channel) ?? []) listener(message);
    },
    async subscribe(channel, listener) {
      const set = listeners.get(channel) ?? new Set();
      set.add(listener);
      listeners.set(channel, set);
      return async () => {
        set.delete(listener);
      };
    },
    async close() {
      clearInterval(sweep);
      entries.clear();
      listeners.clear();
    },
  };
}
