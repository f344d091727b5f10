/**
 * `npm run bench -- nextjs`: requests per second of a protected page and API
 * route of examples/nextjs (`next build --webpack && next start`, auth server
 * embedded) against the same page and route unprotected, as ratios. Load:
 * 16 concurrent keep-alive fetch loops from this process; 200 signed-in users,
 * each token reused (realistic reuse: verified-token cache hits).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestSecretKey } from '@latchkey/testing';
import { buildOnce, freePort, startApp } from '../examples/nextjs/e2e/harness.js';
import type { BenchModule, BenchReport } from './lib/measure.js';

const CONCURRENCY = 16;
const PHASE_MS = 3000;
const USERS = 200;

async function load(url: string, headersFor: (i: number) => Record<string, string>, expectStatus: number): Promise<number> {
  let done = 0;
  let bad = 0;
  const until = Date.now() + PHASE_MS;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, worker) => {
      for (let i = worker; Date.now() < until; i += CONCURRENCY) {
        const response = await fetch(url, { headers: headersFor(i) });
        await response.arrayBuffer();
        if (response.status === expectStatus) done++;
        else bad++;
      }
    }),
  );
  if (bad > 0) throw new Error(`${url}: ${bad} responses were not ${expectStatus}`);
  return (done * 1000) / PHASE_MS;
}

async function run(): Promise<BenchReport> {
  const build = await buildOnce();
  const workDir = await mkdtemp(join(tmpdir(), 'latchkey-bench-next-'));
  const port = await freePort();
  const origin = `http://localhost:${port}`;
  const secretKey = createTestSecretKey();
  const app = await startApp(port, {
    LATCHKEY_PUBLIC_URL: origin,
    LATCHKEY_DATABASE_URL: `sqlite:${join(workDir, 'latchkey.db')}`,
    LATCHKEY_SECRET_KEY: secretKey,
  });
  try {
    const api = `${origin}/api/latchkey/v1`;
    const backend = async (path: string, body: unknown) => {
      const response = await fetch(`${api}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${secretKey}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
      return (await response.json()) as { id: string; jwt: string };
    };
    const tokens: string[] = [];
    for (let u = 0; u < USERS; u++) {
      const user = await backend('/users', { email_address: [`bench${u}@example.com`], password: 'correct horse battery' });
      const session = await backend('/sessions', { user_id: user.id });
      tokens.push((await backend(`/sessions/${session.id}/tokens`, {})).jwt);
    }
    const bearer = (i: number) => ({ authorization: `Bearer ${tokens[i % tokens.length]}` });
    const page = (i: number) => ({ cookie: `__session=${tokens[i % tokens.length]}; __client_uat=1`, accept: 'text/html', 'sec-fetch-dest': 'document' });
    const none = () => ({});
    const best = async (f: () => Promise<number>) => Math.max(await f(), await f());
    const apiOpen = await best(() => load(`${origin}/api/public/bench`, none, 200));
    const apiLocked = await best(() => load(`${origin}/api/bench`, bearer, 200));
    const pageOpen = await best(() => load(`${origin}/bench/open`, none, 200));
    const pageLocked = await best(() => load(`${origin}/bench/locked`, page, 200));
    const refused = await load(`${origin}/api/bench`, none, 401);
    return {
      name: 'nextjs',
      rows: [
        { label: 'next start: API route, unprotected (/api/public/bench)', opsPerSec: apiOpen },
        { label: 'next start: API route, protected, Bearer token (/api/bench)', opsPerSec: apiLocked },
        { label: 'next start: page, unprotected (/bench/open)', opsPerSec: pageOpen },
        { label: 'next start: page, protected, __session cookie (/bench/locked)', opsPerSec: pageLocked },
        { label: 'next start: API route, protected, no token → 401', opsPerSec: refused },
        { label: 'next build', value: build.skipped ? 'cached' : `${(build.ms / 1000).toFixed(1)} s` },
      ],
      ratios: [
        { label: 'protected / unprotected API route', value: apiLocked / apiOpen, target: '>= 0.9 (DESIGN §9)' },
        { label: 'protected / unprotected page', value: pageLocked / pageOpen, target: '>= 0.9 (DESIGN §9)' },
      ],
      notes: [`${USERS} users, tokens reused; ${CONCURRENCY} concurrent loops, best of two ${PHASE_MS / 1000} s phases; both routes pass through proxy.ts.`],
    };
  } finally {
    await app.stop();
    await rm(workDir, { recursive: true, force: true });
  }
}

export const nextjsBench: BenchModule = {
  name: 'nextjs',
  description: 'examples/nextjs under next start: protected vs unprotected page and API route (req/s)',
  run,
};
