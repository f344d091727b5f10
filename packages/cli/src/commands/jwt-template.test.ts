import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHmac } from 'node:crypto';
import { createTestServer, type TestServer } from '@latchkey/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runChild, runInProcess, runInPty, tempDir } from '../test-support/run-cli.js';

let t: TestServer;
let env: Record<string, string>;
const dir = tempDir('latchkey-cli-templates-');
const supabaseSecret = 'super-secret-jwt-token-with-at-least-32-characters-long';
beforeAll(async () => {
  t = await createTestServer({ listen: true, clock: false });
  env = { LATCHKEY_API_URL: t.publicUrl, LATCHKEY_SECRET_KEY: t.secretKey, SUPABASE_JWT_SECRET: supabaseSecret };
});
afterAll(() => t.close());
const cli = (argv: string[], stdin?: string) => runInProcess(argv, { env, cwd: dir, ...(stdin !== undefined ? { stdin } : {}) });
const payloadOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString());

describe('latchkey jwt-template', () => {
  it('creates the hasura starting point; a token minted from it carries Hasura\'s claim layout', async () => {
    const run = await cli(['--json', 'jwt-template', 'create', 'hasura', '--lifetime', '5m']);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ object: 'jwt_template', name: 'hasura', lifetime: 300, custom_signing_key: false });
    const browser = t.browser({ origin: t.publicUrl });
    const { sessionId, userId } = await browser.signUp('hasura@example.com', 'correct horse battery');
    const claims = payloadOf(await browser.getToken(sessionId, 'hasura'));
    expect(claims['https://hasura.io/jwt/claims']).toMatchObject({ 'x-hasura-user-id': userId, 'x-hasura-default-role': 'user' });
    expect(claims.exp - claims.iat).toBe(300);
  });

  it('creates supabase signed with the project secret from an environment variable, never printing it', async () => {
    const run = await runChild(['jwt-template', 'create', 'supabase', '--signing-key-env', 'SUPABASE_JWT_SECRET'], { env });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout + run.stderr).not.toContain(supabaseSecret);
    const browser = t.browser({ origin: t.publicUrl });
    const { sessionId } = await browser.signUp('supa@example.com', 'correct horse battery');
    const jwt = await browser.getToken(sessionId, 'supabase');
    const [h, p, s] = jwt.split('.');
    expect(createHmac('sha256', supabaseSecret).update(`${h}.${p}`).digest('base64url')).toBe(s);
    expect(payloadOf(jwt)).toMatchObject({ aud: 'authenticated', role: 'authenticated', email: 'supa@example.com' });
  });

  it('refuses supabase without its secret, custom without claims or name, and unreadable claims (exit 2, no request)', async () => {
    const offline = { ...env, LATCHKEY_API_URL: 'http://127.0.0.1:9' };
    for (const argv of [
      ['jwt-template', 'create', 'supabase', '--name', 'supa2'],
      ['jwt-template', 'create', 'custom', '--name', 'x'],
      ['jwt-template', 'create', 'custom', '--claims', 'missing.json', '--name', 'x'],
      ['jwt-template', 'create', 'custom', '--claims', 'c.json'],
      ['jwt-template', 'create', 'rainbow'],
      ['jwt-template', 'create', 'default', '--name', 'bad name'],
    ]) {
      const run = await runInProcess(argv, { env: offline, cwd: dir });
      expect(run.code, argv.join(' ')).toBe(2);
    }
  });

  it('creates a custom template from a claims file, lists it, shows it by name and by id', async () => {
    writeFileSync(join(dir, 'claims.json'), JSON.stringify({ role: '{{user.public_metadata.role}}', uid: '{{user.id}}' }));
    const created = JSON.parse((await cli(['--json', 'jwt-template', 'create', 'custom', '--name', 'api', '--claims', 'claims.json'])).stdout);
    expect(created).toMatchObject({ name: 'api', claims: { role: '{{user.public_metadata.role}}', uid: '{{user.id}}' } });
    const list = await cli(['jwt-template', 'list']);
    expect(list.stdout).toMatch(/^id\s+name\s+lifetime/m);
    expect(list.stdout).toMatch(new RegExp(`${created.id}\\s+api\\s+1m\\s+5s`));
    const byName = await cli(['jwt-template', 'show', 'api']);
    expect(byName.code).toBe(0);
    expect(byName.stdout).toContain('"role": "{{user.public_metadata.role}}"');
    expect(JSON.parse((await cli(['--json', 'jwt-template', 'show', created.id])).stdout).name).toBe('api');
  });

  it('reads claims from stdin with --claims -, and reports the server\'s refusal of a reserved claim (exit 1, code)', async () => {
    const ok = await cli(['--json', 'jwt-template', 'create', 'custom', '--name', 'stdin-claims', '--claims', '-'], '{"plan":"pro"}');
    expect(JSON.parse(ok.stdout).claims).toEqual({ plan: 'pro' });
    const reserved = await cli(['--json', 'jwt-template', 'create', 'custom', '--name', 'bad', '--claims', '-'], '{"sub":"x"}');
    expect(reserved.code).toBe(1);
    expect(JSON.parse(reserved.stdout).errors[0].code).toMatch(/jwt_template_invalid|reserved/);
  });

  it('deletes with --yes; without a terminal it needs --yes (exit 2); an unknown template is exit 1', async () => {
    await cli(['jwt-template', 'create', 'custom', '--name', 'doomed', '--claims', '-'], '{"a":1}');
    expect((await cli(['jwt-template', 'delete', 'doomed'])).code).toBe(2);
    const run = await cli(['jwt-template', 'delete', 'doomed', '--yes']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/deleted JWT template doomed/);
    const gone = await cli(['--json', 'jwt-template', 'show', 'doomed']);
    expect(gone.code).toBe(1);
    expect(JSON.parse(gone.stdout).errors[0].code).toBe('template_not_found');
  });

  it('asks before deleting in a terminal', async () => {
    await cli(['jwt-template', 'create', 'custom', '--name', 'asked', '--claims', '-'], '{"a":1}');
    const pty = runInPty(['jwt-template', 'delete', 'asked'], { env });
    await pty.expect('Delete JWT template asked', 'y\r');
    const run = await pty.done;
    expect(run.code, run.stdout).toBe(0);
    expect((await cli(['jwt-template', 'show', 'asked'])).code).toBe(1);
  }, 20_000);
});

