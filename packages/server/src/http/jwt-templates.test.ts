import { createTestServer, type TestServer } from '@latchkey/testing';
import { decodeProtectedHeader, jwtVerify } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { PASSWORD, verifyWithServedJwks } from '../test-support/verify-token.js';

let t: TestServer;
afterEach(async () => {
  await t?.close();
});

type Json = Record<string, any>;
const body = async (response: Response): Promise<Json> => (await response.json()) as Json;

async function api(path: string, method = 'GET', json?: unknown): Promise<Json> {
  const response = await t.backendApi(path, { method, ...(json !== undefined ? { json } : {}) });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return body(response);
}
const refusal = async (path: string, method: string, json: unknown) => {
  const response = await t.backendApi(path, { method, json });
  return { status: response.status, error: (await body(response)).errors?.[0] };
};

/** A Supabase project's JWT secret is (at least) 32 characters. */
const SUPABASE_SECRET = 'super-secret-jwt-token-with-at-least-32-characters-long';

describe('Backend API: JWT templates', () => {
  it('creates, lists, gets, updates and deletes templates in Clerk’s shape', async () => {
    t = await createTestServer();
    const created = await api('/v1/jwt_templates', 'POST', { name: 'api', claims: { aud: 'https://api.example.com', role: '{{org_membership.role}}' }, lifetime: 300, allowed_clock_skew: 10 });
    expect(created).toMatchObject({
      object: 'jwt_template', name: 'api', claims: { aud: 'https://api.example.com', role: '{{org_membership.role}}' },
      lifetime: 300, allowed_clock_skew: 10, custom_signing_key: false, signing_algorithm: 'RS256',
    });
    expect(created.id).toMatch(/^jtmp_/);
    expect(await api('/v1/jwt_templates')).toEqual([created]);
    expect(await api('/v1/jwt_templates?paginated=true')).toEqual({ data: [created], total_count: 1 });
    expect(await api(`/v1/jwt_templates/${created.id}`)).toEqual(created);
    expect(await api('/v1/jwt_templates/api')).toEqual(created);

    t.clock!.advance(1000);
    const updated = await api(`/v1/jwt_templates/${created.id}`, 'PATCH', { name: 'api-v2', lifetime: 600 });
    expect(updated).toMatchObject({ name: 'api-v2', lifetime: 600, allowed_clock_skew: 10, claims: created.claims });
    expect(updated.updated_at).toBeGreaterThan(created.updated_at);

    const dup = await refusal('/v1/jwt_templates', 'POST', { name: 'api-v2', claims: {} });
    expect(dup).toMatchObject({ status: 422, error: { code: 'form_identifier_exists', meta: { param_name: 'name' } } });
    expect(await api(`/v1/jwt_templates/${created.id}`, 'DELETE')).toEqual({ object: 'jwt_template', id: created.id, deleted: true });
    expect((await t.backendApi(`/v1/jwt_templates/${created.id}`)).status).toBe(404);
  });

  it('refuses bad templates when they are saved, naming the field', async () => {
    t = await createTestServer();
    const cases: [Json, string, string][] = [
      [{ name: 'x', claims: { sub: 'me' } }, 'jwt_template_invalid', 'claims'],
      [{ name: 'x', claims: { v: '{{user.id' } }, 'jwt_template_invalid', 'claims'],
      [{ name: 'x', claims: { v: '{{user.private_metadata}}' } }, 'jwt_template_invalid', 'claims'],
      [{ name: 'x' }, 'jwt_template_invalid', 'claims'],
      [{ name: 'has space', claims: {} }, 'jwt_template_invalid', 'name'],
      [{ name: 'x', claims: {}, lifetime: 29 }, 'jwt_template_invalid', 'lifetime'],
      [{ name: 'x', claims: {}, lifetime: 315_360_001 }, 'jwt_template_invalid', 'lifetime'],
      [{ name: 'x', claims: {}, allowed_clock_skew: 301 }, 'jwt_template_invalid', 'allowed_clock_skew'],
      [{ name: 'x', claims: {}, custom_signing_key: true, signing_algorithm: 'RS256', signing_key: SUPABASE_SECRET }, 'jwt_template_invalid', 'signing_algorithm'],
      [{ name: 'x', claims: {}, custom_signing_key: true, signing_algorithm: 'none', signing_key: SUPABASE_SECRET }, 'jwt_template_invalid', 'signing_algorithm'],
      [{ name: 'x', claims: {}, custom_signing_key: true, signing_algorithm: 'HS256' }, 'jwt_template_invalid', 'signing_key'],
      [{ name: 'x', claims: {}, custom_signing_key: true, signing_algorithm: 'HS256', signing_key: 'short' }, 'jwt_template_invalid', 'signing_key'],
      [{ name: 'x', claims: {}, custom_signing_key: true, signing_algorithm: 'HS512', signing_key: SUPABASE_SECRET }, 'jwt_template_invalid', 'signing_key'],
      [{ name: 'x', starting_point: 'supabase' }, 'jwt_template_invalid', 'signing_key'],
    ];
    for (const [input, code, param] of cases) {
      const { status, error } = await refusal('/v1/jwt_templates', 'POST', input);
      expect({ status, code: error.code, param: error.meta?.param_name }, JSON.stringify(input)).toEqual({ status: 422, code, param });
    }
    expect(await api('/v1/jwt_templates')).toEqual([]);
  });
});

