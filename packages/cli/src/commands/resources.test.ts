/** users, sessions, keys and token commands against a real server. */
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestServer, type TestServer } from '@latchkey/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runChild, runInProcess, runInPty, tempDir } from '../test-support/run-cli.js';

let t: TestServer;
let env: Record<string, string>;
const dir = tempDir('latchkey-cli-resources-');
beforeAll(async () => {
  t = await createTestServer({ listen: true, clock: false });
  env = { LATCHKEY_API_URL: t.publicUrl, LATCHKEY_SECRET_KEY: t.secretKey };
});
afterAll(() => t.close());
const cli = (argv: string[], stdin?: string) => runInProcess(argv, { env, cwd: dir, ...(stdin !== undefined ? { stdin } : {}) });

async function signedIn(email: string) {
  const browser = t.browser({ origin: t.publicUrl });
  const { sessionId, userId } = await browser.signUp(email, 'correct horse battery');
  return { browser, sessionId, userId, token: await browser.getToken(sessionId) };
}

describe('latchkey users', () => {
  it('creates a user with the password from stdin; the user can sign in with it; the password is never printed', async () => {
    const run = await runChild(['users', 'create', '--email', 'ada@example.com', '--password-stdin', '--public-metadata', '{"role":"admin"}'], { env, stdin: 'a long passphrase\n' });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/✔ created user_\w+ \(ada@example\.com\)/);
    expect(run.stdout + run.stderr).not.toContain('a long passphrase');
    const { userId } = await t.browser({ origin: t.publicUrl }).signIn('ada@example.com', 'a long passphrase');
    expect(userId).toMatch(/^user_/);
  });

  it('asks for the password hidden in a terminal', async () => {
    const pty = runInPty(['users', 'create', '--email', 'grace@example.com'], { env });
    await pty.expect('Password for grace@example.com', 'hidden-pass-123\r');
    const run = await pty.done;
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).not.toContain('hidden-pass-123');
    expect(run.stdout).toContain('*'.repeat('hidden-pass-123'.length));
    await t.browser({ origin: t.publicUrl }).signIn('grace@example.com', 'hidden-pass-123');
  }, 20_000);

  it('refuses to guess a password without a terminal (exit 2), and accepts --no-password', async () => {
    expect((await cli(['users', 'create', '--email', 'x@example.com'])).code).toBe(2);
    const run = await cli(['--json', 'users', 'create', '--email', 'nopass@example.com', '--no-password']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ object: 'user', password_enabled: false });
  });

  it('reports the server\'s refusal with its code and exit 1 (duplicate e-mail)', async () => {
    const run = await cli(['--json', 'users', 'create', '--email', 'ADA@example.com', '--no-password']);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout).errors[0].code).toBe('form_identifier_exists');
  });

  it('rejects metadata that is not a JSON object (exit 2)', async () => {
    const run = await cli(['users', 'create', '--email', 'm@example.com', '--no-password', '--public-metadata', '[1]']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--public-metadata must be a JSON object');
  });

  it('lists users as a table and as JSON, with search', async () => {
    const table = await cli(['users', 'list']);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^id\s+email\s+name\s+created/m);
    expect(table.stdout).toContain('ada@example.com');
    const json = JSON.parse((await cli(['--json', 'users', 'list', '--query', 'grace'])).stdout);
    expect(json.map((u: { email_addresses: { email_address: string }[] }) => u.email_addresses[0]!.email_address)).toEqual(['grace@example.com']);
    expect((await cli(['users', 'list', '--limit', '0'])).code).toBe(2);
  });
});

describe('latchkey sessions list|revoke', () => {
  it('lists a user\'s sessions and revokes one; the revoked session mints no more tokens', async () => {
    const a = await signedIn('sessions-a@example.com');
    const list = await cli(['sessions', 'list', '--user', a.userId]);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain(a.sessionId);
    expect(list.stdout).toMatch(/active/);
    const revoke = await cli(['sessions', 'revoke', a.sessionId]);
    expect(revoke.code).toBe(0);
    expect(revoke.stdout).toContain(`revoked ${a.sessionId}`);
    await expect(a.browser.getToken(a.sessionId)).rejects.toThrow(/401/);
    const revoked = JSON.parse((await cli(['--json', 'sessions', 'list', '--user', a.userId, '--status', 'revoked'])).stdout);
    expect(revoked.map((s: { id: string }) => s.id)).toEqual([a.sessionId]);
  });

  it('revokes every active session of a user with --user', async () => {
    const a = await signedIn('sessions-b@example.com');
    const other = t.browser({ origin: t.publicUrl });
    const second = await other.signIn('sessions-b@example.com', 'correct horse battery');
    const run = await cli(['--json', 'sessions', 'revoke', '--user', a.userId]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).map((s: { id: string; status: string }) => [s.id, s.status]).sort()).toEqual([[a.sessionId, 'revoked'], [second.sessionId, 'revoked']].sort());
  });

  it('needs ids or --user (exit 2); an unknown session is exit 1 with resource_not_found', async () => {
    expect((await cli(['sessions', 'revoke'])).code).toBe(2);
    const run = await cli(['--json', 'sessions', 'revoke', 'sess_nope']);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout).errors[0].code).toBe('resource_not_found');
  });
});

