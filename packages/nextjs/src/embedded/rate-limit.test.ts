import { describe, expect, it } from 'vitest';
import { createMemoryCache, hitRateLimit } from '@latchkey/server';

describe('hitRateLimit (public export of @latchkey/server, used by the example API route)', () => {
  it('allows 10 requests per 10 s per key and refuses the 11th with a retry-after', async () => {
    let now = Date.UTC(2026, 0, 1, 0, 0, 3);
    const cache = createMemoryCache({ now: () => now });
    const rule = { limit: 10, windowSeconds: 10 };
    for (let i = 0; i < 10; i++) expect((await hitRateLimit(cache, 'user_a', rule, now)).allowed).toBe(true);
    const refused = await hitRateLimit(cache, 'user_a', rule, now);
    expect(refused).toMatchObject({ allowed: false, remaining: 0 });
    expect(refused.retryAfterSeconds).toBeGreaterThan(0);
    expect((await hitRateLimit(cache, 'user_b', rule, now)).allowed).toBe(true);
    now += 20_000;
    expect((await hitRateLimit(cache, 'user_a', rule, now)).allowed).toBe(true);
    await cache.close();
  });
});
