/**
 * The conformance suite every cache passes (memory and Redis), like the store
 * contract: call it with a factory that returns a fresh, empty cache.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Cache } from './contract.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function eventually(check: () => void, timeoutMs = 2000): Promise<void> {
  const start = Date.now();
  for (;;) {
    try {
      return check();
    } catch (error) {
      if (Date.now() - start > timeoutMs) throw error;
      await sleep(10);
    }
  }
}

export function runCacheContract(name: string, makeCache: () => Promise<Cache>): void {
  describe(`cache contract: ${name}`, () => {
    let cache: Cache;
    beforeEach(async () => {
      cache = await makeCache();
    });
    afterEach(async () => {
      await cache.close();
    });

    it('stores a value until its TTL passes, and deletes it on request', async () => {
      await cache.set('short', 'a', 0.3);
      await cache.set('long', 'b', 60);
      await cache.set('gone', 'c', 60);
      await cache.delete('gone');
      expect(await cache.get('short')).toBe('a');
      expect(await cache.get('gone')).toBeNull();
      await sleep(450);
      expect(await cache.get('short')).toBeNull();
      expect(await cache.get('long')).toBe('b');
      expect(await cache.get('never-set')).toBeNull();
    });

    it('counts increments atomically under concurrency, and the counter expires from its creation', async () => {
      const values = await Promise.all(Array.from({ length: 50 }, () => cache.increment('n', 1)));
      expect(new Set(values).size).toBe(50);
      expect(Math.max(...values)).toBe(50);
      await sleep(1100);
      expect(await cache.get('n')).toBeNull();
      expect(await cache.increment('n', 1)).toBe(1);
    });

    it('increments a window and reads the previous one in one step, with distinct counts under concurrency', async () => {
      for (let i = 0; i < 3; i++) await cache.incrementWindow('w:1', 'w:0', 60);
      const results = await Promise.all(Array.from({ length: 40 }, () => cache.incrementWindow('w:2', 'w:1', 60)));
      expect(new Set(results.map((r) => r.current)).size).toBe(40);
      expect(results.every((r) => r.previous === 3)).toBe(true);
      expect(await cache.incrementWindow('w:9', 'w:8', 60)).toEqual({ current: 1, previous: 0 });
    });

    it('delivers published messages to every subscriber of the channel until it unsubscribes', async () => {
      const a: string[] = [];
      const b: string[] = [];
      const other: string[] = [];
      const stopA = await cache.subscribe('chan', (m) => a.push(m));
      const stopB = await cache.subscribe('chan', (m) => b.push(m));
      const stopOther = await cache.subscribe('other', (m) => other.push(m));
      await cache.publish('chan', 'one');
      await eventually(() => expect([a, b]).toEqual([['one'], ['one']]));
      await stopA();
      await cache.publish('chan', 'two');
      await eventually(() => expect(b).toEqual(['one', 'two']));
      expect(a).toEqual(['one']);
      expect(other).toEqual([]);
      await stopB();
      await stopOther();
    });
  });
}
