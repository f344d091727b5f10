/**
 * `latchkey test <mode>` against real servers: every mode passes on a healthy
 * server and fails, naming the likely cause, for a planted fault — wrong key,
 * skewed clock, issuer or authorized-party mismatch, Secure cookie on http,
 * single-session mode.
 */
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createFakeClock, createTestServer, type TestServer } from '@latchkey/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runChild, runInProcess, tempDir } from '../test-support/run-cli.js';

interface Step { name: string; status: 'pass' | 'fail' | 'skip'; detail?: string; cause?: string }
interface Result { ok: boolean; modes: { mode: string; ok: boolean; steps: Step[] }[] }

let healthy: TestServer;
let skewed: TestServer;
let insecure: TestServer;
let single: TestServer;
const dir = tempDir('latchkey-cli-test-');
const envFor = (t: TestServer) => ({ LATCHKEY_API_URL: t.publicUrl, LATCHKEY_SECRET_KEY: t.secretKey });
const otherKeyFile = join(dir, 'other-public.pem');
const rightKeyFile = join(dir, 'right-public.pem');

beforeAll(async () => {
  [healthy, skewed, insecure, single] = await Promise.all([
    createTestServer({ listen: true, clock: false }),
    // The server's clock runs two minutes ahead of this machine's.
    createTestServer({ listen: true, clock: createFakeClock(Date.now() + 120_000) }),
    // Secure cookies although the frontend API is plain http.
    createTestServer({ listen: true, clock: false, settings: { cookieSecure: true } }),
    createTestServer({ listen: true, clock: false, settings: { multiSessionMode: 'single' } }),
  ]);
  const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' });
  writeFileSync(otherKeyFile, other);
  const jwks = await (await fetch(`${healthy.publicUrl}/v1/jwks`)).json();
  writeFileSync(rightKeyFile, createPublicKey({ key: jwks.keys[0], format: 'jwk' }).export({ type: 'spki', format: 'pem' }));
});
afterAll(() => Promise.all([healthy, skewed, insecure, single].map((t) => t?.close())));

async function diagnose(t: TestServer, args: string[]): Promise<{ code: number; result: Result; stderr: string }> {
  const run = await runInProcess(['--json', 'test', ...args], { env: envFor(t), cwd: dir });
  return { code: run.code, result: JSON.parse(run.stdout), stderr: run.stderr };
}
const failed = (r: Result) => r.modes.flatMap((m) => m.steps).filter((s) => s.status === 'fail');
const step = (r: Result, name: RegExp) => r.modes.flatMap((m) => m.steps).find((s) => name.test(s.name));

describe('latchkey test: passing on a healthy server', () => {
  it.each(['basic', 'jwt-verify', 'multi-session', 'refresh', 'expiration'])('%s passes every step (exit 0)', async (mode) => {
    const { code, result } = await diagnose(healthy, [mode]);
    expect(failed(result)).toEqual([]);
    expect(code).toBe(0);
    expect(result.modes[0]!.steps.filter((s) => s.status === 'pass').length).toBeGreaterThanOrEqual(7);
  });

  it('jwt-verify passes with the server\'s own public key given as --jwt-key (networkless verification)', async () => {
    const { code, result } = await diagnose(healthy, ['jwt-verify', '--jwt-key', rightKeyFile]);
    expect(failed(result)).toEqual([]);
    expect(code).toBe(0);
    expect(step(result, /signature checks out with the configured key/)?.status).toBe('pass');
  });

  it('cleans up: the throwaway users are deleted afterwards', async () => {
    await diagnose(healthy, ['basic']);
    const users = await (await healthy.backendApi('/v1/users?query=latchkey-test-')).json();
    expect(users).toEqual([]);
  });

  it('prints each step with a mark, as a child process, and exits 0', async () => {
    const run = await runChild(['test', 'basic'], { env: envFor(healthy) });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/✔ browser at http:\/\/127\.0\.0\.1:\d+ signs in/);
    expect(run.stdout).toContain('All checks passed (basic).');
    expect(run.stdout).not.toContain(healthy.secretKey);
  });
});

