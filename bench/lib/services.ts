/**
 * PostgreSQL, Redis and server processes for the scale-out benchmarks.
 * URLs come from LATCHKEY_BENCH_PG_URL / LATCHKEY_BENCH_REDIS_URL, else the
 * test variables, else the local defaults. Every run works in schemas and a
 * Redis key prefix of its own, dropped afterwards; child processes are ended
 * by their own PID only.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';

export const pgUrl = process.env.LATCHKEY_BENCH_PG_URL ?? process.env.LATCHKEY_TEST_PG_URL ?? 'postgres://root@127.0.0.1:5432/test';
export const redisUrl = process.env.LATCHKEY_BENCH_REDIS_URL ?? process.env.LATCHKEY_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export const benchName = (label: string) => `lk_bench_${label}_${randomBytes(4).toString('hex')}`;

/** `postgres://…?schema=<schema>`: what `LATCHKEY_DATABASE_URL` takes to work in one schema. */
export const schemaUrl = (schema: string) => {
  const url = new URL(pgUrl);
  url.searchParams.set('schema', schema);
  return url.toString();
};

export async function withPg<T>(schema: string | null, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: pgUrl, ...(schema ? { options: `-c search_path=${schema}` } : {}) });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export const dropSchema = (schema: string) => withPg(null, (c) => c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`));

// The server's process entry (shared with its fault tests): spawned as a program, not imported.
const entry = fileURLToPath(new URL('../../packages/server/src/integration/serve-instance.ts', import.meta.url));
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

export interface ServerProcess {
  url: string;
  stop(): Promise<void>;
}

/** A Latchkey server in its own process (so instances and the verifier don't share an event loop). */
export function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--conditions=@latchkey/source', '--import', tsxLoader, entry], {
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening (\S+)/.exec(out);
      if (match) {
        resolve({
          url: match[1]!,
          async stop() {
            if (child.exitCode === null && child.signalCode === null) process.kill(child.pid!, 'SIGTERM');
            const timer = setTimeout(() => child.exitCode === null && process.kill(child.pid!, 'SIGKILL'), 5000);
            await gone;
            clearTimeout(timer);
          },
        });
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`server process exited (${code}) before listening: ${err}`)));
  });
}

export function latencySummary(samples: number[]) {
  const sorted = [...samples].sort((x, y) => x - y);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
  return { p50: at(50), p99: at(99), max: sorted[sorted.length - 1]!, n: sorted.length };
}

export const ms = (value: number) => `${value.toFixed(value < 10 ? 2 : 1)} ms`;
