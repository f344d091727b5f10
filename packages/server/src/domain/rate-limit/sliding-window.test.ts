import { describe, expect, it } from 'vitest';
import { createMemoryCache } from '../../cache/memory.js';
import { hitRateLimit } from './sliding-window.js';

describe('sliding-window rate limit', () => {
  it('allows up to the limit in a window, then refuses with a Retry-After', async () => {
    let t = 1_000_000;
    const cache = createMemoryCache({ now: () => t });
    const rule = { limit: 3, windowSeconds: 10 };
    for (let i = 0; i < 3; i++) expect((await hitRateLimit(cache, 'k', rule, t)).allowed).toBe(true);
    const refused = await hitRateLimit(cache, 'k', rule, t);
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterSeconds).toBeGreaterThan(0);
    expect(refused.retryAfterSeconds).toBeLessThanOrEqual(10);
    await cache.close();
  });

  it('counts a burst straddling a window edge against the limit', async () => {
    let t = 1_009_000; // 9 s into a 10 s window
    const cache = createMemoryCache({ now: () => t });
    const rule = { limit: 4, windowSeconds: 10 };
    for (let i = 0; i < 4; i++) await hitRateLimit(cache, 'k', rule, t);
    t = 1_010_500; // just after the edge: 95 % of the old window still overlaps
    expect((await hitRateLimit(cache, 'k', rule, t)).allowed).toBe(false);
    t = 1_019_900; // almost a whole window later the old burst has slid out
    expect((await hitRateLimit(cache, 'k', rule, t)).allowed).toBe(true);
    await cache.close();
  });

  it('keeps separate counts per key', async () => {
    const cache = createMemoryCache();
    const rule = { limit: 1, windowSeconds: 60 };
    expect((await hitRateLimit(cache, 'a', rule, 0)).allowed).toBe(true);
    expect((await hitRateLimit(cache, 'b', rule, 0)).allowed).toBe(true);
    expect((await hitRateLimit(cache, 'a', rule, 0)).allowed).toBe(false);
    await cache.close();
  });
});
