/**
 * Real PostgreSQL and Redis for integration tests (no stand-ins). Each test
 * file gets its own schema (`lk_test_<random>`) and Redis key prefix, so runs
 * never see each other's data. Following the house rule, a service whose URL
 * is set but which does not answer fails the run loudly; only an unset URL
 * skips, with a visible message.
 */
import pg from 'pg';
import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';

export const pgUrl = process.env.LATCHKEY_TEST_PG_URL || undefined;
export const redisUrl = process.env.LATCHKEY_TEST_REDIS_URL || undefined;

/** Prints why a suite is skipped (vitest shows it in the run output). */
export function announceSkip(suite: string, variable: string): void {
  console.warn(`[skip] ${suite}: ${variable} is not set; set it (as .ci/run does) to run against the real service`);
}

export function randomSuffix(): string {
  return randomBytes(6).toString('hex');
}

/** A fresh schema name; pass it to `createPostgresStore({ schema })`, which creates it. */
export function testSchemaName(label = 'store'): string {
  return `lk_test_${label}_${randomSuffix()}`;
}

/** Throws unless PostgreSQL answers at `url` (the loud failure when the URL is set). */
export async function assertPostgresAnswers(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
  } catch (error) {
    throw new Error(`LATCHKEY_TEST_PG_URL is set but PostgreSQL does not answer: ${String(error)}`);
  } finally {
    await client.end().catch(() => {});
  }
}

/** Drops the given schemas (and everything in them). */
export async function dropSchemas(url: string, schemas: string[]): Promise<void> {
  if (schemas.length === 0) return;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

/** Throws unless Redis answers at `url`. */
export async function assertRedisAnswers(url: string): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 3000, retryStrategy: () => null });
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    throw new Error(`LATCHKEY_TEST_REDIS_URL is set but Redis does not answer: ${String(error)}`);
  } finally {
    redis.disconnect();
  }
}

/** Deletes every key under `prefix` (SCAN, never KEYS, on a shared Redis). */
export async function deleteRedisPrefix(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
