import { createTestServer, type TestServer } from '@latchkey/testing';
import { decodeJwt } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { PASSWORD, verifyWithServedJwks } from '../test-support/verify-token.js';

let t: TestServer;
afterEach(async () => {
  await t?.close();
});

const errorCode = async (response: Response) => ((await response.json()) as { errors: { code: string }[] }).errors[0]!.code;

describe('Frontend API: sign-up and sign-in', () => {
  it('signs up with e-mail and password and answers with the created session and the client', async () => {
    t = await createTestServer();
    const browser = t.browser();
    const response = await browser.fetch('/v1/client/sign_ups', { method: 'POST', json: { email_address: 'Ada@Example.com', password: PASSWORD } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    const body = await response.json();
    expect(body.response).toMatchObject({ status: 'complete', email_address: 'ada@example.com' });
    expect(body.response.created_session_id).toMatch(/^sess_/);
    expect(body.response.created_user_id).toMatch(/^user_/);
    expect(body.client.sessions.map((s: { id: string }) => s.id)).toEqual([body.response.created_session_id]);
    expect(body.client.last_active_session_id).toBe(body.response.created_session_id);
    expect(body.client.sessions[0].user.private_metadata).toBeUndefined();
  });

  it('accepts form-encoded bodies, as browsers post them', async () => {
    t = await createTestServer();
    const response = await t.browser().fetch('/v1/client/sign_ups', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email_address: 'form@example.com', password: PASSWORD }).toString(),
    });
    expect(response.status).toBe(200);
  });

  it('refuses a second account for the same e-mail in any case, and a short password', async () => {
    t = await createTestServer();
    await t.browser().signUp('ada@example.com', PASSWORD);
    const again = await t.browser().fetch('/v1/client/sign_ups', { method: 'POST', json: { email_address: 'ADA@example.com', password: PASSWORD } });
    expect(again.status).toBe(422);
    expect(await errorCode(again)).toBe('form_identifier_exists');
    const short = await t.browser().fetch('/v1/client/sign_ups', { method: 'POST', json: { email_address: 'b@example.com', password: 'short' } });
    expect(short.status).toBe(422);
    expect(await errorCode(short)).toBe('form_password_invalid');
    const badEmail = await t.browser().fetch('/v1/client/sign_ups', { method: 'POST', json: { email_address: 'not-an-email', password: PASSWORD } });
    expect(badEmail.status).toBe(422);
  });

  it('signs in, and a wrong password and an unknown e-mail get the same answer', async () => {
    t = await createTestServer();
    await t.browser().signUp('ada@example.com', PASSWORD);
    const browser = t.browser();
    const ok = await browser.signIn('ADA@example.com', PASSWORD);
    expect(ok.sessionId).toMatch(/^sess_/);
    const wrong = await t.browser().fetch('/v1/client/sign_ins', { method: 'POST', json: { identifier: 'ada@example.com', password: 'nope nope nope' } });
    const unknown = await t.browser().fetch('/v1/client/sign_ins', { method: 'POST', json: { identifier: 'who@example.com', password: 'nope nope nope' } });
    expect(wrong.status).toBe(422);
    expect(unknown.status).toBe(422);
    const [w, u] = [await wrong.json(), await unknown.json()];
    delete w.clerk_trace_id;
    delete u.clerk_trace_id;
    expect(w).toEqual(u);
    expect(w.errors[0].code).toBe('form_identifier_or_password_invalid');
    expect(wrong.headers.getSetCookie()).toEqual([]);
  });

  it('refuses a banned user only once the password is right', async () => {
    t = await createTestServer();
    const { userId } = await t.browser().signUp('ada@example.com', PASSWORD);
    await t.backendApi(`/v1/users/${userId}/ban`, { method: 'POST' });
    const wrong = await t.browser().fetch('/v1/client/sign_ins', { method: 'POST', json: { identifier: 'ada@example.com', password: 'wrong password' } });
    expect(await errorCode(wrong)).toBe('form_identifier_or_password_invalid');
    const right = await t.browser().fetch('/v1/client/sign_ins', { method: 'POST', json: { identifier: 'ada@example.com', password: PASSWORD } });
    expect(right.status).toBe(403);
    expect(await errorCode(right)).toBe('user_banned');
  });
});

