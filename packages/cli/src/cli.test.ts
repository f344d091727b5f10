import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { createTestServer, type TestServer } from '@latchkey/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProgram, type CommandContext } from './cli.js';
import { processIo } from './lib/io.js';
import { runChild, runInProcess } from './test-support/run-cli.js';

const readme = readFileSync(resolve(fileURLToPath(import.meta.url), '../../README.md'), 'utf8');
const commandsSection = readme.slice(readme.indexOf('## Commands'), readme.indexOf('## Choices made'));

/** Every command path of the real program, e.g. `sessions configure`. */
function commandPaths(): string[] {
  const program = createProgram({ io: processIo() } as CommandContext);
  const walk = (command: Command, prefix: string[]): string[] =>
    command.commands.filter((c) => c.name() !== 'help').flatMap((c) => {
      const path = [...prefix, c.name()];
      return c.commands.length ? walk(c, path) : [path.join(' ')];
    });
  return walk(program, []);
}

let t: TestServer;
beforeAll(async () => {
  t = await createTestServer({ listen: true, clock: false });
});
afterAll(() => t.close());

describe('latchkey --help and the README', () => {
  const paths = commandPaths();

  it('knows every command the issue asks for', () => {
    expect(paths.sort()).toEqual(
      ['dev', 'start', 'init', 'migrate', 'sessions list', 'sessions revoke', 'sessions configure', 'jwt-template create', 'jwt-template list', 'jwt-template show', 'jwt-template delete', 'test', 'token decode', 'token verify', 'keys list', 'keys rotate', 'users create', 'users list'].sort(),
    );
  });

  it.each(paths)('documents `latchkey %s` in the README\'s Commands section', (path) => {
    const [group, sub] = path.split(' ');
    const mentioned = commandsSection.includes(`latchkey ${path}`) || (sub !== undefined && new RegExp(`latchkey ${group} [a-z|-]*\\b${sub}\\b`).test(commandsSection));
    expect(mentioned).toBe(true);
  });

  it.each(paths)('`latchkey %s --help` exits 0 and shows examples', async (path) => {
    const run = await runInProcess([...path.split(' '), '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Usage: latchkey ${path}`);
    expect(run.stdout).toMatch(/Examples:\n {2}\$ latchkey /);
  });

  it('lists every top-level command of the README in `latchkey --help` (as a child process)', async () => {
    const run = await runChild(['--help']);
    expect(run.code).toBe(0);
    const documented = [...commandsSection.matchAll(/^### `latchkey ([a-z-]+)/gm)].map((m) => m[1]);
    expect(documented.length).toBeGreaterThan(8);
    for (const name of documented) expect(run.stdout).toMatch(new RegExp(`^ {2}${name}\\b`, 'm'));
  });
});

describe('exit codes, output and secrets', () => {
  const env = () => ({ LATCHKEY_API_URL: t.publicUrl, LATCHKEY_SECRET_KEY: t.secretKey });

  it('an unknown command or option is exit 2 (child process)', async () => {
    expect((await runChild(['frobnicate'])).code).toBe(2);
    const run = await runChild(['users', 'list', '--frob']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("unknown option '--frob'");
  });

  it('a command group without a subcommand prints its help and exits 2', async () => {
    const run = await runInProcess(['keys']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Usage: latchkey keys');
  });

  it('a missing secret key is exit 2 naming LATCHKEY_SECRET_KEY', async () => {
    const run = await runInProcess(['--json', 'users', 'list'], { env: { LATCHKEY_API_URL: t.publicUrl } });
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout).errors[0]).toMatchObject({ code: 'secret_key_missing', message: expect.stringContaining('LATCHKEY_SECRET_KEY') });
  });

  it('a wrong secret key is exit 1 and the key is not echoed', async () => {
    const wrong = 'sk_test_wrongwrongwrongwrongwrongwrongwrong12';
    const run = await runInProcess(['users', 'list'], { env: { ...env(), LATCHKEY_SECRET_KEY: wrong } });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('did not accept the secret key');
    expect(run.stderr + run.stdout).not.toContain(wrong);
  });

  it('an unreachable server is exit 1 with the URL', async () => {
    const run = await runInProcess(['keys', 'list'], { env: { ...env(), LATCHKEY_API_URL: 'http://127.0.0.1:9' } });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/cannot reach a Latchkey server at http:\/\/127\.0\.0\.1:9/);
  });

  it('--json works before or after the command, and --api-url/--secret-key flags override the environment', async () => {
    const after = await runInProcess(['keys', 'list', '--json', '--api-url', t.publicUrl, '--secret-key', t.secretKey], { env: { LATCHKEY_API_URL: 'http://127.0.0.1:9' } });
    expect(after.code, after.stderr).toBe(0);
    expect(JSON.parse(after.stdout)[0]).toMatchObject({ object: 'signing_key' });
  });

  it('uses colour only when asked to on a non-TTY (FORCE_COLOR), never with NO_COLOR or --json', async () => {
    const plain = await runInProcess(['keys', 'list'], { env: env() });
    expect(plain.stdout).not.toContain('\u001b[');
    const forced = await runInProcess(['keys', 'list'], { env: { ...env(), FORCE_COLOR: '1' } });
    expect(forced.stdout).toContain('\u001b[');
    const noColor = await runInProcess(['keys', 'list'], { env: { ...env(), FORCE_COLOR: '1', NO_COLOR: '1' } });
    expect(noColor.stdout).not.toContain('\u001b[');
    const json = await runInProcess(['--json', 'keys', 'list'], { env: { ...env(), FORCE_COLOR: '1' } });
    expect(json.stdout).not.toContain('\u001b[');
  });

  it('a missing --env-file is exit 2', async () => {
    const run = await runInProcess(['--env-file', 'nope.env', 'keys', 'list']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('does not exist');
  });
});