describe('minting from a template', () => {
  it('renders the claims for the session and adds azp, exp, iat, iss, jti, nbf and sub, signed with the instance key', async () => {
    t = await createTestServer();
    const browser = t.browser();
    const { sessionId, userId } = await browser.signUp('maria@example.com', PASSWORD);
    await api(`/v1/users/${userId}`, 'PATCH', { first_name: 'Maria', public_metadata: { profile: { interests: ['reading'] }, plan: 'pro' } });
    const org = await api('/v1/organizations', 'POST', { name: 'Acme', created_by: userId });
    await browser.fetch(`/v1/client/sessions/${sessionId}/touch`, { method: 'POST', json: { active_organization_id: org.id } });
    await api('/v1/jwt_templates', 'POST', {
      name: 'api',
      lifetime: 120,
      allowed_clock_skew: 7,
      claims: {
        aud: 'https://api.example.com',
        name: 'Hi {{user.first_name}}',
        plan: "{{user.public_metadata.plan || 'free'}}",
        interests: '{{user.public_metadata.profile.interests}}',
        org: { id: '{{org.id}}', role: '{{org_membership.role}}' },
        sid: '{{session.id}}',
      },
    });

    const jwt = await browser.getToken(sessionId, 'api');
    const { payload, header } = await verifyWithServedJwks(t, jwt);
    const iat = Math.floor(t.clock!.now().getTime() / 1000);
    expect(header).toMatchObject({ alg: 'RS256', typ: 'JWT' });
    expect(header.kid).toMatch(/^ins_/);
    expect(payload).toEqual({
      aud: 'https://api.example.com',
      name: 'Hi Maria',
      plan: 'pro',
      interests: ['reading'],
      org: { id: org.id, role: 'org:admin' },
      sid: sessionId,
      azp: 'http://localhost:3000',
      exp: iat + 120,
      iat,
      iss: t.publicUrl,
      jti: expect.stringMatching(/^[0-9a-f]{20}$/),
      nbf: iat - 7,
      sub: userId,
    });
    // No `v`, `o` or `fea`: those belong to session tokens.
    const again = (await verifyWithServedJwks(t, await browser.getToken(sessionId, 'api'))).payload;
    expect(again.jti).not.toBe(payload.jti);

    // The Backend API mints the same template, without azp.
    const viaBackend = await api(`/v1/sessions/${sessionId}/tokens/api`, 'POST');
    expect(viaBackend.object).toBe('token');
    const backendClaims = (await verifyWithServedJwks(t, viaBackend.jwt)).payload;
    expect(backendClaims.azp).toBeUndefined();
    expect(backendClaims.plan).toBe('pro');

    // A change to the template or the user reaches the next token.
    await api('/v1/jwt_templates/api', 'PATCH', { claims: { plan: "{{user.public_metadata.plan || 'free'}}" } });
    await api(`/v1/users/${userId}/metadata`, 'PATCH', { public_metadata: { plan: null } });
    const changed = (await verifyWithServedJwks(t, await browser.getToken(sessionId, 'api'))).payload;
    expect(changed.plan).toBe('free');
    expect(changed.name).toBeUndefined();
  });

  it('answers template_not_found for an unknown name, and session_not_active for an ended session', async () => {
    t = await createTestServer();
    const browser = t.browser();
    const { sessionId } = await browser.signUp('a@example.com', PASSWORD);
    const missing = await browser.fetch(`/v1/client/sessions/${sessionId}/tokens/nope`, { method: 'POST' });
    expect(missing.status).toBe(404);
    expect((await body(missing)).errors[0].code).toBe('template_not_found');
    await api('/v1/jwt_templates', 'POST', { name: 'x', claims: {} });
    await api(`/v1/sessions/${sessionId}/revoke`, 'POST');
    const ended = await t.backendApi(`/v1/sessions/${sessionId}/tokens/x`, { method: 'POST' });
    expect(ended.status).toBe(401);
    expect((await body(ended)).errors[0].code).toBe('session_not_active');
  });

  it('signs a Supabase template HS256 with the project secret: verified as Supabase would, the secret never shown nor stored in clear', async () => {
    t = await createTestServer();
    const browser = t.browser();
    const { sessionId, userId } = await browser.signUp('sb@example.com', PASSWORD);
    await api(`/v1/users/${userId}/metadata`, 'PATCH', { public_metadata: { plan: 'pro' }, unsafe_metadata: { theme: 'dark' } });
    const template = await api('/v1/jwt_templates', 'POST', { name: 'supabase', starting_point: 'supabase', signing_key: SUPABASE_SECRET });
    expect(template).toMatchObject({ custom_signing_key: true, signing_algorithm: 'HS256', lifetime: 60, claims: { aud: 'authenticated', role: 'authenticated' } });
    expect(JSON.stringify(template)).not.toContain(SUPABASE_SECRET);
    const stored = await (await t.server.context()).store.jwtTemplates.getById(template.id);
    expect(stored!.signingKeyCiphertext).toMatch(/^v1\./);
    expect(stored!.signingKeyCiphertext).not.toContain(SUPABASE_SECRET);

    const jwt = await browser.getToken(sessionId, 'supabase');
    expect(decodeProtectedHeader(jwt)).toEqual({ alg: 'HS256', typ: 'JWT' });
    // What Supabase (GoTrue / PostgREST) does: HS256 with the JWT secret's UTF-8 bytes, audience "authenticated".
    const { payload } = await jwtVerify(jwt, new TextEncoder().encode(SUPABASE_SECRET), {
      algorithms: ['HS256'],
      audience: 'authenticated',
      issuer: t.publicUrl,
      currentDate: t.clock!.now(),
    });
    expect(payload).toMatchObject({
      aud: 'authenticated',
      role: 'authenticated',
      email: 'sb@example.com',
      app_metadata: { plan: 'pro' },
      user_metadata: { theme: 'dark' },
      sub: userId,
    });
    await expect(jwtVerify(jwt, new TextEncoder().encode(`${SUPABASE_SECRET}-wrong`), { currentDate: t.clock!.now() })).rejects.toMatchObject({
      code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
    });

    // A new secret applies to the next token; custom_signing_key: false goes back to the instance keys.
    const rotatedSecret = `${SUPABASE_SECRET}-rotated`;
    await api('/v1/jwt_templates/supabase', 'PATCH', { signing_key: rotatedSecret });
    await jwtVerify(await browser.getToken(sessionId, 'supabase'), new TextEncoder().encode(rotatedSecret), { currentDate: t.clock!.now() });
    const instanceSigned = await api('/v1/jwt_templates/supabase', 'PATCH', { custom_signing_key: false });
    expect(instanceSigned).toMatchObject({ custom_signing_key: false, signing_algorithm: 'RS256' });
    expect((await verifyWithServedJwks(t, await browser.getToken(sessionId, 'supabase'))).header.alg).toBe('RS256');
  });

  it('lays out a Hasura template as Hasura documents it, verifiable with the instance JWKS', async () => {
    t = await createTestServer();
    const browser = t.browser();
    const { sessionId, userId } = await browser.signUp('h@example.com', PASSWORD);
    const template = await api('/v1/jwt_templates', 'POST', { name: 'hasura', starting_point: 'hasura' });
    expect(template).toMatchObject({ custom_signing_key: false, signing_algorithm: 'RS256' });
    const { payload } = await verifyWithServedJwks(t, await browser.getToken(sessionId, 'hasura'));
    // https://hasura.io/docs/latest/auth/authentication/jwt/ — the claims namespace object, with
    // x-hasura-allowed-roles (array of strings), x-hasura-default-role (one of them) and string session variables.
    const claims = payload['https://hasura.io/jwt/claims'] as Record<string, unknown>;
    expect(claims).toEqual({ 'x-hasura-allowed-roles': ['user'], 'x-hasura-default-role': 'user', 'x-hasura-user-id': userId });
    expect(claims['x-hasura-allowed-roles']).toContain(claims['x-hasura-default-role']);
    for (const [name, value] of Object.entries(claims)) {
      if (name !== 'x-hasura-allowed-roles') expect(typeof value, name).toBe('string');
    }
    expect(payload.sub).toBe(userId);
  });

  it('starts from the default template', async () => {
    t = await createTestServer();
    const browser = t.browser();
    const { sessionId } = await browser.signUp('d@example.com', PASSWORD);
    await api('/v1/jwt_templates', 'POST', { name: 'mine', starting_point: 'default', lifetime: 300 });
    const { payload } = await verifyWithServedJwks(t, await browser.getToken(sessionId, 'mine'));
    expect(payload).toMatchObject({ email: 'd@example.com', sid: sessionId, org_id: null, org_role: null, org_permissions: null });
    expect((payload.exp as number) - (payload.iat as number)).toBe(300);
  });
});

