/**
 * Requests per second of an unprotected vs a protected route on node:http,
 * Express 5, Fastify 5 and Hono 4 (via @hono/node-server), servers on
 * 127.0.0.1, load from a child process. Protected modes: realistic reuse
 * (1,000 signed-in sessions, each RS256 token sent until refreshed) and a
 * never-seen ES256 token on every request (minting RS256 at bench scale
 * would take minutes). Bounded: BENCH_ROUTE_MS (default 2000) per cell.
 */
import { fork } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import express from 'express';
import Fastify from 'fastify';
import { Hono } from 'hono';
import { serve } from '@hono/node-server';
import { createTokenVerifier } from '@latchkey/backend';
import { getAuth as expressAuth, latchkeyMiddleware as expressMiddleware, requireAuth as expressRequire } from '@latchkey/express';
import { getAuth as fastifyAuth, latchkeyPlugin, requireAuth as fastifyRequire } from '@latchkey/fastify';
import { getAuth as honoAuth, latchkeyMiddleware as honoMiddleware, requireAuth as honoRequire } from '@latchkey/hono';
import type { BenchModule, BenchReport, BenchRatio } from './lib/measure.js';

type Report = BenchReport;
const ratio = (label: string, value: number, target?: number): BenchRatio =>
  target === undefined ? { label, value } : { label, value, target: `>= ${target}${value >= target ? ' (met)' : ' (NOT met)'}` };
import { makeKeys, mintTokens, rawVerifier } from './verify.js';

export const name = 'routes';

const CELL_MS = Number(process.env.BENCH_ROUTE_MS ?? 2000);
const CONNECTIONS = 32;

type Stop = () => Promise<void>;
type Start = (jwtKey: string) => Promise<{ base: string; stop: Stop }>;

function listen(server: http.Server): Promise<{ base: string; stop: Stop }> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, stop: () => new Promise((r) => server.close(() => r())) }),
    ),
  );
}

const frameworks: Record<string, Start> = {
  'node:http': async (jwtKey) => {
    const verify = createTokenVerifier({ jwtKey, authorizedParties: ['http://localhost:3000'] });
    const server = http.createServer((req, res) => {
      if (req.url === '/open') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      const m = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
      if (!m) return void res.writeHead(401).end();
      verify(m[1]!).then(
        (claims) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ userId: claims.sub })),
        () => res.writeHead(401).end(),
      );
    });
    return listen(server);
  },
  express: async (jwtKey) => {
    const app = express();
    app.get('/open', (_req, res) => void res.json({ ok: true }));
    const auth = expressMiddleware({ jwtKey, authorizedParties: ['http://localhost:3000'] });
    app.get('/protected', auth, expressRequire(), (req, res) => void res.json({ userId: expressAuth(req).userId }));
    return listen(http.createServer(app));
  },
  fastify: async (jwtKey) => {
    const app = Fastify();
    app.get('/open', async () => ({ ok: true }));
    await app.register(async (scope) => {
      await scope.register(latchkeyPlugin, { jwtKey, authorizedParties: ['http://localhost:3000'] });
      scope.get('/protected', { preHandler: fastifyRequire() }, async (request) => ({ userId: fastifyAuth(request).userId }));
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    return { base: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`, stop: () => app.close() };
  },
  hono: async (jwtKey) => {
    const app = new Hono();
    app.get('/open', (c) => c.json({ ok: true }));
    app.use('/protected', honoMiddleware({ jwtKey, authorizedParties: ['http://localhost:3000'] }));
    app.get('/protected', honoRequire(), (c) => c.json({ userId: honoAuth(c).userId }));
    const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
      const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
    });
    return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, stop: () => new Promise((r) => server.close(() => r())) };
  },
};

function load(url: string, tokens: string[], unique: boolean): Promise<{ rps: number; failed: number }> {
  const child = fork(fileURLToPath(new URL('./routes-load.ts', import.meta.url)), [], { execArgv: ['--import', 'tsx'] });
  return new Promise((resolve, reject) => {
    child.once('message', (m) => resolve(m as { rps: number; failed: number }));
    child.once('error', reject);
    child.send({ url, durationMs: CELL_MS, connections: CONNECTIONS, tokens, unique });
  });
}

export async function run(): Promise<Report> {
  const report: Report = { name: 'protected vs unprotected routes (req/s, server on one process, load from a child)', rows: [], ratios: [], notes: [] };
  const rs = makeKeys('RS256');
  const es = makeKeys('ES256');
  const sessions = mintTokens(rs, 1000);
  // Raw ES256 verification rate, for the combined limit 1/(1/open + 1/raw).
  const esRaw = rawVerifier('ES256', es.publicKey);
  const sample = mintTokens(es, 2000);
  const t0 = process.cpuUsage();
  let n = 0;
  const deadline = performance.now() + 500;
  while (performance.now() < deadline) esRaw(sample[n++ % sample.length]!);
  const c = process.cpuUsage(t0);
  const rawRate = n / ((c.user + c.system) / 1e6);
  report.rows.push({ label: 'ES256 raw node:crypto verify (for the combined limit)', opsPerSec: rawRate });

  for (const [fw, start] of Object.entries(frameworks)) {
    const uniqueTokens = mintTokens(es, Math.ceil((fw === 'node:http' ? 12 : 6) * CELL_MS));
    const rsServer = await start(rs.pem);
    const esServer = await start(es.pem);
    try {
      await load(`${rsServer.base}/open`, [], false); // warm-up
      const open = await load(`${rsServer.base}/open`, [], false);
      const reuse = await load(`${rsServer.base}/protected`, sessions, false);
      const unique = await load(`${esServer.base}/protected`, uniqueTokens, true);
      const limit = 1 / (1 / open.rps + 1 / rawRate);
      report.rows.push(
        { label: `${fw} unprotected`, opsPerSec: open.rps },
        { label: `${fw} protected, 1,000 sessions reused (RS256)`, opsPerSec: reuse.rps },
        { label: `${fw} protected, never-seen token each request (ES256)`, opsPerSec: unique.rps },
      );
      report.ratios.push(
        ratio(`${fw} protected (reuse) / unprotected`, reuse.rps / open.rps, 0.9),
        ratio(`${fw} protected (unique) / combined limit`, unique.rps / limit, 0.9),
      );
      if (reuse.failed || unique.failed) report.notes!.push(`${fw}: ${reuse.failed + unique.failed} non-200 answers on protected routes`);
    } finally {
      await rsServer.stop();
      await esServer.stop();
    }
  }
  return report;
}

/** For bench/run.ts. */
export const routesBench: BenchModule = {
  name,
  description: 'Protected vs unprotected route req/s on node:http, Express, Fastify and Hono (loopback, load from a child process)',
  run,
};
