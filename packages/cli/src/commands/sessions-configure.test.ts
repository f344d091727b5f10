import { createTestServer, type TestServer } from '@latchkey/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runChild, runInProcess, runInPty } from '../test-support/run-cli.js';

let t: TestServer;
let env: Record<string, string>;
const instance = async () => (await t.backendApi('/v1/instance')).json();
const defaults = { session_max_lifetime_seconds: 604800, inactivity_timeout_seconds: null, multi_session_mode: 'multi', max_sessions_per_client: 5, session_token_ttl_seconds: 60, clock_skew_seconds: 5, cookie_same_site: 'lax', cookie_secure: null, cookie_domain: null };

beforeAll(async () => {
  t = await createTestServer({ listen: true, clock: false });
  env = { LATCHKEY_API_URL: t.publicUrl, LATCHKEY_SECRET_KEY: t.secretKey };
});
beforeEach(async () => {
  await t.backendApi('/v1/instance', { method: 'PATCH', json: defaults });
});
afterAll(() => t.close());

describe('latchkey sessions configure (flags)', () => {
  it('applies every setting given as flags and prints a before/after table', async () => {
    const run = await runInProcess(
      ['sessions', 'configure', '--max-lifetime', '30d', '--inactivity-timeout', '2h', '--mode', 'multi', '--max-sessions', '3', '--token-ttl', '2m', '--clock-skew', '10', '--same-site', 'strict', '--secure', 'true', '--cookie-domain', 'example.com'],
      { env },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/\* Maximum session lifetime\s+7d\s+30d/);
    expect(run.stdout).toMatch(/\* Inactivity timeout\s+off\s+2h/);
    expect(run.stdout).toMatch(/\* Cookie domain\s+none \(host-only\)\s+example\.com/);
    expect(run.stdout).toMatch(/ {2}Session mode\s+multi\s+multi/);
    expect(run.stdout).toContain('applied 8 changes');
    expect(await instance()).toMatchObject({
      session_max_lifetime_seconds: 30 * 86400,
      inactivity_timeout_seconds: 7200,
      max_sessions_per_client: 3,
      session_token_ttl_seconds: 120,
      clock_skew_seconds: 10,
      cookie_same_site: 'strict',
      cookie_secure: true,
      cookie_domain: 'example.com',
    });
    const audit = await (await t.backendApi('/v1/instance/audit')).json();
    expect(audit[0].after.sessionMaxLifetimeSeconds ?? audit[0].after.session_max_lifetime_seconds).toBe(30 * 86400);
  });

  it('refuses SameSite=None without Secure with exit 2 and changes nothing', async () => {
    const run = await runInProcess(['sessions', 'configure', '--same-site', 'none', '--secure', 'false'], { env });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('SameSite=None cookies must be Secure');
    expect(await instance()).toMatchObject({ cookie_same_site: 'lax', cookie_secure: null });
  });

  it('refuses an inactivity timeout longer than the lifetime (exit 2, JSON errors with code invalid_settings)', async () => {
    const run = await runInProcess(['--json', 'sessions', 'configure', '--max-lifetime', '1h', '--inactivity-timeout', '2h'], { env });
    expect(run.code).toBe(2);
    const body = JSON.parse(run.stdout);
    expect(body.ok).toBe(false);
    expect(body.errors[0].code).toBe('invalid_settings');
    expect((await instance()).session_max_lifetime_seconds).toBe(604800);
  });

  it.each([
    [['--max-lifetime', 'forever'], 'invalid_duration'],
    [['--token-ttl', '10s'], 'invalid_settings'],
    [['--max-sessions', '0'], 'invalid_settings'],
    [['--same-site', 'sometimes'], 'invalid_settings'],
    [['--cookie-domain', 'not a domain'], 'invalid_settings'],
  ])('rejects %j before contacting the server (exit 2, code %s)', async (flags, code) => {
    const run = await runInProcess(['--json', 'sessions', 'configure', ...flags], { env: { ...env, LATCHKEY_API_URL: 'http://127.0.0.1:9' } });
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout).errors[0].code).toBe(code);
  });

  it('with --dry-run validates and shows the table but changes nothing', async () => {
    const run = await runInProcess(['--json', 'sessions', 'configure', '--mode', 'single', '--dry-run'], { env });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: true, applied: false, dry_run: true, changed: ['multi_session_mode'], after: { multi_session_mode: 'single' } });
    expect((await instance()).multi_session_mode).toBe('multi');
  });

  it('without flags and without a terminal is a usage error (exit 2)', async () => {
    const run = await runInProcess(['sessions', 'configure'], { env });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('nothing to change');
  });

  it('runs as a child process: applies flags, exit 0, no colour when stdout is not a TTY, no secret printed', async () => {
    const run = await runChild(['sessions', 'configure', '--mode', 'single', '--token-ttl', '90s'], { env });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).not.toContain('\u001b[');
    expect(run.stdout + run.stderr).not.toContain(t.secretKey);
    expect(await instance()).toMatchObject({ multi_session_mode: 'single', session_token_ttl_seconds: 90 });
  });
});

describe('latchkey sessions configure (prompts in a terminal)', () => {
  it('asks for each setting with the current value as default, re-asks on invalid input, shows the table and applies on confirm', async () => {
    const pty = runInPty(['sessions', 'configure'], { env });
    await pty.expect('Maximum session lifetime', 'forever\r');
    await pty.expect('is not a duration', `${'\u007f'.repeat('forever'.length)}30d\r`);
    await pty.expect('Inactivity timeout', '2h\r');
    await pty.expect('Session mode', '\r'); // multi (current)
    await pty.expect('Sessions per browser', '3\r');
    await pty.expect('Session token lifetime', '\r');
    await pty.expect('Allowed clock skew', '\r');
    await pty.expect('Cookie SameSite', '\u001b[B\r'); // lax → strict
    await pty.expect('Cookie Secure', '\r');
    await pty.expect('Cookie domain', '\r');
    await pty.expect('Apply 4 changes?', 'y\r');
    const run = await pty.done;
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).toMatch(/\* Maximum session lifetime\s+7d\s+30d/);
    expect(run.stdout).toMatch(/\* Cookie SameSite\s+lax\s+strict/);
    expect(run.stdout).toContain('applied 4 changes');
    expect(await instance()).toMatchObject({ session_max_lifetime_seconds: 30 * 86400, inactivity_timeout_seconds: 7200, max_sessions_per_client: 3, cookie_same_site: 'strict', session_token_ttl_seconds: 60 });
  }, 30_000);

  it('skips the per-browser cap in single mode, and changes nothing when the confirmation is declined (exit 1)', async () => {
    const pty = runInPty(['sessions', 'configure'], { env });
    await pty.expect('Maximum session lifetime', '\r');
    await pty.expect('Inactivity timeout', '\r');
    await pty.expect('Session mode', '\u001b[A\r'); // multi → single
    await pty.expect('Session token lifetime', '\r');
    await pty.expect('Allowed clock skew', '\r');
    await pty.expect('Cookie SameSite', '\r');
    await pty.expect('Cookie Secure', '\r');
    await pty.expect('Cookie domain', '\r');
    await pty.expect('Apply 1 change?', 'n\r');
    const run = await pty.done;
    expect(run.code).toBe(1);
    expect(run.stdout).not.toContain('Sessions per browser (multi mode) (');
    expect(run.stdout).toContain('Cancelled');
    expect((await instance()).multi_session_mode).toBe('multi');
  }, 30_000);
});

