import type { LockManagerLike } from '../tab-sync.js';

/**
 * Exclusive named locks with the Web Locks API's semantics (FIFO grant,
 * released when the callback settles), for Node, which has no
 * `navigator.locks`. Shared by the "tabs" of one test like the browser's
 * lock manager is shared by the tabs of one origin. Real Chromium covers the
 * browser's own implementation in the e2e test.
 */
export function createLockManager(): LockManagerLike & { held: Set<string> } {
  const queues = new Map<string, (() => void)[]>();
  const held = new Set<string>();
  return {
    held,
    async request<T>(name: string, callback: () => Promise<T>): Promise<T> {
      if (held.has(name)) {
        await new Promise<void>((resolve) => {
          const queue = queues.get(name) ?? [];
          queue.push(resolve);
          queues.set(name, queue);
        });
      }
      held.add(name);
      try {
        return await callback();
      } finally {
        const next = queues.get(name)?.shift();
        if (next) next();
        else held.delete(name);
      }
    },
  };
}
