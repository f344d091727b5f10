import { createTestServer, type TestServer } from '@latchkey/testing';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { PASSWORD, verifyWithServedJwks } from '../test-support/verify-token.js';

let t: TestServer;
afterEach(async () => {
  await t?.close();
});

const createUser = async (email: string, extra: Record<string, unknown> = {}) => {
  const response = await t.backendApi('/v1/users', { method: 'POST', json: { email_address: [email], password: PASSWORD, ...extra } });
  expect(response.status).toBe(200);
  return response.json();
};

describe('Backend API: authentication', () => {
  it('needs the secret key as a Bearer token', async () => {
    t = await createTestServer();
    const none = await t.server.fetch(new Request(`${t.publicUrl}/v1/users`));
    expect(none.status).toBe(401);
    expect((await none.json()).errors[0].code).toBe('authorization_header_missing');
    const wrong = await t.server.fetch(new Request(`${t.publicUrl}/v1/users`, { headers: { authorization: `Bearer ${t.secretKey}x` } }));
    expect(wrong.status).toBe(401);
    const body = await wrong.text();
    expect(JSON.parse(body).errors[0].code).toBe('authentication_invalid');
    expect(body).not.toContain(t.secretKey);
  });

  it('answers with Content-Type application/json exactly, errors included', async () => {
    t = await createTestServer();
    for (const response of [await t.backendApi('/v1/users'), await t.backendApi('/v1/users/user_missing')]) {
      expect(response.headers.get('content-type')).toBe('application/json');
    }
  });
});

describe('Backend API: users', () => {
  it('creates, gets, lists, counts, updates and deletes users in Clerk shapes', async () => {
    t = await createTestServer();
    const ada = await createUser('ada@example.com', { first_name: 'Ada', public_metadata: { role: 'admin' } });
    expect(ada).toMatchObject({ object: 'user', first_name: 'Ada', public_metadata: { role: 'admin' }, password_enabled: true, banned: false });
    expect(ada.email_addresses[0]).toMatchObject({ object: 'email_address', email_address: 'ada@example.com', id: ada.primary_email_address_id });
    expect(ada.password_hash).toBeUndefined();
    t.clock!.advance(1000);
    await createUser('bob@example.com');
    expect(await (await t.backendApi(`/v1/users/${ada.id}`)).json()).toEqual(ada);
    const list = await (await t.backendApi('/v1/users')).json();
    expect(list.map((u: { email_addresses: { email_address: string }[] }) => u.email_addresses[0]!.email_address)).toEqual(['bob@example.com', 'ada@example.com']);
    const page = await (await t.backendApi('/v1/users?paginated=true&limit=1&query=ada')).json();
    expect(page.total_count).toBe(1);
    expect(page.data[0].id).toBe(ada.id);
    expect(await (await t.backendApi('/v1/users?email_address=BOB@example.com')).json()).toHaveLength(1);
    expect(await (await t.backendApi('/v1/users/count')).json()).toEqual({ object: 'total_count', total_count: 2 });
    const patched = await (await t.backendApi(`/v1/users/${ada.id}`, { method: 'PATCH', json: { last_name: 'Lovelace', public_metadata: { plan: 'pro' } } })).json();
    expect(patched).toMatchObject({ first_name: 'Ada', last_name: 'Lovelace', public_metadata: { plan: 'pro' } });
    const deleted = await (await t.backendApi(`/v1/users/${ada.id}`, { method: 'DELETE' })).json();
    expect(deleted).toEqual({ object: 'user', id: ada.id, deleted: true });
    expect((await t.backendApi(`/v1/users/${ada.id}`)).status).toBe(404);
  });

  it('deep-merges metadata and deletes keys set to null', async () => {
    t = await createTestServer();
    const user = await createUser('a@example.com', { public_metadata: { a: 1, nested: { x: 1, y: 2 } }, private_metadata: { secret: true } });
    const merged = await (
      await t.backendApi(`/v1/users/${user.id}/metadata`, { method: 'PATCH', json: { public_metadata: { b: 2, nested: { y: null, z: 3 } } } })
    ).json();
    expect(merged.public_metadata).toEqual({ a: 1, b: 2, nested: { x: 1, z: 3 } });
    expect(merged.private_metadata).toEqual({ secret: true });
  });

  it('refuses a duplicate e-mail, bad metadata and unknown users with coded 4xx', async () => {
    t = await createTestServer();
    await createUser('a@example.com');
    const dup = await t.backendApi('/v1/users', { method: 'POST', json: { email_address: ['A@example.com'] } });
    expect([dup.status, (await dup.json()).errors[0].code]).toEqual([422, 'form_identifier_exists']);
    const bad = await t.backendApi('/v1/users', { method: 'POST', json: { email_address: ['b@example.com'], public_metadata: 'nope' } });
    expect([bad.status, (await bad.json()).errors[0].meta.param_name]).toEqual([422, 'public_metadata']);
    expect((await t.backendApi('/v1/users/user_nope', { method: 'PATCH', json: {} })).status).toBe(404);
    expect((await t.backendApi('/v1/users?limit=0')).status).toBe(400);
  });

  it('banning revokes every session at once and blocks new ones; unban lifts it', async () => {
    t = await createTestServer();
    const browser = t.browser();
    const { userId, sessionId } = await browser.signUp('a@example.com', PASSWORD);
    const banned = await (await t.backendApi(`/v1/users/${userId}/ban`, { method: 'POST' })).json();
    expect(banned.banned).toBe(true);
    expect((await (await t.backendApi(`/v1/sessions/${sessionId}`)).json()).status).toBe('revoked');
    expect((await t.backendApi('/v1/sessions', { method: 'POST', json: { user_id: userId } })).status).toBe(403);
    await t.backendApi(`/v1/users/${userId}/unban`, { method: 'POST' });
    expect((await t.browser().signIn('a@example.com', PASSWORD)).userId).toBe(userId);
  });
});

