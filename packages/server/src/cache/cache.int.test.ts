import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { announceSkip, assertRedisAnswers, deleteRedisPrefix, randomSuffix, redisUrl } from '../integration/services.js';
import { runCacheContract } from './cache.contract.js';
import { createMemoryCache } from './memory.js';
import { createRedisCache } from './redis.js';

runCacheContract('memory', async () => createMemoryCache());

if (!redisUrl) announceSkip('cache contract on Redis', 'LATCHKEY_TEST_REDIS_URL');

// Without the services the whole suite is reported as skipped (and announced above).
describe.skipIf(!redisUrl)('cache contract on Redis', () => {
  const url = redisUrl!;
  const prefix = `lk_test_cache_${randomSuffix()}:`;
  beforeAll(() => assertRedisAnswers(url));
  afterAll(() => deleteRedisPrefix(url, prefix));

  let n = 0;
  runCacheContract('redis', async () => {
    const cache = createRedisCache({ url, keyPrefix: `${prefix}${++n}:` });
    await cache.waitUntilConnected();
    return cache;
  });

  describe('redis cache', () => {
    it('shares counters between two instances on the same prefix, and isolates other prefixes', async () => {
      const a = createRedisCache({ url, keyPrefix: `${prefix}shared:` });
      const b = createRedisCache({ url, keyPrefix: `${prefix}shared:` });
      const c = createRedisCache({ url, keyPrefix: `${prefix}elsewhere:` });
      await Promise.all([a.waitUntilConnected(), b.waitUntilConnected(), c.waitUntilConnected()]);
      await a.incrementWindow('k', 'k0', 60);
      expect((await b.incrementWindow('k', 'k0', 60)).current).toBe(2);
      expect((await c.incrementWindow('k', 'k0', 60)).current).toBe(1);
      await Promise.all([a.close(), b.close(), c.close()]);
    });

    it('answers from per-instance counters with a logged warning when Redis cannot be reached', async () => {
      const warnings: string[] = [];
      const logger = { info() {}, warn: (m: string) => warnings.push(m), error() {} };
      // Port 1 on loopback: nothing listens, the connection is refused.
      const cache = createRedisCache({ url: 'redis://127.0.0.1:1', logger });
      expect(await cache.incrementWindow('k', 'k0', 60)).toEqual({ current: 1, previous: 0 });
      expect(await cache.incrementWindow('k', 'k0', 60)).toEqual({ current: 2, previous: 0 });
      expect(await cache.get('k')).toBeNull();
      await cache.publish('c', 'dropped');
      expect(warnings.filter((w) => w.startsWith('redis unreachable'))).toHaveLength(1);
      await cache.close();
    });
  });
});