describe('latchkey keys list|rotate', () => {
  it('rotates: the new key is published at once and listed; the old key keeps signing until the publish delay passes', async () => {
    const before = JSON.parse((await cli(['--json', 'keys', 'list'])).stdout);
    const rotate = await cli(['--json', 'keys', 'rotate', '--algorithm', 'ES256']);
    expect(rotate.code).toBe(0);
    const key = JSON.parse(rotate.stdout);
    expect(key).toMatchObject({ object: 'signing_key', algorithm: 'ES256' });
    expect(key).not.toHaveProperty('private_jwk');
    const jwks = await (await fetch(`${t.publicUrl}/v1/jwks`)).json();
    expect(jwks.keys.map((k: { kid: string }) => k.kid)).toContain(key.kid);
    const table = await cli(['keys', 'list']);
    expect(table.stdout).toContain(key.kid);
    expect(table.stdout).toContain(before[0].kid);
    expect((await cli(['keys', 'rotate', '--algorithm', 'HS256'])).code).toBe(2);
  });

  it('rotates with --immediate: new tokens are signed with the new key', async () => {
    const run = await cli(['--json', 'keys', 'rotate', '--immediate']);
    const key = JSON.parse(run.stdout);
    const { token } = await signedIn('keys@example.com');
    expect(JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()).kid).toBe(key.kid);
  });
});

describe('latchkey token decode|verify', () => {
  it('decodes a session token with human times and no complaints (signature not checked)', async () => {
    const { token, sessionId } = await signedIn('token-a@example.com');
    const run = await cli(['token', 'decode', token]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/sid\s+"sess_/);
    expect(run.stdout).toContain(sessionId);
    expect(run.stdout).toMatch(/exp\s+\d+\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ \(in (?:59s|1m)\)/);
    expect(run.stdout).toContain("nothing wrong by this machine's clock");
    expect(run.stdout).not.toContain(token);
  });

  it('decode explains an expired token, reads stdin with -, and rejects junk (exit 1)', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'RS256', typ: 'JWT' })).toString('base64url');
    const body = Buffer.from(JSON.stringify({ sub: 'user_1', iat: 1000, exp: 1060 })).toString('base64url');
    const run = await cli(['--json', 'token', 'decode', '-'], `${header}.${body}.c2ln\n`);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).problems[0]).toMatch(/^expired .* ago \(it lived 1m; session tokens are meant to be refreshed/);
    const junk = await cli(['--json', 'token', 'decode', 'not-a-jwt']);
    expect(junk.code).toBe(1);
    expect(JSON.parse(junk.stdout).errors[0].code).toBe('token_invalid');
  });

  it('verifies a token against the server\'s JWKS with issuer and authorized party (exit 0)', async () => {
    const { token } = await signedIn('token-b@example.com');
    const run = await cli(['--json', 'token', 'verify', token, '--issuer', t.publicUrl, '--authorized-party', t.publicUrl]);
    expect(run.code, run.stdout).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ valid: true });
  });

  it('verify explains what fails and why: wrong key, issuer, authorized party (exit 1)', async () => {
    const { token } = await signedIn('token-c@example.com');
    const other = join(dir, 'verify-other.pem');
    writeFileSync(other, generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }));
    const run = await cli(['--json', 'token', 'verify', token, '--jwt-key', other, '--issuer', 'https://elsewhere.example', '--authorized-party', 'https://app.example']);
    expect(run.code).toBe(1);
    const checks = JSON.parse(run.stdout).checks as { name: string; status: string; cause?: string }[];
    expect(checks.find((c) => c.name.startsWith('signature'))?.cause).toMatch(/^wrong key/);
    expect(checks.find((c) => c.name.startsWith('issuer'))?.cause).toMatch(/^issuer mismatch/);
    expect(checks.find((c) => c.name.startsWith('authorized party'))?.cause).toMatch(/^authorized-party mismatch/);
  });

  it('verify passes with the right PEM and no server at all (networkless)', async () => {
    const { token } = await signedIn('token-d@example.com');
    const jwks = await (await fetch(`${t.publicUrl}/v1/jwks`)).json();
    const kid = JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()).kid;
    const pem = join(dir, 'verify-right.pem');
    writeFileSync(pem, createPublicKey({ key: jwks.keys.find((k: { kid: string }) => k.kid === kid), format: 'jwk' }).export({ type: 'spki', format: 'pem' }));
    const run = await runInProcess(['token', 'verify', token, '--jwt-key', pem], { cwd: dir, env: { LATCHKEY_API_URL: 'http://127.0.0.1:9' } });
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).toContain('Valid.');
  });
});
