/**
 * Revocation propagation (issue 8): two server processes on one PostgreSQL
 * (and one Redis), an app verifier in this process streaming the revocation
 * feed from instance A. Each session is revoked through instance B's
 * Backend API; the figure is the time from B's acknowledgement until the
 * verifier's `isRevoked` says so. The baseline is what peers do: a revoked
 * session's token works until it expires (the 60 s session-token TTL).
 * The same is measured without Redis, where instances learn of each other's
 * revocations from the database catch-up read (every second).
 */
import { createRevocationFeed } from '@latchkey/backend/revocations';
import { createTestSecretKey } from '@latchkey/testing';
import type { BenchModule, BenchRow } from './lib/measure.js';
import { benchName, dropSchema, latencySummary, ms, pgUrl, redisUrl, startServerProcess, type ServerProcess } from './lib/services.js';

const WITH_REDIS = 200;
const WITHOUT_REDIS = 20;
const TOKEN_TTL_MS = 60_000;

async function api(base: string, secretKey: string, path: string, method = 'GET', json?: unknown) {
  const response = await fetch(new URL(path, base), {
    method,
    headers: { authorization: `Bearer ${secretKey}`, ...(json ? { 'content-type': 'application/json' } : {}) },
    body: json ? JSON.stringify(json) : undefined,
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.json() as Promise<Record<string, any>>;
}

async function measure(count: number, redis: boolean) {
  const schema = benchName('revocation');
  const secretKey = createTestSecretKey();
  const env = {
    LK_STORE: `postgres:${schema}`,
    LK_PG_URL: pgUrl,
    LK_SECRET_KEY: secretKey,
    ...(redis ? { LK_REDIS_URL: redisUrl, LK_REDIS_PREFIX: `${schema}:` } : {}),
  };
  const instances: ServerProcess[] = [];
  try {
    const a = await startServerProcess(env);
    instances.push(a);
    const b = await startServerProcess(env);
    instances.push(b);
    const user = await api(b.url, secretKey, '/v1/users', 'POST', { email_address: 'bench@example.com', password: 'bench password 123' });
    const sessionIds: string[] = [];
    for (let i = 0; i < count; i++) sessionIds.push((await api(b.url, secretKey, '/v1/sessions', 'POST', { user_id: user.id })).id);

    const feed = createRevocationFeed({ apiUrl: a.url, secretKey });
    await feed.ready();
    const afterAck: number[] = [];
    const fromSend: number[] = [];
    try {
      for (const sid of sessionIds) {
        // Revocations at random moments, not in step with the catch-up read's timer.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * (redis ? 5 : 1000)));
        const claims = { sid, sub: user.id as string, iat: Math.floor(Date.now() / 1000) };
        const sent = performance.now();
        await api(b.url, secretKey, `/v1/sessions/${sid}/revoke`, 'POST');
        const acknowledged = performance.now();
        // 1 ms polling: figures are good to about a millisecond.
        while (!feed.isRevoked(claims)) {
          if (performance.now() - acknowledged > 5000) throw new Error('revocation did not arrive within 5 s');
          await new Promise((resolve) => setTimeout(resolve, 1));
        }
        const seen = performance.now();
        afterAck.push(seen - acknowledged);
        fromSend.push(seen - sent);
      }
    } finally {
      feed.close();
    }
    return { afterAck: latencySummary(afterAck), fromSend: latencySummary(fromSend) };
  } finally {
    for (const instance of instances) await instance.stop();
    await dropSchema(schema);
  }
}

export const revocationBench: BenchModule = {
  name: 'revocation',
  description: 'Revocation propagation p50/p99: revoke through instance B, a verifier streaming the feed from A sees it',
  async run() {
    const withRedis = await measure(WITH_REDIS, true);
    const withoutRedis = await measure(WITHOUT_REDIS, false);
    const row = (label: string, s: ReturnType<typeof latencySummary>): BenchRow => ({
      label,
      value: `p50 ${ms(s.p50)}  p99 ${ms(s.p99)}  max ${ms(s.max)}  (n=${s.n})`,
    });
    return {
      name: 'revocation',
      rows: [
        row('PostgreSQL + Redis: acknowledged revoke -> verifier rejects', withRedis.afterAck),
        row('PostgreSQL + Redis: revoke request sent -> verifier rejects', withRedis.fromSend),
        row('PostgreSQL only (database catch-up): acknowledged revoke -> verifier rejects', withoutRedis.afterAck),
        { label: 'peers (no feed): a revoked token is accepted until exp', value: `up to ${TOKEN_TTL_MS / 1000} s` },
      ],
      ratios: [
        // How much sooner than a peer a revoked token stops working (issue: within about a second, i.e. >= 60x).
        { label: 'peers\' exposure (token TTL) / our p99, PostgreSQL + Redis', value: TOKEN_TTL_MS / withRedis.afterAck.p99, target: '>= 60' },
        { label: 'peers\' exposure (token TTL) / our p99, PostgreSQL only (1 s catch-up)', value: TOKEN_TTL_MS / withoutRedis.afterAck.p99 },
      ],
      notes: [`two server processes + this verifier process on ${pgUrl.replace(/\/\/[^@]*@/, '//')}, 1 ms polling of isRevoked; ${WITH_REDIS} revocations with Redis, ${WITHOUT_REDIS} without`],
    };
  },
};
