import { createMemoryCache, hitRateLimit, type Cache, type RateLimitResult } from '@latchkey/server';

// One cache per process (memory); behind several app instances, pass the
// Redis cache of @latchkey/server instead so the window is shared.
const g = globalThis as { latchkeyExampleRateLimitCache?: Cache };
const cache = (g.latchkeyExampleRateLimitCache ??= createMemoryCache());

/** 10 requests per 10 s per user, sliding window (the server's own limiter). */
export const API_RULE = { limit: 10, windowSeconds: 10 };

export function limitUser(userId: string): Promise<RateLimitResult> {
  return hitRateLimit(cache, `example-api:${userId}`, API_RULE, Date.now());
}
