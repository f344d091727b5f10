/**
 * Requests per second of an unprotected vs a protected route on node:http,
 * Express 5, Fastify 5 and Hono 4 (via @hono/node-server), servers on
 * 127.0.0.1 in this process, load from one long-lived child
 * (routes-load.ts: raw keep-alive sockets, so the server is the bottleneck).
 *
 * Protected modes: realistic reuse (1,000 signed-in sessions, each RS256
 * token sent until refreshed) and a never-seen ES256 token on every request
 * (minting RS256 at bench scale would take minutes; ES256 signs ~20x faster).
 * The unique mode is compared with the combined limit
 * 1 / (1/unprotected + 1/raw node:crypto ES256 verify).
 *
 * Figures are requests per CPU-second of this (the server) process — the
 * capacity of one core, as DESIGN §9 states its numbers — next to the wall
 * clock rate. The machine is shared, so CPU time is what stays comparable:
 * a stolen core slows the wall clock, not the CPU cost of a request.
 * Honesty rules: every cell of every framework runs once per round, rounds
 * interleave (noise hits all rows alike), each figure is the median over
 * rounds, and every cell is bounded (BENCH_ROUTE_MS, default 600 ms; unique
 * cells also stop when their tokens run out). BENCH_ROUNDS (default 4).
 */
import { fork, type ChildProcess } from 'node:child_process';
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
import type { LoadJob, LoadResult } from './routes-load.js';
import { makeKeys, mintTokens, rawVerifier } from './verify.js';

type Report = BenchReport;
const ratio = (label: string, value: number, target?: number): BenchRatio =>
  target === undefined ? { label, value } : { label, value, target: `>= ${target}${value >= target ? ' (met)' : ' (NOT met)'}` };

export const name = 'routes';

const CELL_MS = Number(process.env.BENCH_ROUTE_MS ?? 600);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);
const CONNECTIONS = 32;
/** Never-seen tokens per unique cell: enough for CELL_MS at ~8k req/s; the cell ends early when they run out. */
const UNIQUE_PER_CELL = Math.ceil(8 * CELL_MS);

type Stop = () => Promise<void>;
interface Running {
  port: number;
  stop: Stop;
}
type Start = (jwtKey: string) => Promise<Running>;

const AZP = ['http://localhost:3000'];

function listen(server: http.Server): Promise<Running> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ port: (server.address() as AddressInfo).port, stop: () => new Promise((r) => server.close(() => r())) }),
    ),
  );
}

// Each framework serves GET /open (no auth) and GET /protected (auth
// required); both answer `{ userId }` as JSON, so the only difference is the protection.
export const frameworks: Record<string, Start> = {
  'node:http': async (jwtKey) => {
    const verify = createTokenVerifier({ jwtKey, authorizedParties: AZP });
    const server = http.createServer((req, res) => {
      if (req.url === '/open') return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ userId: null }));
      const header = req.headers.authorization;
      if (header === undefined || !header.startsWith('Bearer ')) return void res.writeHead(401).end();
      verify(header.slice(7)).then(
        (claims) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ userId: claims.sub })),
        () => res.writeHead(401).end(),
      );
    });
    return listen(server);
  },
  express: async (jwtKey) => {
    const app = express();
    app.get('/open', (_req, res) => void res.json({ userId: null }));
    const auth = expressMiddleware({ jwtKey, authorizedParties: AZP });
    app.get('/protected', auth, expressRequire(), (req, res) => void res.json({ userId: expressAuth(req).userId }));
    return listen(http.createServer(app));
  },
  fastify: async (jwtKey) => {
    const app = Fastify();
    app.get('/open', async () => ({ userId: null }));
    await app.register(async (scope) => {
      await scope.register(latchkeyPlugin, { jwtKey, authorizedParties: AZP });
      scope.get('/protected', { preHandler: fastifyRequire() }, async (request) => ({ userId: fastifyAuth(request).userId }));
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    return { port: (app.server.address() as AddressInfo).port, stop: () => app.close() };
  },
  hono: async (jwtKey) => {
    const app = new Hono();
    app.get('/open', (c) => c.json({ userId: null }));
    app.use('/protected', honoMiddleware({ jwtKey, authorizedParties: AZP }));
    app.get('/protected', honoRequire(), (c) => c.json({ userId: honoAuth(c).userId }));
    const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
      const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
    });
    return { port: (server.address() as AddressInfo).port, stop: () => new Promise((r) => server.close(() => r())) };
  },
};

