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
 * weighted by how much of it still overlaps the sliding window. Two atomic
 * cache operations, no per-request list, and a smooth limit at window edges
 * (a burst at the end of one window and the start of the next is caught).
 * Every attempt counts, allowed or not, so hammering does not reset it.
 */
export async function hitRateLimit(cache: Cache, key: string, rule: RateLimitRule, nowMs: number): Promise<RateLimitResult> {
  const windowMs = rule.windowSeconds * 1000;
  const index = Math.floor(nowMs / windowMs);
  const elapsed = (nowMs % windowMs) / windowMs;
  const [current, previous] = await Promise.all([
    cache.increment(`rl:${key}:${index}`, rule.windowSeconds * 2),
    cache.get(`rl:${key}:${index - 1}`),
  ]);
  const weighted = current + Number(previous ?? 0) * (1 - elapsed);
  if (weighted <= rule.limit) {
    return { allowed: true, retryAfterSeconds: 0, remaining: Math.max(0, Math.floor(rule.limit - weighted)) };
  }
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(((1 - elapsed) * windowMs) / 1000)), remaining: 0 };
}
