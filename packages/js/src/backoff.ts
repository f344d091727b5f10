import type { Clock } from './clock.js';

/** How failed requests are retried. */
export interface RetryOptions {
  /** Attempts in all, the first included. @default 4 */
  maxAttempts?: number;
  /** The first retry waits about this long; each next one twice as long. @default 500 */
  baseDelayMs?: number;
  /** No wait is longer than this. @default 30000 */
  maxDelayMs?: number;
}

export const defaultRetry = { maxAttempts: 4, baseDelayMs: 500, maxDelayMs: 30_000 } satisfies Required<RetryOptions>;

/**
 * The wait before retry number `attempt` (1-based): exponential, capped, with
 * "equal jitter" (half fixed, half random) so that many tabs or browsers that
 * failed together do not retry together, and never zero, so a persistent
 * failure can never become a tight loop.
 */
export function backoffDelay(attempt: number, options: Required<RetryOptions>, random: () => number): number {
  const exp = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.max(1, Math.round(exp / 2 + (exp / 2) * random()));
}

export function resolveRetry(options: RetryOptions | undefined): Required<RetryOptions> {
  return { ...defaultRetry, ...options };
}

export type { Clock };