describe('signing-key rotation and template lifetimes', () => {
  it('keeps a retired key published for the longest lifetime of instance-signed templates, not only session tokens', async () => {
    t = await createTestServer();
    const ctx = await t.server.context();
    await api('/v1/jwt_templates', 'POST', { name: 'long', claims: {}, lifetime: 3600, allowed_clock_skew: 30 });
    // A longer template with its own secret does not count: its tokens are not verified with our keys.
    await api('/v1/jwt_templates', 'POST', { name: 'hs', claims: {}, lifetime: 86_400, custom_signing_key: true, signing_algorithm: 'HS256', signing_key: SUPABASE_SECRET });
    const before = (await ctx.keys.list()).find((k) => k.status === 'active')!;
    await api('/v1/signing_keys/rotate', 'POST', { immediate: true });
    const retired = (await ctx.keys.list()).find((k) => k.kid === before.kid)!;
    expect(retired.status).toBe('retired');
    expect(retired.expiresAt! - retired.retiredAt!).toBe(3630 * 1000);
  });
});

describe('custom session-token claims', () => {
  it('merges them into every session token, refuses reserved names, and clears with {}', async () => {
    t = await createTestServer();
    const browser = t.browser();
    const { sessionId, userId } = await browser.signUp('c@example.com', PASSWORD);
    await api(`/v1/users/${userId}/metadata`, 'PATCH', { public_metadata: { plan: 'pro' } });
    expect(await api('/v1/instance/session_token_claims')).toMatchObject({ object: 'session_token_claims', claims: {} });
    const set = await api('/v1/instance/session_token_claims', 'PUT', { claims: { plan: "{{user.public_metadata.plan || 'free'}}", email: '{{user.primary_email_address}}' } });
    expect(set.claims).toEqual({ plan: "{{user.public_metadata.plan || 'free'}}", email: '{{user.primary_email_address}}' });
    const { payload } = await verifyWithServedJwks(t, await browser.getToken(sessionId));
    expect(payload).toMatchObject({ plan: 'pro', email: 'c@example.com', sid: sessionId, sub: userId, v: 2 });

    for (const reserved of ['sub', 'sid', 'o', 'fea', 'v', 'exp']) {
      const { status, error } = await refusal('/v1/instance/session_token_claims', 'PUT', { claims: { [reserved]: 'x' } });
      expect({ status, code: error.code }, reserved).toEqual({ status: 422, code: 'jwt_template_invalid' });
    }

    await api('/v1/instance/session_token_claims', 'PUT', { claims: {} });
    expect((await verifyWithServedJwks(t, await browser.getToken(sessionId))).payload.plan).toBeUndefined();
  });

  it('refuses, when set, claims that would take a session token over the 4 KB a browser keeps in a cookie', async () => {
    t = await createTestServer();
    const big = { notes: 'x'.repeat(2800) };
    const { status, error } = await refusal('/v1/instance/session_token_claims', 'PUT', { claims: big });
    expect(status).toBe(422);
    expect(error).toMatchObject({ code: 'session_token_too_large', meta: { param_name: 'claims', limit_bytes: 4096 } });
    expect(error.meta.bytes).toBeGreaterThan(4096);
    expect(error.message).toMatch(/4096-byte limit/);
    // Just under the limit passes, and a real token stays under it.
    const fits = { notes: 'x'.repeat(2000) };
    await api('/v1/instance/session_token_claims', 'PUT', { claims: fits });
    const browser = t.browser();
    const { sessionId } = await browser.signUp('c@example.com', PASSWORD);
    expect(`__session=${await browser.getToken(sessionId)}`.length).toBeLessThanOrEqual(4096);
  });

  it('counts the largest role’s permissions and the longest allowed origin in the size check', async () => {
    t = await createTestServer();
    const filler = { notes: 'x'.repeat(1900) };
    await api('/v1/instance/session_token_claims', 'PUT', { claims: filler });
    await api('/v1/instance/session_token_claims', 'PUT', { claims: {} });
    const keys: string[] = [];
    for (let i = 0; i < 40; i++) {
      const key = `org:feature_number_${i}:action_number_${i}`;
      await api('/v1/organization_permissions', 'POST', { key, name: key });
      keys.push(key);
    }
    await api('/v1/organization_roles', 'POST', { key: 'org:everything', name: 'Everything', permissions: keys });
    const { error } = await refusal('/v1/instance/session_token_claims', 'PUT', { claims: filler });
    expect(error.code).toBe('session_token_too_large');
  });
});

