/**
 * Delivers the webhook outbox. Every instance runs one; they share the work
 * through the store: events are fanned out to deliveries and deliveries are
 * leased with `FOR UPDATE SKIP LOCKED` on PostgreSQL, so each attempt is made
 * by one instance. A lease that outlives its instance (killed mid-send) runs
 * out and another instance retries it — delivery is at-least-once, and
 * receivers deduplicate by `webhook-id`, which stays the same on every retry.
 *
 * Failed attempts are retried with exponential backoff and jitter:
 * 5 s, 20 s, 80 s, ~5 min, ~21 min, ~85 min, ~5.7 h (8 attempts in all, by
 * default), then the delivery is marked `failed`.
 */
import type { Logger } from '../../config/schema.js';
import type { Store } from '../../store/contract.js';
import type { WebhookDeliveryClaim } from '../../store/scale-out-contract.js';
import { createId, type RandomSource } from '../ids.js';
import { signWebhook } from './sign-webhook.js';
import { webhookSecretBox } from './webhook-endpoints.js';

export interface WebhookDispatcherOptions {
  store: Store;
  /** The instance secret key (opens the endpoints' sealed secrets). */
  secretKey: string;
  now: () => number;
  random: RandomSource;
  logger: Logger;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
  /** How often the outbox is polled for work from any instance. @default 500 */
  pollIntervalMs?: number;
  /** Deliveries sent at once. @default 20 */
  batchSize?: number;
  /** How long a leased delivery is reserved for the instance sending it. @default 30000 */
  leaseMs?: number;
  /** A receiver that has not answered by then counts as failed. @default 10000 */
  timeoutMs?: number;
  /** First retry delay; each later one is `retryFactor` times longer. @default 5000 */
  retryBaseMs?: number;
  /** @default 4 */
  retryFactor?: number;
  /** Attempts before a delivery is given up as `failed`. @default 8 */
  maxAttempts?: number;
  /** Delivered events are purged after this long. @default 7 days */
  eventRetentionMs?: number;
}

export interface WebhookDispatcher {
  /** Dispatches and sends what is due now; resolves when this round is done. */
  runOnce(): Promise<{ dispatched: number; delivered: number; failed: number }>;
  /** Starts polling. */
  start(): void;
  /** Asks for a round as soon as possible (after a local commit). */
  kick(): void;
  stop(): Promise<void>;
  readonly stats: { delivered: number; failedAttempts: number; givenUp: number };
}

export function createWebhookDispatcher(options: WebhookDispatcherOptions): WebhookDispatcher {
  const {
    store,
    now,
    random,
    logger,
    pollIntervalMs = 500,
    batchSize = 20,
    leaseMs = 30_000,
    timeoutMs = 10_000,
    retryBaseMs = 5000,
    retryFactor = 4,
    maxAttempts = 8,
    eventRetentionMs = 7 * 24 * 3600 * 1000,
  } = options;
  const send = options.fetch ?? globalThis.fetch;
  const box = webhookSecretBox(options.secretKey);
  const stats = { delivered: 0, failedAttempts: 0, givenUp: 0 };
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<unknown> | null = null;
  let again = false;
  let stopped = true;
  let lastPurge = 0;

  // ±20 % jitter, from the injected randomness, so that receivers coming back
  // after an outage are not hit by every instance's retries at once.
  const jitter = () => {
    const bytes = new Uint8Array(2);
    random(bytes);
    return ((bytes[0]! << 8) | bytes[1]!) / 0xffff;
  };
  const retryDelay = (attempt: number) => {
    const base = retryBaseMs * retryFactor ** (attempt - 1);
    return Math.round(base * (0.8 + jitter() * 0.4));
  };

  async function deliver(claim: WebhookDeliveryClaim): Promise<boolean> {
    const started = now();
    let statusCode: number | null = null;
    let error: string | null = null;
    try {
      const secret = box.open(claim.endpoint.secretCiphertext);
      const headers = signWebhook(secret, claim.event.id, Math.floor(started / 1000), claim.event.payload);
      const response = await send(claim.endpoint.url, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json', 'user-agent': 'Latchkey-Webhooks/1' },
        body: claim.event.payload,
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
      statusCode = response.status;
      await response.body?.cancel().catch(() => {});
      if (statusCode < 200 || statusCode >= 300) error = `receiver answered ${statusCode}`;
    } catch (caught) {
      error = caught instanceof Error ? caught.message.slice(0, 200) : 'request failed';
    }
    const attemptNumber = claim.attempts + 1;
    const success = error === null;
    const giveUp = !success && attemptNumber >= maxAttempts;
    const at = now();
    await store.webhooks.recordAttempt(
      {
        id: createId('wha', random),
        deliveryId: claim.deliveryId,
        endpointId: claim.endpoint.id,
        eventId: claim.event.id,
        eventType: claim.event.type,
        attemptedAt: at,
        statusCode,
        error,
        durationMs: at - started,
        success,
      },
      success ? 'delivered' : giveUp ? 'failed' : 'pending',
      success || giveUp ? at : at + retryDelay(attemptNumber),
    );
    if (success) stats.delivered++;
    else {
      stats.failedAttempts++;
      if (giveUp) {
        stats.givenUp++;
        logger.warn('webhook delivery given up', { endpointId: claim.endpoint.id, eventId: claim.event.id, attempts: attemptNumber });
      }
    }
    return success;
  }

  async function round() {
    const result = { dispatched: 0, delivered: 0, failed: 0 };
    for (;;) {
      const n = await store.webhooks.dispatchEvents(100, now(), () => createId('whd', random));
      result.dispatched += n;
      if (n < 100) break;
    }
    for (;;) {
      const claims = await store.webhooks.claimDeliveries(now(), batchSize, leaseMs);
      const outcomes = await Promise.all(claims.map(deliver));
      for (const ok of outcomes) ok ? result.delivered++ : result.failed++;
      if (claims.length < batchSize) break;
    }
    if (now() - lastPurge > 3600_000) {
      lastPurge = now();
      await store.webhooks.purgeEvents(now() - eventRetentionMs, 1000);
    }
    return result;
  }

  function runOnce() {
    if (running) {
      again = true;
      return running as ReturnType<WebhookDispatcher['runOnce']>;
    }
    const current = round().finally(() => {
      running = null;
      if (again && !stopped) {
        again = false;
        schedule(0);
      }
    });
    running = current;
    return current;
  }

  function schedule(delay: number) {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      runOnce()
        .catch((error) => logger.warn('webhook dispatch round failed; retrying', { error: String(error) }))
        .finally(() => schedule(pollIntervalMs));
    }, delay);
    timer.unref?.();
  }

  return {
    runOnce,
    start() {
      if (!stopped) return;
      stopped = false;
      schedule(0);
    },
    kick() {
      if (stopped) return;
      if (running) again = true;
      else schedule(0);
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running?.catch(() => {});
    },
    stats,
  };
}