describe('Backend API: sessions', () => {
  it('creates a session for a user, lists, gets, mints a token for it and revokes it', async () => {
    t = await createTestServer();
    const user = await createUser('a@example.com');
    const created = await (await t.backendApi('/v1/sessions', { method: 'POST', json: { user_id: user.id } })).json();
    expect(created).toMatchObject({ object: 'session', user_id: user.id, status: 'active' });
    expect(created.client_id).toMatch(/^client_/);
    const list = await (await t.backendApi(`/v1/sessions?user_id=${user.id}&status=active`)).json();
    expect(list.map((s: { id: string }) => s.id)).toEqual([created.id]);
    const token = await (await t.backendApi(`/v1/sessions/${created.id}/tokens`, { method: 'POST' })).json();
    expect(token.object).toBe('token');
    const { payload } = await verifyWithServedJwks(t, token.jwt);
    expect(payload).toMatchObject({ sub: user.id, sid: created.id, v: 2 });
    expect(payload.azp).toBeUndefined();
    const revoked = await (await t.backendApi(`/v1/sessions/${created.id}/revoke`, { method: 'POST' })).json();
    expect(revoked.status).toBe('revoked');
    const again = await t.backendApi(`/v1/sessions/${created.id}/tokens`, { method: 'POST' });
    expect(again.status).toBe(401);
    expect((await again.json()).errors[0]).toMatchObject({ code: 'session_not_active', meta: { status: 'revoked' } });
    const paginated = await (await t.backendApi(`/v1/sessions?user_id=${user.id}&paginated=true`)).json();
    expect(paginated.total_count).toBe(1);
    expect((await t.backendApi('/v1/sessions?status=bogus')).status).toBe(400);
  });

  it('refreshes an expired token of an active session, and refuses tokens not signed by us', async () => {
    t = await createTestServer();
    const browser = t.browser();
    const { sessionId } = await browser.signUp('a@example.com', PASSWORD);
    const old = await browser.getToken(sessionId);
    t.clock!.advance(5 * 60_000);
    const refreshed = await t.backendApi(`/v1/sessions/${sessionId}/refresh`, {
      method: 'POST',
      json: { expired_token: old, request_origin: 'http://localhost:3000' },
    });
    expect(refreshed.status).toBe(200);
    const { jwt } = await refreshed.json();
    expect(decodeJwt(jwt)).toMatchObject({ sid: sessionId, azp: 'http://localhost:3000' });
    const [h, p] = old.split('.');
    const forged = await t.backendApi(`/v1/sessions/${sessionId}/refresh`, { method: 'POST', json: { expired_token: `${h}.${p}.AAAA` } });
    expect([forged.status, (await forged.json()).errors[0].code]).toEqual([422, 'form_param_format_invalid']);
  });

  it('shows a client with its sessions', async () => {
    t = await createTestServer();
    const browser = t.browser();
    const { sessionId } = await browser.signUp('a@example.com', PASSWORD);
    const clientId = browser.jar.get('__client')!.split('.')[0];
    const client = await (await t.backendApi(`/v1/clients/${clientId}`)).json();
    expect(client).toMatchObject({ object: 'client', id: clientId, session_ids: [sessionId], last_active_session_id: sessionId });
  });
});