describe('latchkey test custom-claims and all', () => {
  it('custom-claims passes with a temporary template, and deletes it afterwards', async () => {
    const run = await cli(['--json', 'test', 'custom-claims']);
    const result = JSON.parse(run.stdout);
    expect(result.modes[0].steps.filter((s: { status: string }) => s.status === 'fail')).toEqual([]);
    expect(run.code).toBe(0);
    const names = JSON.parse((await cli(['--json', 'jwt-template', 'list'])).stdout).map((x: { name: string }) => x.name);
    expect(names.filter((n: string) => n.startsWith('latchkey-test-'))).toEqual([]);
  });

  it('custom-claims fails for a claim the template does not define: "template claim missing"', async () => {
    await cli(['jwt-template', 'create', 'custom', '--name', 'no-role', '--claims', '-'], '{"uid":"{{user.id}}"}');
    const run = await cli(['--json', 'test', 'custom-claims', '--template', 'no-role', '--expect-claim', 'uid', '--expect-claim', 'role']);
    expect(run.code).toBe(1);
    const steps = JSON.parse(run.stdout).modes[0].steps as { name: string; status: string; cause?: string }[];
    expect(steps.find((s) => s.name === 'claim "uid" present')?.status).toBe('pass');
    const role = steps.find((s) => s.name === 'claim "role" present')!;
    expect(role.status).toBe('fail');
    expect(role.cause).toMatch(/^template claim missing: template "no-role" defines no claim "role" \(its claims: uid\)/);
  });

  it('custom-claims fails when a shortcode resolves to nothing for the user, and says which data is missing', async () => {
    const run = await cli(['--json', 'test', 'custom-claims', '--template', 'api']);
    expect(run.code).toBe(1);
    const role = (JSON.parse(run.stdout).modes[0].steps as { name: string; cause?: string }[]).find((s) => s.name === 'claim "role" present')!;
    expect(role.cause).toMatch(/^template claim empty: "role" is "\{\{user\.public_metadata\.role\}\}", and \{\{user\.public_metadata\.role\}\} resolved to nothing/);
  });

  it('all passes on a healthy server (exit 0)', async () => {
    const run = await cli(['test', 'all']);
    expect(run.stdout).not.toContain('✖');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('All checks passed (basic, jwt-verify, custom-claims, multi-session, refresh, expiration).');
  });
});
