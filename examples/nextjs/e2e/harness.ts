/**
 * Builds the example once (cached by a hash of its inputs), starts
 * `next start` on a 127.0.0.1 port of its own, and optionally a standalone
 * Latchkey server. Only processes started here are stopped, by PID.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const exampleDir = resolve(fileURLToPath(new URL('..', import.meta.url)));
const repoRoot = resolve(exampleDir, '../..');
const nextBin = join(repoRoot, 'node_modules/next/dist/bin/next');

function* files(dir: string): Generator<string> {
  for (const name of readdirSync(dir).sort()) {
    if (['node_modules', '.next', '.latchkey', 'dist', 'e2e', 'test-results'].includes(name)) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else if (!/\.test\.tsx?$/.test(name)) yield path;
  }
}

function inputsHash(): string {
  const hash = createHash('sha256');
  const roots = [exampleDir, ...['backend', 'js', 'react', 'nextjs', 'server'].map((p) => join(repoRoot, 'packages', p, 'src'))];
  for (const root of roots) for (const file of files(root)) hash.update(file).update('\0').update(readFileSync(file)).update('\0');
  hash.update(readFileSync(join(repoRoot, 'package-lock.json')));
  return hash.digest('hex');
}

/** `next build --webpack`, skipped when nothing it reads has changed since the last build. */
export async function buildOnce(): Promise<{ skipped: boolean; ms: number }> {
  const started = Date.now();
  const stamp = join(exampleDir, '.next', 'latchkey-inputs.sha256');
  const hash = inputsHash();
  if (existsSync(join(exampleDir, '.next', 'BUILD_ID')) && existsSync(stamp) && readFileSync(stamp, 'utf8') === hash) {
    return { skipped: true, ms: Date.now() - started };
  }
  await run(process.execPath, [nextBin, 'build', '--webpack'], { cwd: exampleDir, env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });
  writeFileSync(stamp, hash);
  return { skipped: false, ms: Date.now() - started };
}

function run(cmd: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('exit', (code) => (code === 0 ? resolvePromise() : reject(new Error(`${cmd} ${args.join(' ')} exited ${code}\n${output.slice(-4000)}`))));
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePromise(port));
    });
  });
}

export interface RunningApp {
  url: string;
  pid: number;
  logs(): string;
  stop(): Promise<void>;
}

/** `next start` on 127.0.0.1:<port>; the app is addressed as http://localhost:<port>. */
export async function startApp(port: number, env: Record<string, string>): Promise<RunningApp> {
  const child: ChildProcess = spawn(process.execPath, [nextBin, 'start', '-p', String(port), '-H', '127.0.0.1'], {
    cwd: exampleDir,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const url = `http://localhost:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start exited ${child.exitCode}\n${output}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/api/public/hello`, { headers: { host: `localhost:${port}` } });
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`next start did not answer in 30 s\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    pid: child.pid!,
    logs: () => output,
    stop: () =>
      new Promise<void>((resolvePromise) => {
        if (child.exitCode !== null) return resolvePromise();
        child.once('exit', () => resolvePromise());
        child.kill('SIGTERM');
        setTimeout(() => child.exitCode === null && child.kill('SIGKILL'), 5_000).unref();
      }),
  };
}
