/**
 * Fault test: Redis stops mid-run and comes back. Requests keep being
 * served, rate limits fall back per instance with a logged warning, a
 * revocation still reaches a verifier (through the database catch-up), and
 * both instances reconnect by themselves. Uses its OWN redis-server on a free
 * port, started and stopped by PID; the machine's shared Redis is never touched.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { createTestSecretKey } from '@latchkey/testing';
import { verifyToken } from '@latchkey/backend';
import { createRevocationFeed } from '@latchkey/backend/revocations';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLatchkeyServer } from '../index.js';
import { createRedisCache } from '../cache/redis.js';
import { createPostgresStore } from '../store/kysely/dialect-postgres.js';
import { createNodeListener, listen } from '../node.js';
import { APP_ORIGIN, backendApi, createBrowser, eventually } from './cluster.js';
import { announceSkip, assertPostgresAnswers, dropSchemas, pgUrl, testSchemaName } from './services.js';

const PASSWORD = 'correct horse battery staple';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'], { stdio: 'pipe' });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('redis-server did not start')), 5000);
    child.stdout!.on('data', (d: Buffer) => {
      if (d.toString().includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', () => reject(new Error('redis-server exited')));
  });
  return child;
}

const stopRedis = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    process.kill(child.pid!, 'SIGKILL');
  });

let hasRedisServer = true;
try {
  (await import('node:child_process')).execFileSync('redis-server', ['--version']);
} catch {
  hasRedisServer = false;
}

if (!pgUrl || !hasRedisServer) announceSkip('redis outage fault test', pgUrl ? 'redis-server binary' : 'LATCHKEY_TEST_PG_URL');

// Without the services the whole suite is reported as skipped (and announced above).
describe.skipIf(!pgUrl || !hasRedisServer)('redis outage fault test', () => {
  const pg = pgUrl!;
  describe('fault: Redis stops mid-run and starts again', () => {
    const schema = testSchemaName('outage');
    const secretKey = createTestSecretKey();
    let port: number;
    let redis: ChildProcess | undefined;
    const warnings: string[] = [];
    const logger = { info() {}, warn: (m: string) => void warnings.push(m), error() {} };
    const instances: { url: string; close(): Promise<void> }[] = [];

    async function start(publicUrl?: string) {
      let handler: ReturnType<typeof createNodeListener> | null = null;
      const http = await listen((req, res) => (handler ? handler(req, res) : res.writeHead(503).end()), { port: 0, host: '127.0.0.1' });
      const cache = createRedisCache({ url: `redis://127.0.0.1:${port}`, keyPrefix: 'outage:', logger });
      await cache.waitUntilConnected();
      const store = createPostgresStore({ connectionString: pg, schema, maxConnections: 4 });
      const server = createLatchkeyServer({
        store,
        cache,
        secretKey,
        publicUrl: publicUrl ?? http.url,
        allowedOrigins: [APP_ORIGIN],
        sweepIntervalMs: 0,
        reloadIntervalMs: 0,
        logger,
        revocationPollIntervalMs: 200,
        webhooks: { enabled: false },
        rateLimits: { signInPerIdentifier: { limit: 2, windowSeconds: 60 }, signInPerIp: { limit: 1000, windowSeconds: 60 } },
      });
      await server.ready();
      handler = createNodeListener(server);
      const instance = {
        url: http.url,
        async close() {
          await http.close();
          await server.close();
          await store.close();
          await cache.close();
        },
      };
      instances.push(instance);
      return instance;
    }

    beforeAll(async () => {
      await assertPostgresAnswers(pg);
      port = await freePort();
      redis = await startRedis(port);
    });
    afterAll(async () => {
      for (const i of instances.reverse()) await i.close();
      if (redis && redis.exitCode === null) await stopRedis(redis);
      await dropSchemas(pg, [schema]);
    });

    it('keeps serving, falls back per instance with a warning, still propagates revocations, and reconnects', async () => {
      const a = await start();
      const b = await start(a.url);
      expect((await backendApi(a.url, secretKey, '/v1/users', { method: 'POST', json: { email_address: 'grace@example.com', password: PASSWORD } })).status).toBe(200);

      await stopRedis(redis!);
      redis = undefined;

      // Sign-in and refresh keep working with Redis down.
      const browser = createBrowser();
      const signIn = await browser.fetch(a.url, '/v1/client/sign_ins', { method: 'POST', json: { identifier: 'grace@example.com', password: PASSWORD, strategy: 'password' } });
      expect(signIn.status).toBe(200);
      const sessionId = ((await signIn.json()) as { response: { created_session_id: string } }).response.created_session_id;
      const token = await browser.fetch(b.url, `/v1/client/sessions/${sessionId}/tokens`, { method: 'POST' });
      expect(token.status).toBe(200);
      const jwt = ((await token.json()) as { jwt: string }).jwt;
      expect(warnings.some((w) => w.startsWith('redis unreachable'))).toBe(true);

      // Rate limits are per instance now: 2 per identifier on each, so 4 wrong attempts alternate without a 429.
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        const r = await browser.fetch(i % 2 ? b.url : a.url, '/v1/client/sign_ins', { method: 'POST', json: { identifier: 'x@example.com', password: 'wrong password!', strategy: 'password' } });
        statuses.push(r.status);
      }
      expect(statuses).toEqual([422, 422, 422, 422]);
      expect((await browser.fetch(a.url, '/v1/client/sign_ins', { method: 'POST', json: { identifier: 'x@example.com', password: 'wrong password!', strategy: 'password' } })).status).toBe(429);

      // A revocation through B reaches a verifier on A without Redis (database catch-up).
      const feed = createRevocationFeed({ apiUrl: a.url, secretKey });
      try {
        await feed.ready();
        const options = { secretKey, apiUrl: a.url, revocations: feed };
        await verifyToken(jwt, options);
        expect((await backendApi(b.url, secretKey, `/v1/sessions/${sessionId}/revoke`, { method: 'POST' })).status).toBe(200);
        const started = performance.now();
        await eventually(async () => {
          const ok = await verifyToken(jwt, options).then(() => true, () => false);
          if (ok) throw new Error('still accepted');
        }, 3000);
        console.log(`without Redis, revocation reached the verifier after ${(performance.now() - started).toFixed(0)} ms (database catch-up)`);
      } finally {
        feed.close();
      }

      // Redis comes back on the same port: both instances reconnect without a restart.
      redis = await startRedis(port);
      await eventually(async () => {
        for (const i of [a, b]) expect(await (await fetch(new URL('/metrics', i.url))).text()).toMatch(/latchkey_redis_up 1/);
        // ioredis announces the reconnection a tick after its status changes.
        expect(warnings.filter((w) => w.startsWith('redis reachable again'))).toHaveLength(2);
      }, 10_000, 100);
    });
  });
});
