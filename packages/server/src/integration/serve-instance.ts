/**
 * A server instance in its own process, for fault tests that kill it
 * (`process-kill.int.test.ts`) and for the benchmarks. Run with tsx and the
 * `@latchkey/source` condition. Configured by environment:
 *
 * - `LK_STORE`: `sqlite:<file>` or `postgres:<schema>` (with `LK_PG_URL`)
 * - `LK_PORT` (0 picks one), `LK_SECRET_KEY`, optional `LK_REDIS_URL` + `LK_REDIS_PREFIX`
 *
 * Prints `listening <url>` once it accepts connections.
 */
import { createLatchkeyServer } from '@latchkey/server';
import { createNodeListener, listen } from '@latchkey/server/node';
import { createRedisCache } from '../cache/redis.js';
import type { Store } from '../store/contract.js';
import { createPostgresStore } from '../store/kysely/dialect-postgres.js';
import { createSqliteStore } from '../store/kysely/dialect-sqlite.js';

const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new TypeError(`${name} is required`);
  return value;
};

const storeSpec = env('LK_STORE');
const store: Store = storeSpec.startsWith('sqlite:')
  ? createSqliteStore(storeSpec.slice('sqlite:'.length))
  : createPostgresStore({ connectionString: env('LK_PG_URL'), schema: storeSpec.slice('postgres:'.length), maxConnections: 8 });
const quiet = { info() {}, warn() {}, error: (message: string) => console.error(message) };
const cache = process.env.LK_REDIS_URL ? createRedisCache({ url: process.env.LK_REDIS_URL, keyPrefix: process.env.LK_REDIS_PREFIX, logger: quiet }) : undefined;

const generous = { limit: 100_000, windowSeconds: 60 };
let handler: ReturnType<typeof createNodeListener> | null = null;
const http = await listen((req, res) => (handler ? handler(req, res) : res.writeHead(503).end()), {
  port: Number(process.env.LK_PORT ?? 0),
  host: '127.0.0.1',
});
const server = createLatchkeyServer({
  store,
  ...(cache ? { cache } : {}),
  secretKey: env('LK_SECRET_KEY'),
  publicUrl: process.env.LK_PUBLIC_URL ?? http.url,
  allowedOrigins: ['http://localhost:3000'],
  sweepIntervalMs: 0,
  logger: quiet,
  // A load test's sign-ins come from one address: the limits are not what is measured.
  rateLimits: { signInPerIp: generous, signInPerIdentifier: generous, signUpPerIp: generous, signUpPerIdentifier: generous, tokensPerIp: generous },
  revocationPollIntervalMs: Number(process.env.LK_REVOCATION_POLL_MS ?? 1000),
});
await server.ready();
handler = createNodeListener(server);
console.log(`listening ${http.url}`);

const shutdown = async () => {
  await http.close();
  await server.close();
  await cache?.close();
  await store.close();
  process.exit(0);
};
process.once('SIGTERM', () => void shutdown());