/**
 * Control for the unique mode: node:http whose protected route does only the
 * raw baseline (split, decode the signature, node:crypto verify), no claims,
 * no cache. It shows how far a real server lands from the arithmetic
 * combined limit when nothing but the signature is added.
 */
async function rawControl(publicKey: Parameters<typeof rawVerifier>[1]): Promise<Running> {
  const raw = rawVerifier('ES256', publicKey);
  const server = http.createServer((req, res) => {
    const header = req.headers.authorization;
    if (header === undefined || !header.startsWith('Bearer ') || !raw(header.slice(7))) return void res.writeHead(401).end();
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ userId: 'raw' }));
  });
  return listen(server);
}

/** One long-lived load child; `cell` runs one bounded cell and measures this process's CPU while it runs. */
function loadChild() {
  const child: ChildProcess = fork(fileURLToPath(new URL('./routes-load.ts', import.meta.url)), [], { execArgv: ['--import', 'tsx'] });
  const nextMessage = () =>
    new Promise<{ type: string; message?: string }>((resolve, reject) => {
      const onExit = () => reject(new Error('routes-load child exited'));
      child.once('exit', onExit);
      child.once('message', (m) => {
        child.off('exit', onExit);
        resolve(m as { type: string });
      });
    });
  return {
    async cell(port: number, path: string, tokens: string[], unique: boolean): Promise<LoadResult & { cpuRps: number }> {
      const job: LoadJob = { type: 'job', host: '127.0.0.1', port, path, durationMs: CELL_MS, connections: CONNECTIONS, tokens, unique };
      child.send(job);
      const ready = await nextMessage();
      if (ready.type !== 'ready') throw new Error(`routes-load: ${ready.message ?? ready.type}`);
      const cpu0 = process.cpuUsage();
      child.send({ type: 'go' });
      const result = (await nextMessage()) as unknown as LoadResult & { message?: string };
      const cpu = process.cpuUsage(cpu0);
      if (result.type !== 'done') throw new Error(`routes-load: ${result.message ?? result.type}`);
      return { ...result, cpuRps: result.done / ((cpu.user + cpu.system) / 1e6) };
    },
    close: () => new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.send({ type: 'exit' });
    }),
  };
}