describe('Frontend API: cookies', () => {
  it('sets __client HttpOnly, SameSite=Lax, not Secure on http, and __client_uat readable', async () => {
    t = await createTestServer();
    const browser = t.browser();
    const response = await browser.fetch('/v1/client/sign_ups', { method: 'POST', json: { email_address: 'a@example.com', password: PASSWORD } });
    const cookies = response.headers.getSetCookie();
    const client = cookies.find((c) => c.startsWith('__client='))!;
    const uat = cookies.find((c) => c.startsWith('__client_uat='))!;
    expect(client).toMatch(/; HttpOnly/);
    expect(client).toMatch(/; SameSite=Lax/);
    expect(client).toMatch(/; Path=\//);
    expect(client).not.toMatch(/Secure/);
    expect(uat).not.toMatch(/HttpOnly/);
    expect(Number(/^__client_uat=(\d+)/.exec(uat)![1])).toBe(Math.floor(t.clock!.now().getTime() / 1000));
    // Only a hash is stored: the cookie's secret half appears nowhere in the database row.
    const ctx = await t.server.context();
    const [id, secret] = browser.jar.get('__client')!.split('.');
    const row = await ctx.store.clients.getById(id!);
    expect(row!.secretHash).not.toContain(secret);
    expect(row!.secretHash).toHaveLength(43);
  });

  it('marks cookies Secure when the public URL is https, and honours SameSite settings', async () => {
    t = await createTestServer({ publicUrl: 'https://auth.example.com', allowedOrigins: ['https://app.example.com'], settings: { cookieSameSite: 'strict' } });
    const response = await t.browser({ origin: 'https://app.example.com' }).fetch('/v1/client/sign_ups', {
      method: 'POST',
      json: { email_address: 'a@example.com', password: PASSWORD },
    });
    const client = response.headers.getSetCookie().find((c) => c.startsWith('__client='))!;
    expect(client).toMatch(/; Secure/);
    expect(client).toMatch(/; SameSite=Strict/);
  });

  it('gives the browser a new client cookie at every sign-in and the old value stops working', async () => {
    t = await createTestServer();
    await t.browser().signUp('a@example.com', PASSWORD);
    await t.browser().signUp('b@example.com', PASSWORD);
    const browser = t.browser();
    await browser.signIn('a@example.com', PASSWORD);
    const first = browser.jar.get('__client')!;
    await browser.signIn('b@example.com', PASSWORD);
    const second = browser.jar.get('__client')!;
    expect(second).not.toBe(first);
    expect(second.split('.')[0]).toBe(first.split('.')[0]); // same browser, new secret
    const stale = await t.browser().fetch('/v1/client', { headers: { cookie: `__client=${first}` } });
    expect((await stale.json()).response).toBeNull();
  });
});

describe('Frontend API: session tokens', () => {
  it('mints a token whose every claim is right, verified with jose against the served JWKS', async () => {
    t = await createTestServer();
    const browser = t.browser();
    const { sessionId, userId } = await browser.signUp('a@example.com', PASSWORD);
    const jwt = await browser.getToken(sessionId);
    const { payload, header } = await verifyWithServedJwks(t, jwt);
    const iat = Math.floor(t.clock!.now().getTime() / 1000);
    expect(header).toMatchObject({ alg: 'RS256', typ: 'JWT' });
    expect(header.kid).toMatch(/^ins_/);
    expect(payload).toEqual({ azp: 'http://localhost:3000', exp: iat + 60, iat, iss: t.publicUrl, nbf: iat - 5, sid: sessionId, sub: userId, v: 2 });
  });

  it('refuses to mint for a request from an origin that is not allowed', async () => {
    t = await createTestServer();
    const browser = t.browser();
    const { sessionId } = await browser.signUp('a@example.com', PASSWORD);
    const response = await browser.fetch(`/v1/client/sessions/${sessionId}/tokens`, { method: 'POST', headers: { origin: 'https://evil.example' } });
    expect(response.status).toBe(403);
    expect(await errorCode(response)).toBe('origin_invalid');
  });

  it.each(['ES256', 'EdDSA'] as const)('signs with %s when the instance is set to it', async (alg) => {
    t = await createTestServer({ settings: { signingAlgorithm: alg } });
    const browser = t.browser();
    await browser.signUp('a@example.com', PASSWORD);
    const { header } = await verifyWithServedJwks(t, await browser.getToken());
    expect(header.alg).toBe(alg);
  });

  it("refuses to mint for another browser's session", async () => {
    t = await createTestServer();
    const { sessionId } = await t.browser().signUp('a@example.com', PASSWORD);
    const other = t.browser();
    await other.signUp('b@example.com', PASSWORD);
    const response = await other.fetch(`/v1/client/sessions/${sessionId}/tokens`, { method: 'POST' });
    expect(response.status).toBe(404);
    expect(await errorCode(response)).toBe('resource_not_found');
  });

  it('answers 401 signed_out to a browser with no client', async () => {
    t = await createTestServer();
    const response = await t.browser().fetch('/v1/client/sessions/sess_x/tokens', { method: 'POST' });
    expect(response.status).toBe(401);
    expect(await errorCode(response)).toBe('signed_out');
  });

  it('answers an unknown template with template_not_found', async () => {
    t = await createTestServer();
    const browser = t.browser();
    const { sessionId } = await browser.signUp('a@example.com', PASSWORD);
    const response = await browser.fetch(`/v1/client/sessions/${sessionId}/tokens/nope`, { method: 'POST' });
    expect(response.status).toBe(404);
    expect(await errorCode(response)).toBe('template_not_found');
  });
});

describe('Frontend API: several sessions on one browser', () => {
  it('keeps two accounts signed in at once and moves last_active_session_id [multi]', async () => {
    t = await createTestServer();
    await t.browser().signUp('a@example.com', PASSWORD);
    await t.browser().signUp('b@example.com', PASSWORD);
    const browser = t.browser();
    const a = await browser.signIn('a@example.com', PASSWORD);
    const b = await browser.signIn('b@example.com', PASSWORD);
    let client = (await browser.client())!;
    expect(client.sessions.map((s) => s.id).sort()).toEqual([a.sessionId, b.sessionId].sort());
    expect(client.last_active_session_id).toBe(b.sessionId);
    expect(decodeJwt(await browser.getToken(a.sessionId)).sub).toBe(a.userId);
    expect(decodeJwt(await browser.getToken(b.sessionId)).sub).toBe(b.userId);
    const touch = await browser.fetch(`/v1/client/sessions/${a.sessionId}/touch`, { method: 'POST', json: {} });
    expect(touch.status).toBe(200);
    client = (await browser.client())!;
    expect(client.last_active_session_id).toBe(a.sessionId);
  });

  it('replaces the earlier session of the same account with a new id when it signs in again', async () => {
    t = await createTestServer();
    const browser = t.browser();
    const first = await browser.signUp('a@example.com', PASSWORD);
    const second = await browser.signIn('a@example.com', PASSWORD);
    expect(second.sessionId).not.toBe(first.sessionId);
    const old = await (await t.backendApi(`/v1/sessions/${first.sessionId}`)).json();
    expect(old.status).toBe('replaced');
  });

  it('replaces the browser session with a new sign-in in single-session mode [single]', async () => {
    t = await createTestServer({ settings: { multiSessionMode: 'single' } });
    await t.browser().signUp('a@example.com', PASSWORD);
    await t.browser().signUp('b@example.com', PASSWORD);
    const browser = t.browser();
    const a = await browser.signIn('a@example.com', PASSWORD);
    const b = await browser.signIn('b@example.com', PASSWORD);
    const client = (await browser.client())!;
    expect(client.sessions.map((s) => s.id)).toEqual([b.sessionId]);
    const minted = await browser.fetch(`/v1/client/sessions/${a.sessionId}/tokens`, { method: 'POST' });
    expect(minted.status).toBe(401);
    expect((await minted.json()).errors[0]).toMatchObject({ code: 'session_not_active', meta: { status: 'replaced' } });
  });

  it('refuses a sign-in beyond the per-browser cap', async () => {
    t = await createTestServer({ settings: { maxSessionsPerClient: 2 } });
    for (const who of ['a', 'b', 'c']) await t.browser().signUp(`${who}@example.com`, PASSWORD);
    const browser = t.browser();
    await browser.signIn('a@example.com', PASSWORD);
    await browser.signIn('b@example.com', PASSWORD);
    const third = await browser.fetch('/v1/client/sign_ins', { method: 'POST', json: { identifier: 'c@example.com', password: PASSWORD } });
    expect(third.status).toBe(422);
    expect(await errorCode(third)).toBe('session_limit_reached');
  });
});

describe('Frontend API: signing out', () => {
  const setup = async () => {
    t = await createTestServer();
    await t.browser().signUp('a@example.com', PASSWORD);
    await t.browser().signUp('b@example.com', PASSWORD);
    const browser = t.browser();
    const a = await browser.signIn('a@example.com', PASSWORD);
    const b = await browser.signIn('b@example.com', PASSWORD);
    return { browser, a, b };
  };
  const status = async (id: string) => (await (await t.backendApi(`/v1/sessions/${id}`)).json()).status;

  it('ends one session, keeps the other, and hands last-active to it', async () => {
    const { browser, a, b } = await setup();
    const response = await browser.fetch(`/v1/client/sessions/${b.sessionId}/end`, { method: 'POST' });
    expect(response.status).toBe(200);
    expect(await status(b.sessionId)).toBe('ended');
    const client = (await browser.client())!;
    expect(client.sessions.map((s) => s.id)).toEqual([a.sessionId]);
    expect(client.last_active_session_id).toBe(a.sessionId);
    const again = await browser.fetch(`/v1/client/sessions/${b.sessionId}/end`, { method: 'POST' });
    expect(again.status).toBe(401);
    expect((await again.json()).errors[0].meta.status).toBe('ended');
  });

  it('removes a session from the browser', async () => {
    const { browser, a } = await setup();
    expect((await browser.fetch(`/v1/client/sessions/${a.sessionId}/remove`, { method: 'POST' })).status).toBe(200);
    expect(await status(a.sessionId)).toBe('removed');
  });

  it('signs out every session on the browser and zeroes __client_uat', async () => {
    const { browser, a, b } = await setup();
    const response = await browser.fetch('/v1/client/sessions', { method: 'DELETE' });
    expect(response.status).toBe(200);
    expect((await response.json()).response.ended_session_ids.sort()).toEqual([a.sessionId, b.sessionId].sort());
    expect(browser.jar.get('__client_uat')).toBe('0');
    expect((await browser.client())!.sessions).toEqual([]);
    expect(await status(a.sessionId)).toBe('ended');
  });

  it('signs the user out on other devices but not here [scope=others]', async () => {
    t = await createTestServer();
    await t.browser().signUp('a@example.com', PASSWORD);
    const laptop = t.browser({ ip: '203.0.113.1', userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36' });
    const phone = t.browser({ ip: '203.0.113.2', userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1' });
    const l = await laptop.signIn('a@example.com', PASSWORD);
    const p = await phone.signIn('a@example.com', PASSWORD);
    const list = await (await laptop.fetch('/v1/me/sessions')).json();
    expect(list).toHaveLength(3);
    const phoneEntry = list.find((s: { id: string }) => s.id === p.sessionId);
    expect(phoneEntry.latest_activity).toMatchObject({ ip_address: '203.0.113.2', device_type: 'mobile', is_mobile: true, browser_name: 'Mobile Safari' });
    expect(list.find((s: { is_current: boolean }) => s.is_current).id).toBe(l.sessionId);
    const response = await laptop.fetch('/v1/me/sessions/revoke', { method: 'POST', json: { scope: 'others' } });
    expect(response.status).toBe(200);
    expect((await response.json()).response.revoked_session_ids).toHaveLength(2);
    expect(await status(p.sessionId)).toBe('revoked');
    expect(await status(l.sessionId)).toBe('active');
    expect((await phone.fetch(`/v1/client/sessions/${p.sessionId}/tokens`, { method: 'POST' })).status).toBe(401);
  });

  it('signs the user out everywhere including here [scope=all]', async () => {
    t = await createTestServer();
    await t.browser().signUp('a@example.com', PASSWORD);
    const laptop = t.browser();
    const l = await laptop.signIn('a@example.com', PASSWORD);
    const response = await laptop.fetch('/v1/me/sessions/revoke', { method: 'POST', json: { scope: 'all' } });
    expect((await response.json()).response.revoked_session_ids).toHaveLength(2);
    expect(await status(l.sessionId)).toBe('revoked');
    expect(laptop.jar.get('__client_uat')).toBe('0');
    expect((await laptop.fetch('/v1/me/sessions')).status).toBe(401);
  });

  it('refuses an unknown revoke scope with a coded 422', async () => {
    const { browser } = await setup();
    const response = await browser.fetch('/v1/me/sessions/revoke', { method: 'POST', json: { scope: 'everyone' } });
    expect(response.status).toBe(422);
    expect(await errorCode(response)).toBe('form_param_format_invalid');
  });
});

describe('Frontend API: lifetime and inactivity', () => {
  it('refuses to mint, with a coded 401 naming the status, for every non-active status', async () => {
    t = await createTestServer({ settings: { inactivityTimeoutSeconds: 3600, sessionMaxLifetimeSeconds: 7200 } });
    const mintStatus = async (browser: ReturnType<TestServer['browser']>, id: string) => {
      const response = await browser.fetch(`/v1/client/sessions/${id}/tokens`, { method: 'POST' });
      return { http: response.status, body: await response.json() };
    };
    const cases: Record<string, (b: ReturnType<TestServer['browser']>, id: string) => Promise<unknown>> = {
      ended: (b, id) => b.fetch(`/v1/client/sessions/${id}/end`, { method: 'POST' }),
      removed: (b, id) => b.fetch(`/v1/client/sessions/${id}/remove`, { method: 'POST' }),
      revoked: (_b, id) => t.backendApi(`/v1/sessions/${id}/revoke`, { method: 'POST' }),
    };
    let n = 0;
    for (const [expected, act] of Object.entries(cases)) {
      const b = t.browser();
      const { sessionId } = await b.signUp(`u${n++}@example.com`, PASSWORD);
      await act(b, sessionId);
      const { http, body } = await mintStatus(b, sessionId);
      expect([expected, http, body.errors[0].code, body.errors[0].meta.status]).toEqual([expected, 401, 'session_not_active', expected]);
    }
    // replaced
    const r = t.browser();
    const { sessionId: replaced } = await r.signUp('r@example.com', PASSWORD);
    await r.signIn('r@example.com', PASSWORD);
    expect((await mintStatus(r, replaced)).body.errors[0].meta.status).toBe('replaced');
    // abandoned: no activity for longer than the inactivity timeout
    const a = t.browser();
    const { sessionId: abandoned } = await a.signUp('a@example.com', PASSWORD);
    t.clock!.advance(3600 * 1000);
    expect((await mintStatus(a, abandoned)).body.errors[0].meta.status).toBe('abandoned');
    // expired: kept active by touches, then the absolute lifetime ends it
    const e = t.browser();
    const { sessionId: expired } = await e.signUp('e@example.com', PASSWORD);
    for (let i = 0; i < 3; i++) {
      t.clock!.advance(1800 * 1000);
      expect((await e.fetch(`/v1/client/sessions/${expired}/touch`, { method: 'POST', json: {} })).status).toBe(200);
    }
    t.clock!.advance(1800 * 1000);
    expect((await mintStatus(e, expired)).body.errors[0].meta.status).toBe('expired');
  });

  it('touch moves last_active_at and abandon_at, but never past expire_at', async () => {
    t = await createTestServer({ settings: { inactivityTimeoutSeconds: 3600, sessionMaxLifetimeSeconds: 5400 } });
    const browser = t.browser();
    const { sessionId } = await browser.signUp('a@example.com', PASSWORD);
    const start = t.clock!.now().getTime();
    let session = await (await t.backendApi(`/v1/sessions/${sessionId}`)).json();
    expect(session).toMatchObject({ last_active_at: start, abandon_at: start + 3600_000, expire_at: start + 5400_000 });
    t.clock!.advance(1000 * 1000);
    await browser.fetch(`/v1/client/sessions/${sessionId}/touch`, { method: 'POST', json: {} });
    session = await (await t.backendApi(`/v1/sessions/${sessionId}`)).json();
    expect(session).toMatchObject({ last_active_at: start + 1000_000, abandon_at: start + 4600_000 });
    t.clock!.advance(3000 * 1000);
    await browser.fetch(`/v1/client/sessions/${sessionId}/touch`, { method: 'POST', json: {} });
    session = await (await t.backendApi(`/v1/sessions/${sessionId}`)).json();
    expect(session.abandon_at).toBe(start + 5400_000);
    expect(session.abandon_at).toBe(session.expire_at);
  });

  it('refuses to make an organization active when the user is not a member', async () => {
    t = await createTestServer();
    const browser = t.browser();
    const { sessionId } = await browser.signUp('a@example.com', PASSWORD);
    const response = await browser.fetch(`/v1/client/sessions/${sessionId}/touch`, { method: 'POST', json: { active_organization_id: 'org_nope' } });
    expect(response.status).toBe(403);
    expect(await errorCode(response)).toBe('organization_membership_not_found');
  });

  it('the sweeper records expiry of sessions nobody reads', async () => {
    t = await createTestServer({ settings: { sessionMaxLifetimeSeconds: 3600 } });
    const { sessionId } = await t.browser().signUp('a@example.com', PASSWORD);
    t.clock!.advance(3600 * 1000);
    expect(await t.server.sweep()).toMatchObject({ expired: 1, abandoned: 0 });
    const ctx = await t.server.context();
    expect((await ctx.store.sessions.getById(sessionId))!.status).toBe('expired');
  });
});

describe('Frontend API: guarding the edges', () => {
  it('refuses cookie-authenticated state changes without an allowed Origin', async () => {
    t = await createTestServer();
    const browser = t.browser();
    const { sessionId } = await browser.signUp('a@example.com', PASSWORD);
    for (const origin of ['https://evil.example', '']) {
      const headers = origin ? { origin } : { origin: 'null' };
      const end = await browser.fetch(`/v1/client/sessions/${sessionId}/end`, { method: 'POST', headers });
      expect(end.status).toBe(403);
      expect(await errorCode(end)).toBe('origin_invalid');
    }
    const noOrigin = t.browser({ origin: '' });
    noOrigin.jar.cookies.set('__client', browser.jar.get('__client')!);
    expect((await noOrigin.fetch('/v1/client/sessions', { method: 'DELETE' })).status).toBe(403);
    expect((await (await t.backendApi(`/v1/sessions/${sessionId}`)).json()).status).toBe('active');
  });

  it('answers CORS for allowed origins with credentials, and not for others', async () => {
    t = await createTestServer();
    const pre = await t.server.fetch(new Request(`${t.publicUrl}/v1/client/sign_ins`, { method: 'OPTIONS', headers: { origin: 'http://localhost:3000', 'access-control-request-method': 'POST' } }));
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
    expect(pre.headers.get('access-control-allow-credentials')).toBe('true');
    const evil = await t.server.fetch(new Request(`${t.publicUrl}/v1/client`, { headers: { origin: 'https://evil.example' } }));
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('rate-limits sign-in per identifier and per IP with 429 and Retry-After', async () => {
    t = await createTestServer({ rateLimits: { signInPerIdentifier: { limit: 3, windowSeconds: 60 }, signInPerIp: { limit: 5, windowSeconds: 60 } } });
    const attempt = (ip: string, identifier: string) =>
      t.browser({ ip }).fetch('/v1/client/sign_ins', { method: 'POST', json: { identifier, password: 'wrong password' } });
    for (let i = 0; i < 3; i++) expect((await attempt(`192.0.2.${i}`, 'victim@example.com')).status).toBe(422);
    const limited = await attempt('192.0.2.99', 'victim@example.com');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await errorCode(limited)).toBe('too_many_requests');
    for (let i = 0; i < 5; i++) await attempt('192.0.2.200', `user${i}@example.com`);
    expect((await attempt('192.0.2.200', 'fresh@example.com')).status).toBe(429);
    expect((await attempt('192.0.2.201', 'fresh@example.com')).status).toBe(422);
    t.clock!.advance(120_000);
    expect((await attempt('192.0.2.99', 'victim@example.com')).status).toBe(422);
  });

  it('rate-limits sign-up per IP and per e-mail address', async () => {
    t = await createTestServer({ rateLimits: { signUpPerIp: { limit: 2, windowSeconds: 60 }, signUpPerIdentifier: { limit: 2, windowSeconds: 60 } } });
    const b = t.browser({ ip: '192.0.2.5' });
    await b.signUp('a@example.com', PASSWORD);
    await t.browser({ ip: '192.0.2.5' }).signUp('b@example.com', PASSWORD);
    const third = await t.browser({ ip: '192.0.2.5' }).fetch('/v1/client/sign_ups', { method: 'POST', json: { email_address: 'c@example.com', password: PASSWORD } });
    expect(third.status).toBe(429);
    const signUp = (ip: string) => t.browser({ ip }).fetch('/v1/client/sign_ups', { method: 'POST', json: { email_address: 'Target@example.com', password: PASSWORD } });
    expect((await signUp('192.0.2.10')).status).toBe(200);
    expect((await signUp('192.0.2.11')).status).toBe(422); // taken
    const limited = await signUp('192.0.2.12');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('answers malformed JSON with 400, oversized bodies with 413, a wrong type with 415, missing fields with 422', async () => {
    t = await createTestServer({ maxBodyBytes: 2048 });
    const b = t.browser();
    const malformed = await b.fetch('/v1/client/sign_ins', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"identifier":' });
    expect([malformed.status, await errorCode(malformed)]).toEqual([400, 'malformed_request_body']);
    const array = await b.fetch('/v1/client/sign_ins', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '[1]' });
    expect(array.status).toBe(400);
    const big = await b.fetch('/v1/client/sign_ins', { method: 'POST', json: { identifier: 'a@example.com', password: 'x'.repeat(5000) } });
    expect([big.status, await errorCode(big)]).toEqual([413, 'request_body_too_large']);
    const xml = await b.fetch('/v1/client/sign_ins', { method: 'POST', headers: { 'content-type': 'application/xml' }, body: '<a/>' });
    expect(xml.status).toBe(415);
    const missing = await b.fetch('/v1/client/sign_ins', { method: 'POST', json: { identifier: 'a@example.com' } });
    expect(missing.status).toBe(422);
    expect((await missing.json()).errors[0]).toMatchObject({ code: 'form_param_missing', meta: { param_name: 'password' } });
  });

  it('answers oversized headers with 431 and unknown paths with a JSON 404', async () => {
    t = await createTestServer();
    const huge = await t.server.fetch(new Request(`${t.publicUrl}/v1/client`, { headers: { 'x-junk': 'x'.repeat(20_000) } }));
    expect(huge.status).toBe(431);
    const missing = await t.server.fetch(new Request(`${t.publicUrl}/v1/nothing-here`));
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toBe('application/json');
    expect(await errorCode(missing)).toBe('resource_not_found');
  });
});
