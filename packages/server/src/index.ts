/**
 * @latchkey/server: the auth server as a Web-standard fetch handler.
 *
 * @example
 * const latchkey = createLatchkeyServer({ secretKey: process.env.LATCHKEY_SECRET_KEY!, publicUrl: 'http://localhost:4400' });
 * export const GET = (req: Request) => latchkey.fetch(req);
 */
import { createPublishableKey } from '@latchkey/backend/internal';
import type { Cache } from './cache/contract.js';
import { createMemoryCache } from './cache/memory.js';
import { ENDED_SESSION_RETENTION_MS } from './config/defaults.js';
import { createConsoleLogger } from './config/logger.js';
import { parseServerConfig } from './config/parse-config.js';
import type { ServerConfig, ServerConfigInput } from './config/schema.js';
import type { DomainContext } from './domain/context.js';
import { createDomainEvents, type DomainEvents } from './domain/events.js';
import { hashSecret, safeEqual } from './domain/hash.js';
import { defaultRandom } from './domain/ids.js';
import { createCryptoBox } from './domain/keys/crypto-box.js';
import { createKeyring } from './domain/keys/keyring.js';
import { assertActiveOrganization } from './domain/orgs/memberships.js';
import { createTemplateRegistry } from './domain/tokens/templates/create-template-registry.js';
import { maxTokenLifetimeSeconds } from './domain/tokens/templates/max-token-lifetime.js';
import { createSettingsService, parseStoredSettings } from './domain/settings/settings-service.js';
import { defaultInstanceSettings } from './domain/settings/instance-settings.js';
import { sweepSessions, type SweepResult } from './domain/sessions/sweep-sessions.js';
import { allEndpoints } from './http/endpoints/index.js';
import { createMetricsRegistry } from './http/endpoints/health-metrics.js';
import { handleOpsRequest, isOpsRequest } from './http/endpoints/health.js';
import { createRevocationHub, type RevocationHub } from './domain/revocations/revocation-hub.js';
import { createWebhookDispatcher, type WebhookDispatcher, type WebhookDispatcherOptions } from './domain/webhooks/webhook-dispatcher.js';
import { createWebhookOutbox } from './domain/webhooks/webhook-outbox.js';
import type { RedisCache } from './cache/redis.js';
import { createRouter, type RequestEnv } from './http/router.js';
import type { Store } from './store/contract.js';
import { openStore } from './store/open-store.js';
import { startWithRetry } from './start-with-retry.js';
import { StoreUnavailableError } from './store/scale-out-contract.js';
import { toErrorResponse } from './http/errors.js';
import { createId } from './domain/ids.js';

export interface LatchkeyServer {
  /** Handles one request. `env.clientIp` is the peer address when the caller knows it. */
  fetch(request: Request, env?: RequestEnv): Promise<Response>;
  /** Resolves once the store is migrated and the keys are loaded (fetch waits for it too). */
  ready(): Promise<void>;
  /** Moves sessions past their deadlines to expired/abandoned and purges old ended rows (also runs on a timer). */
  sweep(): Promise<SweepResult>;
  close(): Promise<void>;
  readonly config: ServerConfig;
  /** `pk_live_…` and `pk_test_…` for the public URL's host. */
  readonly publishableKeys: { live: string; test: string };
  /** Session and user events, after they are stored. */
  readonly events: DomainEvents;
  /** @internal The domain context, for the CLI and tests in this repository. */
  context(): Promise<DomainContext>;
}

export interface CreateLatchkeyServerOptions extends ServerConfigInput {
  /** How often the sweeper runs; 0 turns the timer off. @default 60000 */
  sweepIntervalMs?: number;
  /** Webhook delivery tuning (see `domain/webhooks/webhook-dispatcher.ts`); `enabled: false` stops this instance delivering (events are still recorded). */
  webhooks?: Partial<Pick<WebhookDispatcherOptions, 'pollIntervalMs' | 'batchSize' | 'leaseMs' | 'timeoutMs' | 'retryBaseMs' | 'retryFactor' | 'maxAttempts' | 'fetch'>> & {
    enabled?: boolean;
  };
  /** How often the revocation feed re-reads recently ended sessions from the database while verifiers listen. @default 1000 */
  revocationPollIntervalMs?: number;
  /** Start-up retry while the database is unreachable: first wait, doubling up to `maxDelayMs`. @default { initialDelayMs: 250, maxDelayMs: 5000 } */
  startupRetry?: { initialDelayMs?: number; maxDelayMs?: number };
}