/** Raw node:crypto ES256 verification, ops per CPU-second, for a bounded slice of time. */
function rawRate(raw: (t: string) => boolean, tokens: string[], ms: number): number {
  const t0 = process.cpuUsage();
  const deadline = performance.now() + ms;
  let n = 0;
  while (performance.now() < deadline) {
    for (let i = 0; i < 20; i++) raw(tokens[n++ % tokens.length]!);
  }
  const c = process.cpuUsage(t0);
  return n / ((c.user + c.system) / 1e6);
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

export async function run(): Promise<Report> {
  const report: Report = {
    name: 'protected vs unprotected routes (req per CPU-second of the server process; wall req/s beside it; medians of interleaved rounds)',
    rows: [],
    ratios: [],
    notes: [],
  };
  const rs = makeKeys('RS256');
  const es = makeKeys('ES256');
  const sessions = mintTokens(rs, 1000);
  const names = Object.keys(frameworks);
  // Every unique cell gets its own never-seen tokens (same count for every framework).
  const uniquePool = mintTokens(es, UNIQUE_PER_CELL * (names.length + 1) * (ROUNDS + 1));
  let uniqueAt = 0;
  const takeUnique = () => uniquePool.slice(uniqueAt, (uniqueAt += UNIQUE_PER_CELL));
  const esRaw = rawVerifier('ES256', es.publicKey);
  const rawSample = mintTokens(es, 500);

  const servers: Record<string, { rs: Running; es: Running }> = {};
  for (const fw of names) servers[fw] = { rs: await frameworks[fw]!(rs.pem), es: await frameworks[fw]!(es.pem) };
  const control = await rawControl(es.publicKey);
  const controlRates: number[] = [];
  const controlWall: number[] = [];
  const load = loadChild();
  type Cells = Record<'bare' | 'open' | 'reuse' | 'unique' | 'bareWall' | 'openWall' | 'reuseWall' | 'uniqueWall', number[]>;
  const cells: Record<string, Cells> = Object.fromEntries(
    names.map((fw) => [fw, { bare: [], open: [], reuse: [], unique: [], bareWall: [], openWall: [], reuseWall: [], uniqueWall: [] }]),
  );
  const raw: number[] = [];
  let failed = 0;
  try {
    // Warm-up round (JIT, caches, the 1,000 sessions' first verification), not counted.
    for (const fw of names) {
      const s = servers[fw]!;
      await load.cell(s.rs.port, '/open', sessions, false);
      await load.cell(s.rs.port, '/protected', sessions, false);
      await load.cell(s.es.port, '/protected', takeUnique(), true);
    }
    rawRate(esRaw, rawSample, 200);
    for (let round = 0; round < ROUNDS; round++) {
      // Rotate the order so that no framework always runs first or last.
      const order = names.map((_, i) => names[(i + round) % names.length]!);
      raw.push(rawRate(esRaw, rawSample, Math.min(300, CELL_MS)));
      const ctl = await load.cell(control.port, '/protected', takeUnique(), true);
      failed += ctl.failed;
      controlRates.push(ctl.cpuRps);
      controlWall.push(ctl.rps);
      for (const fw of order) {
        const s = servers[fw]!;
        const c = cells[fw]!;
        const bare = await load.cell(s.rs.port, '/open', [], false);
        const open = await load.cell(s.rs.port, '/open', sessions, false);
        const reuse = await load.cell(s.rs.port, '/protected', sessions, false);
        const unique = await load.cell(s.es.port, '/protected', takeUnique(), true);
        failed += bare.failed + open.failed + reuse.failed + unique.failed;
        c.bare.push(bare.cpuRps);
        c.bareWall.push(bare.rps);
        c.open.push(open.cpuRps);
        c.reuse.push(reuse.cpuRps);
        c.unique.push(unique.cpuRps);
        c.openWall.push(open.rps);
        c.reuseWall.push(reuse.rps);
        c.uniqueWall.push(unique.rps);
      }
    }
  } finally {
    await load.close();
    await control.stop();
    for (const fw of names) {
      await servers[fw]!.rs.stop();
      await servers[fw]!.es.stop();
    }
  }

  const rawMedian = median(raw);
  report.rows.push({ label: 'ES256 raw node:crypto verify, per CPU-second (for the combined limit)', opsPerSec: rawMedian });
  const nodeOpen = median(cells['node:http']!.open);
  const controlRate = median(controlRates);
  report.rows.push({
    label: `control: node:http + raw verify only, never-seen ES256 token (${Math.round(median(controlWall)).toLocaleString('en-US')} wall req/s)`,
    opsPerSec: controlRate,
  });
  report.ratios.push(ratio('control: raw-verify-only route / node:http combined limit', controlRate / (1 / (1 / nodeOpen + 1 / rawMedian))));
  for (const fw of names) {
    const c = cells[fw]!;
    const open = median(c.open);
    const reuse = median(c.reuse);
    const unique = median(c.unique);
    const limit = 1 / (1 / open + 1 / rawMedian);
    const wall = (xs: number[]) => `${Math.round(median(xs)).toLocaleString('en-US')} wall req/s`;
    report.rows.push(
      { label: `${fw} unprotected, no Authorization header (${wall(c.bareWall)})`, opsPerSec: median(c.bare) },
      { label: `${fw} unprotected, same requests as reuse (${wall(c.openWall)})`, opsPerSec: open },
      { label: `${fw} protected, 1,000 sessions reused, RS256 (${wall(c.reuseWall)})`, opsPerSec: reuse },
      { label: `${fw} protected, never-seen ES256 token each request (${wall(c.uniqueWall)})`, opsPerSec: unique },
    );
    report.ratios.push(
      ratio(`${fw} protected (reuse) / unprotected`, reuse / open, 0.9),
      ratio(`${fw} protected (unique) / combined limit`, unique / limit, 0.9),
      // The same ratio on the wall clock, for reference: it also moves with whatever else the shared machine runs.
      ratio(`${fw} protected (reuse) / unprotected, wall clock`, median(c.reuseWall) / median(c.openWall)),
    );
  }
  report.notes!.push(
    `${ROUNDS} interleaved rounds of ${CELL_MS} ms cells after a warm-up round, ${CONNECTIONS} keep-alive connections; figures are per CPU-second of the server process (medians).`,
    'Ratios use "unprotected, same requests": the unprotected route receives the very requests of the reuse cell (Authorization header included, ignored), so the ratio charges only the protection; the header-less row shows what the header itself costs.',
  );
  if (failed) report.notes!.push(`${failed} non-200 answers`);
  return report;
}

/** For bench/run.ts. */
export const routesBench: BenchModule = {
  name,
  description: 'Protected vs unprotected route req/s on node:http, Express, Fastify and Hono (loopback, load from a child process)',
  run,
};
