import type { Cache } from '../../cache/contract.js';
import type { RateLimitRule } from '../../config/schema.js';

export interface RateLimitResult {
  allowed: boolean;
  /** Seconds until a request would be allowed again (0 when allowed). */
  retryAfterSeconds: number;
  remaining: number;
}

/**
 * Sliding-window counter: this window's count plus the previous window's,
 * weighted by how much of it still overlaps the sliding window. One atomic
 * cache operation, no per-request list, and a smooth limit at window edges
 * (a burst at the end of one window and the start of the next is caught).
 * Every attempt counts, allowed or not, so hammering does not reset it.
 */
export async function hitRateLimit(cache: Cache, key: string, rule: RateLimitRule, nowMs: number): Promise<RateLimitResult> {
  const windowMs = rule.windowSeconds * 1000;
  const index = Math.floor(nowMs / windowMs);
  const elapsed = (nowMs % windowMs) / windowMs;
  // One atomic cache step (a Lua script on Redis): with many instances, every
  // hit is counted once and sees the count including everyone else's. The
  // `{…}` hash tag keeps both windows of a key in one Redis Cluster slot.
  const { current, previous } = await cache.incrementWindow(`rl:{${key}}:${index}`, `rl:{${key}}:${index - 1}`, rule.windowSeconds * 2);
  const weighted = current + previous * (1 - elapsed);
  if (weighted <= rule.limit) {
    return { allowed: true, retryAfterSeconds: 0, remaining: Math.max(0, Math.floor(rule.limit - weighted)) };
  }
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(((1 - elapsed) * windowMs) / 1000)), remaining: 0 };
}
