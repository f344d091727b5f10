import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openStore } from '@latchkey/server';
import { parsePublishableKey } from '@latchkey/backend';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { configFromEnv } from '@latchkey/server/config';
import { describe, expect, it } from 'vitest';
import { binPath, runChild, runInProcess, tempDir } from '../test-support/run-cli.js';

const freePort = () =>
  new Promise<number>((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });

describe('latchkey init', () => {
  it('writes publishable key, secret key and API URL into .env (mode 600), masking the secret on screen', async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, '.env'), 'DATABASE_URL=postgres://app\n');
    const run = await runInProcess(['init', '--public-url', 'http://localhost:4500'], { cwd });
    expect(run.code, run.stderr).toBe(0);
    const env = readFileSync(join(cwd, '.env'), 'utf8');
    expect(env).toContain('DATABASE_URL=postgres://app');
    const secret = /LATCHKEY_SECRET_KEY=(sk_test_[A-Za-z0-9]{40})/.exec(env)![1]!;
    const publishable = /LATCHKEY_PUBLISHABLE_KEY=(\S+)/.exec(env)![1]!;
    expect(parsePublishableKey(publishable)).toMatchObject({ frontendApiHost: 'localhost:4500' });
    expect(env).toContain('LATCHKEY_API_URL=http://localhost:4500');
    expect(statSync(join(cwd, '.env')).mode & 0o777).toBe(0o600);
    expect(run.stdout).not.toContain(secret);
    expect(run.stdout).toContain(secret.slice(0, 12));
  });

  it('refuses to replace different values without --force (exit 2), and --show-secret prints the key', async () => {
    const cwd = tempDir();
    await runInProcess(['init'], { cwd });
    const again = await runInProcess(['init', '--public-url', 'http://localhost:9999'], { cwd });
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already sets .*LATCHKEY_PUBLIC_URL.*--force/);
    const forced = await runInProcess(['--json', 'init', '--public-url', 'http://localhost:9999', '--force', '--show-secret'], { cwd });
    expect(forced.code).toBe(0);
    const out = JSON.parse(forced.stdout);
    expect(readFileSync(join(cwd, '.env'), 'utf8')).toContain(`LATCHKEY_SECRET_KEY=${out.variables.LATCHKEY_SECRET_KEY}`);
    expect(out.secret_key_source).toBe('LATCHKEY_SECRET_KEY');
  });

  it('reuses the key of the local server in this folder, and `latchkey dev` and the API commands then work from the .env it wrote', async () => {
    const cwd = tempDir();
    configFromEnv({}, cwd); // what a first `latchkey dev` does: generates ./.latchkey/secret-key
    const generated = readFileSync(join(cwd, '.latchkey', 'secret-key'), 'utf8').trim();
    const port = await freePort();
    const init = await runInProcess(['--json', 'init', '--public-url', `http://localhost:${port}`, '--show-secret'], { cwd });
    expect(JSON.parse(init.stdout)).toMatchObject({ secret_key_source: 'the local server (.latchkey/secret-key)', variables: { LATCHKEY_SECRET_KEY: generated } });

    const child = spawn(process.execPath, [createRequire(import.meta.url).resolve('tsx/cli'), '--conditions=@latchkey/source', binPath, 'dev', '--port', String(port)], {
      cwd,
      env: { PATH: process.env.PATH },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const banner = await new Promise<string>((done, failed) => {
        let out = '';
        child.stdout!.on('data', (c: Buffer) => {
          out += c.toString();
          if (out.includes('Data:')) done(out);
        });
        child.on('exit', (code) => failed(new Error(`dev exited ${code}`)));
      });
      expect(banner).toContain('Latchkey dev server is running');
      expect(banner).toContain(`${generated.slice(0, 12)}… (from LATCHKEY_SECRET_KEY)`);
      const list = await runInProcess(['users', 'list'], { cwd });
      expect(list.code, list.stderr).toBe(0);
      expect(list.stdout).toContain('No users.');
    } finally {
      child.kill('SIGTERM');
    }
  }, 20_000);
});

describe('latchkey migrate', () => {
  it('creates and migrates the SQLite database LATCHKEY_DATABASE_URL names, idempotently, as a child process', async () => {
    const cwd = tempDir();
    const env = { LATCHKEY_DATABASE_URL: 'sqlite:./data/test.db' };
    const first = await runChild(['migrate'], { cwd, env });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/✔ .*data\/test\.db \(sqlite\) is at the latest schema version/);
    expect(existsSync(join(cwd, 'data', 'test.db'))).toBe(true);
    const second = await runInProcess(['--json', 'migrate'], { cwd, env });
    expect(JSON.parse(second.stdout)).toMatchObject({ ok: true, dialect: 'sqlite' });
    const store = await openStore(`sqlite:${join(cwd, 'data', 'test.db')}`);
    expect(await store.users.count({})).toBe(0);
    await store.close();
  });

  it('an unsupported database URL is a usage error (exit 2)', async () => {
    const run = await runInProcess(['migrate', '--database-url', 'mysql://x'], { cwd: tempDir() });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('must start with sqlite: or postgres://');
  });
});