export function createLatchkeyServer(options: CreateLatchkeyServerOptions): LatchkeyServer {
  const config = parseServerConfig(options);
  const now = options.now ? () => options.now!().getTime() : Date.now;
  const random = options.random ?? defaultRandom;
  const logger = options.logger ?? createConsoleLogger();
  const events = createDomainEvents((error) => logger.error('event listener failed', { error: String(error) }));
  const host = new URL(config.publicUrl).host;
  let store: Store | undefined;
  let cache: Cache | undefined;
  let sweepTimer: ReturnType<typeof setInterval> | undefined;
  let closed = false;
  let hub: RevocationHub | undefined;
  let dispatcher: WebhookDispatcher | undefined;
  let started: boolean | Error = false;
  const metrics = createMetricsRegistry();

  // Set while start-up waits for an unreachable database (it retries with backoff).
  let waitingForDatabase: unknown = null;
  const closing = new AbortController();
  const attemptStartup = async () => {
    store ??= options.store ?? (await openStore(config.databaseUrl));
    if (cache) {
      // Kept from an earlier attempt.
    } else if (options.cache) cache = options.cache;
    else if (config.redisUrl) {
      const { createRedisCache } = await import('./cache/redis.js');
      cache = createRedisCache({ url: config.redisUrl, logger, now });
    } else cache = createMemoryCache({ now });
    await store.migrate();
    const initialSettings = { ...defaultInstanceSettings, ...config.initialSettings };
    const instance = await store.instance.initialize({
      secretKeyHash: hashSecret(config.secretKey),
      settings: initialSettings,
      createdAt: now(),
      updatedAt: now(),
    });
    if (!safeEqual(instance.secretKeyHash, hashSecret(config.secretKey))) {
      throw new Error(
        'LATCHKEY_SECRET_KEY does not match the secret key this instance was created with; its signing keys cannot be decrypted',
      );
    }
    const settings = createSettingsService({
      store,
      now,
      random,
      reloadIntervalMs: config.reloadIntervalMs,
      initial: parseStoredSettings(instance.settings),
    });
    const keys = createKeyring({
      store,
      box: createCryptoBox(config.secretKey),
      now,
      reloadIntervalMs: config.reloadIntervalMs,
      publishDelaySeconds: config.keyPublishDelaySeconds,
      // Template tokens signed with an instance key may outlive session tokens.
      maxTokenLifetimeSeconds: () => maxTokenLifetimeSeconds(store!, settings),
    });
    await keys.initialize((await settings.get()).signingAlgorithm);
    const domain: DomainContext = {
      store,
      cache,
      config,
      settings,
      keys,
      now,
      random,
      logger,
      events,
      assertActiveOrganization: (userId, organizationId) => assertActiveOrganization(domain, userId, organizationId),
      templates: createTemplateRegistry({
        store,
        secrets: createCryptoBox(config.secretKey, 'latchkey jwt template keys v1'),
        now,
        reloadIntervalMs: config.reloadIntervalMs,
      }),
    };
    // Scale-out: the webhook outbox (written with each change), its delivery
    // by any instance, and the revocation feed fed by committed transitions.
    domain.outbox = createWebhookOutbox({ now, random });
    hub = createRevocationHub({
      store,
      cache,
      now,
      logger,
      pollIntervalMs: options.revocationPollIntervalMs,
      // The feed keeps an entry while any token it could match may still verify: JWT templates may outlive session tokens.
      maxTokenLifetimeSeconds: () => maxTokenLifetimeSeconds(store!, settings),
    });
    await hub.start();
    domain.revocations = hub;
    const { enabled: webhooksEnabled = true, ...webhookOptions } = options.webhooks ?? {};
    dispatcher = createWebhookDispatcher({ store, secretKey: config.secretKey, now, random, logger, ...webhookOptions });
    events.on((event) => {
      dispatcher?.kick();
      if ('session' in event && event.session.status !== 'active') {
        hub?.publishSessionEnded(event.session.id, event.session.userId, event.session.endedAt ?? now());
      }
    });
    if (webhooksEnabled) dispatcher.start();
    registerGauges(store, cache);
    const interval = options.sweepIntervalMs ?? 60_000;
    if (interval > 0) {
      sweepTimer = setInterval(() => {
        sweepSessions(domain, { retentionMs: ENDED_SESSION_RETENTION_MS }).catch((error) =>
          logger.error('session sweep failed', { error: String(error) }),
        );
      }, interval);
      sweepTimer.unref?.();
    }
    return { domain, handle: createRouter(allEndpoints, domain) };
  };
  const init = startWithRetry(attemptStartup, {
    ...options.startupRetry,
    signal: closing.signal,
    async cleanup() {
      // Whatever the failed attempt started is started again by the next one.
      await hub?.stop().catch(() => {});
      hub = undefined;
    },
    onRetry(error, attempt, delayMs) {
      waitingForDatabase = error;
      logger.warn('database unreachable at start-up; retrying', { attempt, retryInMs: delayMs });
    },
  }).finally(() => void (waitingForDatabase = null));
  // Callers see the failure through ready()/fetch(); don't crash the process on an unobserved rejection.
  init.then(
    () => void (started = true),
    (error: unknown) => void (started = error instanceof Error ? error : new Error(String(error))),
  );

  function registerGauges(s: Store, c: Cache) {
    let active = { at: 0, value: 0 };
    metrics.gauge('latchkey_active_sessions', 'Sessions in status active (refreshed every 15 s)', async () => {
      if (now() - active.at > 15_000) active = { at: now(), value: await s.sessions.count({ status: 'active' }) };
      return active.value;
    });
    metrics.gauge('latchkey_webhook_backlog', 'Webhook work not done yet', async () => {
      const b = await s.webhooks.backlog();
      return { events: b.undispatchedEvents, deliveries: b.pendingDeliveries };
    });
    metrics.gauge('latchkey_webhook_attempts', 'Webhook delivery attempts made by this instance', () => ({
      delivered: dispatcher?.stats.delivered ?? 0,
      failed: dispatcher?.stats.failedAttempts ?? 0,
      given_up: dispatcher?.stats.givenUp ?? 0,
    }), 'result');
    metrics.gauge('latchkey_revocation_feed_subscribers', 'Verifiers streaming the revocation feed from this instance', () => hub?.stats.subscribers ?? 0);
    metrics.gauge('latchkey_revocation_entries', 'Revocations held (still able to match an unexpired token)', () => hub?.stats.entries ?? 0);
    metrics.gauge('latchkey_revocation_feed_lag_seconds', 'For the newest revocation: how long after it this instance learned of it', () => (hub?.stats.lastPropagationMs ?? 0) / 1000);
    if ('connected' in c) metrics.gauge('latchkey_redis_up', '1 when Redis answers', () => ((c as RedisCache).connected ? 1 : 0));
  }

  const probe = {
    started: () => started,
    waitingForDatabase: () => waitingForDatabase !== null,
    pingDatabase: async () => {
      if (!store) throw new Error('no store yet');
      await store.revocations.ping();
    },
    redisConnected: () => (cache && 'connected' in cache ? (cache as RedisCache).connected : null),
    metrics: () => metrics.render(),
  };

  return {
    async fetch(request, env) {
      const url = new URL(request.url);
      if (isOpsRequest(request, url)) return handleOpsRequest(url, probe);
      // While start-up waits for the database, answer at once (503, retry later) instead of holding the request.
      if (waitingForDatabase !== null) return toErrorResponse(new StoreUnavailableError(waitingForDatabase), createId('req', random), logger);
      const { handle } = await init;
      const startedAt = performance.now();
      const response = await handle(request, env);
      metrics.countRequest(request.method, response.status, (performance.now() - startedAt) / 1000);
      if (response.status === 200 && request.method === 'POST' && /\/(tokens(\/[^/]+)?|refresh)$/.test(url.pathname)) {
        metrics.increment('latchkey_tokens_minted_total', 'Session and template tokens minted');
      }
      return response;
    },
    async ready() {
      await init;
    },
    async sweep() {
      const { domain } = await init;
      return sweepSessions(domain, { retentionMs: ENDED_SESSION_RETENTION_MS });
    },
    async close() {
      if (closed) return;
      closed = true;
      closing.abort();
      if (sweepTimer) clearInterval(sweepTimer);
      await init.catch(() => {});
      await dispatcher?.stop();
      await hub?.stop();
      if (!options.cache) await cache?.close();
      if (!options.store) await store?.close();
    },
    config,
    publishableKeys: { live: createPublishableKey(host, 'live'), test: createPublishableKey(host, 'test') },
    events,
    async context() {
      return (await init).domain;
    },
  };
}

export { LatchkeyConfigError } from './config/errors.js';
export type { ServerConfig, ServerConfigInput, Logger, RateLimits } from './config/schema.js';
export type { InstanceSettings } from './domain/settings/instance-settings.js';
export type { DomainEvent } from './domain/events.js';
export type { Store } from './store/contract.js';
export type { Cache } from './cache/contract.js';
export type { RequestEnv } from './http/router.js';
export { createMemoryCache } from './cache/memory.js';
export { openStore } from './store/open-store.js';
/** The sliding-window rate limiter the server uses, for apps' own routes (memory or Redis cache). */
export { hitRateLimit } from './domain/rate-limit/sliding-window.js';
export type { RateLimitResult } from './domain/rate-limit/sliding-window.js';
export type { RateLimitRule } from './config/schema.js';
