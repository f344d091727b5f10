import { describe, expect, it } from 'vitest';
import { createMemoryCache } from './memory.js';

describe('memory cache', () => {
  it('expires values after their TTL and counts within a window', async () => {
    let t = 0;
    const cache = createMemoryCache({ now: () => t });
    await cache.set('a', '1', 10);
    expect(await cache.increment('n', 5)).toBe(1);
    expect(await cache.increment('n', 5)).toBe(2);
    t = 5_000;
    expect(await cache.get('n')).toBeNull();
    expect(await cache.increment('n', 5)).toBe(1);
    expect(await cache.get('a')).toBe('1');
    t = 10_000;
    expect(await cache.get('a')).toBeNull();
    await cache.close();
  });

  it('delivers published messages to subscribers until they unsubscribe', async () => {
    const cache = createMemoryCache();
    const got: string[] = [];
    const stop = await cache.subscribe('c', (m) => got.push(m));
    await cache.publish('c', 'one');
    await stop();
    await cache.publish('c', 'two');
    expect(got).toEqual(['one']);
    await cache.close();
  });
});
