/**
 * Start-up that outlives a database outage. An instance started while its
 * database is down (a deploy racing the database's own restart, a whole
 * stack booting at once) keeps its process up, answers `/healthz` (alive)
 * and `/readyz` (503, `service_unavailable`), and retries start-up with
 * exponential backoff until the database answers; then it serves. Other
 * failures (a wrong secret key, a broken migration) still end start-up at
 * once: retrying would not fix them.
 */
import { isStoreUnavailableError } from './store/scale-out-contract.js';

export interface StartWithRetryOptions {
  /** First wait after a failed attempt; doubles per attempt. @default 250 */
  initialDelayMs?: number;
  /** @default 5000 */
  maxDelayMs?: number;
  /** Told about each failed attempt that will be retried. */
  onRetry(error: unknown, attempt: number, delayMs: number): void;
  /** Undoes what a failed attempt left half done, before the next one. */
  cleanup(): Promise<void>;
  /** Stop retrying (the server is closing): the last error is thrown. */
  signal: AbortSignal;
}

/** True when `error` (or anything in its `cause` chain) says the database cannot be reached. */
export function isDatabaseUnreachable(error: unknown): boolean {
  for (let e = error, depth = 0; e && depth < 8; e = (e as { cause?: unknown }).cause, depth++) {
    if (isStoreUnavailableError(e)) return true;
  }
  return false;
}

export async function startWithRetry<T>(attempt: () => Promise<T>, options: StartWithRetryOptions): Promise<T> {
  const initial = options.initialDelayMs ?? 250;
  const max = options.maxDelayMs ?? 5000;
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      if (!isDatabaseUnreachable(error) || options.signal.aborted) throw error;
      await options.cleanup();
      const delayMs = Math.min(max, initial * 2 ** (n - 1));
      options.onRetry(error, n, delayMs);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delayMs);
        options.signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
      });
      if (options.signal.aborted) throw error;
    }
  }
}
