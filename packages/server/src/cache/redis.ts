/**
 * The Redis cache: what many server instances share — rate-limit counters,
 * short-TTL values and the pub/sub channel of the revocation fan-out.
 *
 * Redis is a helper here, never a dependency of correctness: when it is down
 * requests keep being served. Commands fail fast instead of queueing
 * (`enableOfflineQueue: false`, a command timeout), reads answer "not
 * cached", publishes are dropped (the revocation feed also re-reads the
 * database, see `domain/revocations`), and rate limiting falls back to a
 * per-instance memory counter with a logged warning. ioredis reconnects on
 * its own and re-subscribes its channels; the warning is logged once per
 * outage and the recovery once.
 */
import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from '../config/schema.js';
import type { Cache } from './contract.js';
import { createMemoryCache } from './memory.js';

export interface RedisCacheOptions {
  /** `redis://[:password@]host:port[/db]` or `rediss://…`. */
  url: string;
  /** Put in front of every key and channel, so several deployments (or test runs) can share a Redis. @default 'latchkey:' */
  keyPrefix?: string;
  logger?: Logger;
  /** A command that has not answered by then counts as Redis being down. @default 1000 */
  commandTimeoutMs?: number;
  /** Clock for the fallback counters. @default Date.now */
  now?: () => number;
}

export interface RedisCache extends Cache {
  /** Whether the command connection is up right now. */
  readonly connected: boolean;
  /** Resolves once connected (or rejects after `timeoutMs`). */
  waitUntilConnected(timeoutMs?: number): Promise<void>;
}

// INCR + PEXPIRE-on-create + GET in one script: Redis runs it atomically, so
// every instance sees one consistent count.
const INCREMENT_WINDOW = `
local current = redis.call('INCR', KEYS[1])
if current == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local previous = tonumber(redis.call('GET', KEYS[2]) or '0') or 0
return {current, previous}
`;

const INCREMENT = `
local current = redis.call('INCR', KEYS[1])
if current == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return current
`;

export function createRedisCache(options: RedisCacheOptions): RedisCache {
  const prefix = options.keyPrefix ?? 'latchkey:';
  const logger = options.logger;
  const redisOptions: RedisOptions = {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: options.commandTimeoutMs ?? 1000,
    connectTimeout: 2000,
    // Keep trying for ever, at most every 2 s: the instance heals itself.
    retryStrategy: (attempt) => Math.min(100 * attempt, 2000),
    lazyConnect: false,
  };
  const client = new Redis(options.url, redisOptions);
  let subscriber: Redis | undefined;
  const listeners = new Map<string, Set<(message: string) => void>>();
  const fallback = createMemoryCache({ now: options.now });
  let down = false;
  let closing = false;

  const markDown = (error: unknown) => {
    if (down || closing) return;
    down = true;
    logger?.warn('redis unreachable: rate limits fall back to per-instance counters until it returns', { error: String(error) });
  };
  client.on('error', (error) => markDown(error));
  client.on('close', () => markDown('connection closed'));
  client.on('ready', () => {
    if (down) logger?.warn('redis reachable again: rate limits are shared between instances again');
    down = false;
  });

  const key = (k: string) => prefix + k;

  /** Runs a command; on failure reports Redis as down and answers `fallbackValue`. */
  async function attempt<T>(run: () => Promise<T>, fallbackValue: () => T | Promise<T>): Promise<T> {
    if (client.status !== 'ready') {
      markDown(`redis status ${client.status}`);
      return fallbackValue();
    }
    try {
      return await run();
    } catch (error) {
      markDown(error);
      return fallbackValue();
    }
  }

  function ensureSubscriber(): Redis {
    if (subscriber) return subscriber;
    // A connection in subscriber mode cannot run other commands: it gets its
    // own, and it may queue while offline (ioredis re-subscribes on reconnect).
    subscriber = new Redis(options.url, { ...redisOptions, enableOfflineQueue: true, maxRetriesPerRequest: null, commandTimeout: undefined });
    subscriber.on('error', () => {});
    subscriber.on('message', (channel: string, message: string) => {
      for (const listener of listeners.get(channel.slice(prefix.length)) ?? []) {
        try {
          listener(message);
        } catch (error) {
          logger?.error('cache subscriber failed', { error: String(error) });
        }
      }
    });
    return subscriber;
  }

  return {
    get connected() {
      return client.status === 'ready';
    },
    async waitUntilConnected(timeoutMs = 5000) {
      if (client.status === 'ready') return;
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          client.off('ready', onReady);
          reject(new Error(`Redis did not answer within ${timeoutMs} ms`));
        }, timeoutMs);
        const onReady = () => {
          clearTimeout(timer);
          resolve();
        };
        client.once('ready', onReady);
      });
    },
    get: (k) => attempt(() => client.get(key(k)), () => null),
    set: (k, value, ttlSeconds) =>
      attempt(
        async () => void (await client.set(key(k), value, 'PX', Math.max(1, Math.round(ttlSeconds * 1000)))),
        () => undefined,
      ),
    delete: (k) => attempt(async () => void (await client.del(key(k))), () => undefined),
    increment: (k, ttlSeconds) =>
      attempt(
        async () => (await client.eval(INCREMENT, 1, key(k), ttlSeconds * 1000)) as number,
        () => fallback.increment(k, ttlSeconds),
      ),
    incrementWindow: (currentKey, previousKey, ttlSeconds) =>
      attempt(
        async () => {
          const [current, previous] = (await client.eval(INCREMENT_WINDOW, 2, key(currentKey), key(previousKey), ttlSeconds * 1000)) as [number, number];
          return { current, previous };
        },
        () => fallback.incrementWindow(currentKey, previousKey, ttlSeconds),
      ),
    publish: (channel, message) =>
      attempt(async () => void (await client.publish(key(channel), message)), () => undefined),
    async subscribe(channel, listener) {
      const set = listeners.get(channel) ?? new Set();
      const first = set.size === 0;
      set.add(listener);
      listeners.set(channel, set);
      const sub = ensureSubscriber();
      if (first) await sub.subscribe(key(channel));
      return async () => {
        set.delete(listener);
        if (set.size === 0) {
          listeners.delete(channel);
          await sub.unsubscribe(key(channel)).catch(() => {});
        }
      };
    },
    async close() {
      closing = true;
      await fallback.close();
      client.disconnect();
      subscriber?.disconnect();
    },
  };
}
