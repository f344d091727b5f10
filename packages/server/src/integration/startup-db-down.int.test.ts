/**
 * Start-up while the database is down: the instance points at a port where
 * nothing listens, so every connection is refused. It must stay alive
 * (`/healthz` 200), say it is not ready (`/readyz` 503 with a code), answer
 * other requests with 503 `service_unavailable` at once, and keep retrying;
 * once a TCP proxy of this test's own starts forwarding that port to the
 * real PostgreSQL, start-up completes and the instance serves. Nothing
 * shared is stopped.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
import { createTestSecretKey } from '@latchkey/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLatchkeyServer, type LatchkeyServer } from '../index.js';
import type { Store } from '../store/contract.js';
import { createPostgresStore } from '../store/kysely/dialect-postgres.js';
import { eventually } from './cluster.js';
import { announceSkip, assertPostgresAnswers, dropSchemas, pgUrl, testSchemaName } from './services.js';
import { freePort } from './spawn-instance.js';

/** Forwards `port` on 127.0.0.1 to the real database; tracks its sockets so it can be torn down. */
function startProxy(port: number, target: URL): Promise<{ close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(Number(target.port || 5432), target.hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () =>
      resolve({
        close: () =>
          new Promise<void>((done) => {
            for (const s of sockets) s.destroy();
            server.close(() => done());
          }),
      }),
    );
  });
}

const json = async (response: Response) => (await response.json()) as { status?: string; checks?: Record<string, string>; errors?: { code: string }[] };

if (!pgUrl) announceSkip('start-up while the database is down', 'LATCHKEY_TEST_PG_URL');

// Without the services the whole suite is reported as skipped (and announced above).
describe.skipIf(!pgUrl)('start-up while the database is down', () => {
  const url = pgUrl!;
  describe('start-up while the database is down', () => {
    const schema = testSchemaName('startup');
    const warnings: string[] = [];
    let port: number;
    let store: Store;
    let server: LatchkeyServer;
    let proxy: { close(): Promise<void> } | undefined;

    beforeAll(async () => {
      await assertPostgresAnswers(url);
      port = await freePort();
      const unreachable = new URL(url);
      unreachable.hostname = '127.0.0.1';
      unreachable.port = String(port);
      store = createPostgresStore({ connectionString: unreachable.toString(), schema, maxConnections: 2, connectionTimeoutMs: 1000 });
      server = createLatchkeyServer({
        store,
        secretKey: createTestSecretKey(),
        publicUrl: 'http://localhost:4400',
        sweepIntervalMs: 0,
        startupRetry: { initialDelayMs: 50, maxDelayMs: 200 },
        logger: { info() {}, warn: (message: string) => void warnings.push(message), error() {} },
      });
    });
    afterAll(async () => {
      await server?.close();
      await store?.close();
      await proxy?.close();
      await dropSchemas(url, [schema]);
    });

    it('stays alive, answers 503 with a code while it retries, and serves once the database answers', async () => {
      let ready = false;
      const readiness = server.ready().then(() => void (ready = true));
      await eventually(() => expect(warnings.filter((w) => w.includes('database unreachable at start-up')).length).toBeGreaterThanOrEqual(2), 10_000);

      const health = await server.fetch(new Request('http://localhost:4400/healthz'));
      expect(health.status).toBe(200);
      const notReady = await server.fetch(new Request('http://localhost:4400/readyz'));
      expect(notReady.status).toBe(503);
      expect(await json(notReady)).toMatchObject({ status: 'not_ready', checks: { startup: 'waiting_for_database', database: 'unreachable' }, errors: [{ code: 'service_unavailable' }] });
      const jwks = await server.fetch(new Request('http://localhost:4400/v1/jwks'));
      expect(jwks.status).toBe(503);
      expect(jwks.headers.get('retry-after')).toBe('1');
      expect((await json(jwks)).errors?.[0]?.code).toBe('service_unavailable');
      const signIn = await server.fetch(
        new Request('http://localhost:4400/v1/client/sign_ins', {
          method: 'POST',
          headers: { origin: 'http://localhost:4400', 'content-type': 'application/json' },
          body: JSON.stringify({ identifier: 'a@example.com', password: 'x', strategy: 'password' }),
        }),
      );
      expect(signIn.status).toBe(503);
      expect(ready).toBe(false);

      // The database "comes back": this test's own proxy starts forwarding the port.
      proxy = await startProxy(port, new URL(url));
      await readiness;
      expect(ready).toBe(true);
      const nowReady = await server.fetch(new Request('http://localhost:4400/readyz'));
      expect(nowReady.status).toBe(200);
      expect(await json(nowReady)).toMatchObject({ status: 'ready', checks: { startup: 'ok', database: 'ok' } });
      const keys = await server.fetch(new Request('http://localhost:4400/v1/jwks'));
      expect(keys.status).toBe(200);
      expect(((await keys.json()) as { keys: unknown[] }).keys.length).toBeGreaterThan(0);
    }, 30_000);
  });
});