describe('Backend API: instance settings and signing keys', () => {
  it('changes settings without a restart, audits the change and validates it', async () => {
    t = await createTestServer();
    const before = await (await t.backendApi('/v1/instance')).json();
    expect(before).toMatchObject({ session_max_lifetime_seconds: 604800, multi_session_mode: 'multi', session_token_ttl_seconds: 60 });
    const after = await (await t.backendApi('/v1/instance', { method: 'PATCH', json: { session_max_lifetime_seconds: 3600 }, headers: { 'x-latchkey-actor': 'test-suite' } })).json();
    expect(after.session_max_lifetime_seconds).toBe(3600);
    const { sessionId } = await t.browser().signUp('a@example.com', PASSWORD);
    const session = await (await t.backendApi(`/v1/sessions/${sessionId}`)).json();
    expect(session.expire_at - session.created_at).toBe(3600_000);
    const audit = await (await t.backendApi('/v1/instance/audit')).json();
    expect(audit[0]).toMatchObject({ actor: 'test-suite', before: { sessionMaxLifetimeSeconds: 604800 }, after: { sessionMaxLifetimeSeconds: 3600 } });
    const invalid = await t.backendApi('/v1/instance', { method: 'PATCH', json: { cookie_same_site: 'none', cookie_secure: false } });
    expect([invalid.status, (await invalid.json()).errors[0].code]).toEqual([422, 'invalid_settings']);
    const unknown = await t.backendApi('/v1/instance', { method: 'PATCH', json: { nope: 1 } });
    expect(unknown.status).toBe(422);
  });

  it('trusts an origin added to the settings at once, for CORS, azp and state changes', async () => {
    t = await createTestServer();
    const browser = t.browser({ origin: 'https://new-app.example' });
    const refused = await browser.fetch('/v1/client/sign_ups', { method: 'POST', json: { email_address: 'a@example.com', password: PASSWORD } });
    expect(refused.status).toBe(403);
    await t.backendApi('/v1/instance', { method: 'PATCH', json: { allowed_origins: ['https://new-app.example'] } });
    const { sessionId } = await browser.signUp('a@example.com', PASSWORD);
    expect(decodeJwt(await browser.getToken(sessionId)).azp).toBe('https://new-app.example');
    const cors = await browser.fetch('/v1/client');
    expect(cors.headers.get('access-control-allow-origin')).toBe('https://new-app.example');
  });

  it('rotates the signing key: the new key is published first, signs after the delay, and the old one stays until its tokens expire', async () => {
    t = await createTestServer({ keyPublishDelaySeconds: 300 });
    const browser = t.browser();
    await browser.signUp('a@example.com', PASSWORD);
    const oldToken = await browser.getToken();
    const oldKid = decodeProtectedHeader(oldToken).kid;
    const rotated = await (await t.backendApi('/v1/signing_keys/rotate', { method: 'POST', json: {} })).json();
    expect(rotated).toMatchObject({ status: 'pending', algorithm: 'RS256' });
    expect(rotated.private_key_ciphertext).toBeUndefined();
    let jwks = await (await t.server.fetch(new Request(`${t.publicUrl}/v1/jwks`))).json();
    expect(jwks.keys.map((k: { kid: string }) => k.kid)).toEqual([oldKid, rotated.kid]);
    expect(decodeProtectedHeader(await browser.getToken()).kid).toBe(oldKid);
    t.clock!.advance(300_000);
    const newToken = await browser.getToken();
    expect(decodeProtectedHeader(newToken).kid).toBe(rotated.kid);
    await verifyWithServedJwks(t, newToken);
    jwks = await (await t.server.fetch(new Request(`${t.publicUrl}/v1/jwks`))).json();
    expect(jwks.keys).toHaveLength(2); // the old key's last tokens may still be live
    t.clock!.advance(66_000); // token TTL 60 s + 5 s skew
    jwks = await (await t.server.fetch(new Request(`${t.publicUrl}/v1/jwks`))).json();
    expect(jwks.keys.map((k: { kid: string }) => k.kid)).toEqual([rotated.kid]);
    const keys = await (await t.backendApi('/v1/signing_keys')).json();
    expect(keys.map((k: { status: string }) => k.status)).toEqual(['active']);
  });

  it('stores private keys encrypted: the database holds no PEM', async () => {
    t = await createTestServer();
    const ctx = await t.server.context();
    const [key] = await ctx.store.signingKeys.list();
    expect(key!.privateKeyCiphertext).toMatch(/^v1\./);
    expect(key!.privateKeyCiphertext).not.toContain('PRIVATE KEY');
  });
});
