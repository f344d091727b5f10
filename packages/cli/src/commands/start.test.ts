import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { afterAll, describe, expect, it } from 'vitest';

const bin = resolve(fileURLToPath(import.meta.url), '../../bin.ts');
const tsxCli = createRequire(import.meta.url).resolve('tsx/cli');
const cwd = mkdtempSync(join(tmpdir(), 'latchkey-cli-start-'));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(cwd, { recursive: true, force: true });
});

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
    server.on('error', fail);
  });
}

/** Starts `latchkey start` as a user would, and resolves with its banner once it listens. */
function start(port: number): Promise<{ child: ChildProcess; banner: string }> {
  const child = spawn(process.execPath, [tsxCli, '--conditions=@latchkey/source', bin, 'start'], {
    cwd,
    env: { PATH: process.env.PATH, PORT: String(port), NODE_PATH: process.env.NODE_PATH ?? '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return new Promise((done, fail) => {
    let out = '';
    let err = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('Data:')) done({ child, banner: out });
    });
    child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('exit', (code) => fail(new Error(`latchkey start exited with ${code}: ${err}`)));
  });
}

const stop = (child: ChildProcess) =>
  new Promise<number | null>((done) => {
    child.once('exit', (code) => done(code));
    child.kill('SIGTERM');
  });

describe('latchkey start', () => {
  it('starts on the embedded default, prints keys and data location, serves the JWKS, and keeps keys across restarts', async () => {
    const port = await freePort();
    const { child, banner } = await start(port);
    expect(banner).toContain(`Frontend API:      http://localhost:${port}`);
    expect(banner).toContain(`Dashboard:         http://localhost:${port}/dashboard`);
    expect(banner).toMatch(/Publishable key:\s+pk_live_/);
    expect(banner).toMatch(/pk_test_/);
    expect(banner).toMatch(/Secret key:\s+sk_test_[A-Za-z0-9]{40}/);
    expect(banner).toContain(join(cwd, '.latchkey', 'latchkey.db'));
    const jwks = await (await fetch(`http://127.0.0.1:${port}/v1/jwks`)).json();
    expect(jwks.keys).toHaveLength(1);
    expect(await stop(child)).toBe(0);

    const again = await start(port);
    const after = await (await fetch(`http://127.0.0.1:${port}/.well-known/jwks.json`)).json();
    expect(after.keys.map((k: { kid: string }) => k.kid)).toEqual(jwks.keys.map((k: { kid: string }) => k.kid));
    expect(again.banner.match(/sk_test_\w+/)![0]).toBe(banner.match(/sk_test_\w+/)![0]);
    expect(await stop(again.child)).toBe(0);
  });
});