describe('latchkey test: failing for a planted cause, with the cause named', () => {
  it('basic: wrong secret key → exit 1, "wrong secret key"', async () => {
    const run = await runInProcess(['--json', 'test', 'basic'], { env: { ...envFor(healthy), LATCHKEY_SECRET_KEY: skewed.secretKey }, cwd: dir });
    expect(run.code).toBe(1);
    const s = step(JSON.parse(run.stdout), /secret key accepted/)!;
    expect(s.status).toBe('fail');
    expect(s.cause).toMatch(/^wrong secret key/);
    expect(run.stdout).not.toContain(skewed.secretKey);
  });

  it('basic: Secure cookie on http → the browser drops __client, "cookie not set"', async () => {
    const { code, result } = await diagnose(insecure, ['basic']);
    expect(code).toBe(1);
    const s = step(result, /signs in/)!;
    expect(s.status).toBe('fail');
    expect(s.cause).toMatch(/^cookie not set: the server marks __client Secure but the frontend API is plain http/);
    expect(step(result, /browser gets a session token/)).toMatchObject({ status: 'skip', detail: expect.stringMatching(/^needs: browser at/) });
  });

  it('jwt-verify: wrong key → "wrong key"', async () => {
    const { code, result } = await diagnose(healthy, ['jwt-verify', '--jwt-key', otherKeyFile]);
    expect(code).toBe(1);
    const s = step(result, /signature checks out/)!;
    expect(s.status).toBe('fail');
    expect(s.detail).toContain('token-invalid-signature');
    expect(s.cause).toMatch(/^wrong key/);
  });

  it('jwt-verify: wrong key from LATCHKEY_JWT_KEY, as an app would be configured → "wrong key"', async () => {
    const run = await runInProcess(['--json', 'test', 'jwt-verify'], { env: { ...envFor(healthy), LATCHKEY_JWT_KEY: generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' }) as string }, cwd: dir });
    expect(run.code).toBe(1);
    expect(step(JSON.parse(run.stdout), /signature checks out/)?.cause).toMatch(/^wrong key/);
  });

  it('jwt-verify: issuer mismatch → "issuer mismatch"', async () => {
    const { code, result } = await diagnose(healthy, ['jwt-verify', '--issuer', 'https://auth.example.com']);
    expect(code).toBe(1);
    expect(step(result, /^issuer is/)?.cause).toMatch(/^issuer mismatch: the token's iss is "http:\/\/127\.0\.0\.1:\d+" but the verifier expects https:\/\/auth\.example\.com/);
    expect(step(result, /full verification/)?.detail).toBe('rejected: token-invalid-issuer');
  });

  it('jwt-verify: authorized-party mismatch → "authorized-party mismatch"', async () => {
    const { code, result } = await diagnose(healthy, ['jwt-verify', '--authorized-party', 'https://app.example.com']);
    expect(code).toBe(1);
    expect(step(result, /^authorized party/)?.cause).toMatch(/^authorized-party mismatch/);
  });

  it('jwt-verify: skewed clock → "clock skew" with the measured offset', async () => {
    const { code, result } = await diagnose(skewed, ['jwt-verify']);
    expect(code).toBe(1);
    const s = step(result, /valid by this machine's clock/)!;
    expect(s.status).toBe('fail');
    // The fake clock stands still, so the measured lead shrinks as the suite runs.
    expect(s.cause).toMatch(/^clock skew: the server's clock is (2m|1m \d+s) ahead of this machine \(measured from the token's iat\)/);
    expect(step(result, /full verification/)?.cause).toMatch(/^clock skew/);
  });

  it('expiration: skewed clock → "clock skew"', async () => {
    const { code, result } = await diagnose(skewed, ['expiration']);
    expect(code).toBe(1);
    const s = step(result, /server clock within the allowed skew/)!;
    expect(s.status).toBe('fail');
    expect(s.cause).toMatch(/^clock skew/);
    // The rest of the deadlines still check out: only the clock is wrong.
    expect(step(result, /token lifetime is session_token_ttl_seconds/)?.status).toBe('pass');
  });

  it('multi-session: single-session mode → the first session was replaced, cause names the setting', async () => {
    const { code, result } = await diagnose(single, ['multi-session']);
    expect(code).toBe(1);
    const s = step(result, /both sessions are active/)!;
    expect(s.detail).toBe('the first session is replaced after the second sign-in');
    expect(s.cause).toMatch(/^multi_session_mode is "single"/);
  });

  it('refresh: wrong key → the refreshed token is rejected, "wrong key"', async () => {
    const { code, result } = await diagnose(healthy, ['refresh', '--jwt-key', otherKeyFile]);
    expect(code).toBe(1);
    expect(step(result, /browser refreshes the token with its cookie/)?.status).toBe('pass');
    expect(step(result, /app server refreshes/)?.cause).toMatch(/^wrong key/);
  });

  it('refresh: Secure cookie on http → no cookie to refresh with, "cookie not set"', async () => {
    const { code, result } = await diagnose(insecure, ['refresh']);
    expect(code).toBe(1);
    expect(failed(result)[0]?.cause).toMatch(/^cookie not set/);
  });

  it('all: a skewed clock fails the run (exit 1) and the human output names the cause', async () => {
    const run = await runInProcess(['test', 'all'], { env: envFor(skewed), cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('latchkey test expiration');
    expect(run.stdout).toMatch(/✖ server clock within the allowed skew[^\n]*\n\s+likely cause: clock skew/);
    expect(run.stdout).toMatch(/checks failed\./);
  });

  it('an unreachable server is a failed check with exit 1, not a crash', async () => {
    const { code, result } = await diagnose({ ...healthy, publicUrl: 'http://127.0.0.1:9' } as TestServer, ['basic']);
    expect(code).toBe(1);
    expect(result.modes[0]!.steps[0]).toMatchObject({ status: 'fail' });
    expect(result.modes[0]!.steps[0]!.cause).toMatch(/not running at this URL/);
  });

  it('an unknown mode is a usage error (exit 2)', async () => {
    const run = await runInProcess(['test', 'everything'], { env: envFor(healthy) });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/value 'everything' is invalid for argument 'mode'/);
  });
});
