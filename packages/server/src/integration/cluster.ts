/**
 * Several real server instances on one PostgreSQL schema and one Redis
 * prefix, each on its own loopback port: what a load balancer would see.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLatchkeyServer, type CreateLatchkeyServerOptions, type LatchkeyServer } from '../index.js';
import { createNodeListener, listen, type ListeningServer } from '../node.js';
import { createRedisCache } from '../cache/redis.js';
import { createPostgresStore } from '../store/kysely/dialect-postgres.js';

export const APP_ORIGIN = 'http://localhost:3000';
export const silentLogger = { info() {}, warn() {}, error() {} };

export interface Instance {
  server: LatchkeyServer;
  http: ListeningServer;
  url: string;
  close(): Promise<void>;
}

export async function startInstance(options: {
  pgUrl: string;
  schema: string;
  redisUrl?: string;
  redisPrefix?: string;
  secretKey: string;
  /** The public URL every instance shares (the load balancer's); defaults to this instance's own. */
  publicUrl?: string;
  extra?: Partial<CreateLatchkeyServerOptions>;
}): Promise<Instance> {
  let handler: ReturnType<typeof createNodeListener> | null = null;
  const http = await listen((req, res) => (handler ? handler(req, res) : res.writeHead(503).end()), { port: 0, host: '127.0.0.1' });
  const server = createLatchkeyServer({
    store: createPostgresStore({ connectionString: options.pgUrl, schema: options.schema, maxConnections: 5 }),
    ...(options.redisUrl ? { cache: createRedisCache({ url: options.redisUrl, keyPrefix: options.redisPrefix, logger: silentLogger }) } : {}),
    secretKey: options.secretKey,
    publicUrl: options.publicUrl ?? http.url,
    allowedOrigins: [APP_ORIGIN],
    sweepIntervalMs: 0,
    reloadIntervalMs: 0,
    logger: silentLogger,
    webhooks: { pollIntervalMs: 100, retryBaseMs: 200 },
    revocationPollIntervalMs: 500,
    ...options.extra,
  });
  await server.ready();
  handler = createNodeListener(server);
  return {
    server,
    http,
    url: http.url,
    async close() {
      await http.close();
      await server.close();
      const ctx = await server.context().catch(() => null);
      await ctx?.store.close().catch(() => {});
      await ctx?.cache.close().catch(() => {});
    },
  };
}

export interface ReceivedWebhook {
  headers: Record<string, string>;
  body: string;
}

/** A webhook receiver on 127.0.0.1 that records every request and answers 204 (or what `status` says). */
export async function startWebhookReceiver(): Promise<{ url: string; received: ReceivedWebhook[]; status: { code: number }; close(): Promise<void> }> {
  const received: ReceivedWebhook[] = [];
  const status = { code: 204 };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
      received.push({ headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(status.code).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    status,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A browser against one instance at a time: cookies kept across instances, as behind a load balancer. */
export function createBrowser() {
  const cookies = new Map<string, string>();
  return {
    async fetch(base: string, path: string, init: { method?: string; json?: unknown } = {}) {
      const headers: Record<string, string> = { origin: APP_ORIGIN };
      if (cookies.size) headers.cookie = [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
      if (init.json !== undefined) headers['content-type'] = 'application/json';
      const response = await fetch(new URL(path, base), {
        method: init.method ?? 'GET',
        headers,
        body: init.json !== undefined ? JSON.stringify(init.json) : undefined,
      });
      for (const line of response.headers.getSetCookie()) {
        const [pair] = line.split(';');
        const eq = pair!.indexOf('=');
        cookies.set(pair!.slice(0, eq).trim(), pair!.slice(eq + 1).trim());
      }
      return response;
    },
  };
}

export async function backendApi(base: string, secretKey: string, path: string, init: { method?: string; json?: unknown } = {}) {
  return fetch(new URL(path, base), {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${secretKey}`, ...(init.json !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: init.json !== undefined ? JSON.stringify(init.json) : undefined,
  });
}

export async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 5000, intervalMs = 20): Promise<T> {
  const start = Date.now();
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() - start > timeoutMs) throw error;
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  }
}