describe('user metadata through the Backend API', () => {
  it('PATCH /users/{id} replaces, PATCH …/metadata deep-merges (null deletes), PUT …/metadata replaces the objects given', async () => {
    t = await createTestServer();
    const user = await api('/v1/users', 'POST', {
      email_address: ['m@example.com'],
      public_metadata: { a: { x: 1, y: 2 }, keep: 'yes' },
      private_metadata: { p: 1 },
      unsafe_metadata: { u: 1 },
    });
    const merged = await api(`/v1/users/${user.id}/metadata`, 'PATCH', { public_metadata: { a: { y: null, z: 3 }, added: [1] }, unsafe_metadata: { v: 2 } });
    expect(merged).toMatchObject({ public_metadata: { a: { x: 1, z: 3 }, keep: 'yes', added: [1] }, private_metadata: { p: 1 }, unsafe_metadata: { u: 1, v: 2 } });

    const replacedByPut = await api(`/v1/users/${user.id}/metadata`, 'PUT', { public_metadata: { only: true }, private_metadata: null });
    expect(replacedByPut).toMatchObject({ public_metadata: { only: true }, private_metadata: {}, unsafe_metadata: { u: 1, v: 2 } });

    const replacedByPatch = await api(`/v1/users/${user.id}`, 'PATCH', { unsafe_metadata: { fresh: 1 } });
    expect(replacedByPatch).toMatchObject({ public_metadata: { only: true }, unsafe_metadata: { fresh: 1 } });
    expect((await t.backendApi('/v1/users/user_missing/metadata', { method: 'PUT', json: {} })).status).toBe(404);
  });
});
