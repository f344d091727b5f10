import { beforeAll, describe, expect, it } from 'vitest';
import { createPublishableKey } from '../keys/publishable-key.js';
import { fakeClock, fakeHandshakeServer, generateTestKeyPair, mintSessionToken, type TestKeyPair } from '../test-utils/keys.js';
import { createAuthenticator, type AuthenticateRequestOptions } from './authenticate-request.js';

let key: TestKeyPair;
beforeAll(async () => {
  key = await generateTestKeyPair('RS256');
});

const APP = 'http://localhost:3000';
const page = (path: string, cookie?: string, extra: Record<string, string> = {}) =>
  new Request(`${APP}${path}`, { headers: { 'sec-fetch-dest': 'document', accept: 'text/html', ...(cookie ? { cookie } : {}), ...extra } });
const api = (path: string, headers: Record<string, string>) => new Request(`${APP}${path}`, { headers });

function setup(extra: Partial<AuthenticateRequestOptions> = {}) {
  const clock = fakeClock();
  const server = fakeHandshakeServer(key, clock);
  const authenticate = createAuthenticator({
    publishableKey: createPublishableKey('localhost:4400', 'live'),
    jwtKey: key.publicPem,
    authorizedParties: [APP],
    now: clock.now,
    fetch: ((input: RequestInfo | URL, init?: RequestInit) => server.handler(new Request(input, init))) as typeof fetch,
    ...extra,
  });
  return { clock, server, authenticate };
}

describe('authenticateRequest', () => {
  it('is signed in from a Bearer token and from the __session cookie [token valid]', async () => {
    const { clock, authenticate } = setup();
    const token = await mintSessionToken(key, { iat: clock.nowSeconds(), claims: { o: { id: 'org_1', rol: 'admin', slg: 'acme', per: 'read,manage', fpm: '3,1' }, fea: 'o:reports,o:billing' } });
    const viaBearer = await authenticate(api('/api/x', { authorization: `Bearer ${token}` }));
    expect(viaBearer.status).toBe('signed-in');
    const auth = viaBearer.toAuth()!;
    expect(auth).toMatchObject({ userId: 'user_1', sessionId: 'sess_1', orgId: 'org_1', orgRole: 'org:admin', orgSlug: 'acme' });
    expect(auth.orgPermissions).toEqual(['org:reports:read', 'org:reports:manage', 'org:billing:read']);
    expect(auth.has({ role: 'org:admin' })).toBe(true);
    expect(auth.has({ role: 'admin' })).toBe(true);
    expect(auth.has({ role: 'org:member' })).toBe(false);
    expect(auth.has({ permission: 'org:billing:read' })).toBe(true);
    expect(auth.has({ permission: 'org:billing:manage' })).toBe(false);
    expect(await auth.getToken()).toBe(token);
    const viaCookie = await authenticate(page('/', `__session=${token}; __client_uat=${clock.nowSeconds() - 10}`));
    expect(viaCookie.status).toBe('signed-in');
  });

  it('is signed out with nulls and the same shape when there is no token [no cookie, no uat]', async () => {
    const { authenticate } = setup();
    const state = await authenticate(page('/'));
    expect(state).toMatchObject({ status: 'signed-out', reason: 'session-token-and-uat-missing' });
    const auth = state.toAuth()!;
    expect(auth).toMatchObject({ isAuthenticated: false, userId: null, sessionId: null, orgId: null });
    expect(auth.has({ role: 'org:admin' })).toBe(false);
    expect(await auth.getToken()).toBeNull();
  });

  it('is signed out with the token reason for a bad Bearer token, never a handshake', async () => {
    const { clock, authenticate } = setup();
    const expired = await mintSessionToken(key, { iat: clock.nowSeconds() - 3600 });
    expect(await authenticate(api('/api/x', { authorization: `Bearer ${expired}` }))).toMatchObject({ status: 'signed-out', reason: 'token-expired' });
    const wrongAzp = await mintSessionToken(key, { iat: clock.nowSeconds(), claims: { azp: 'http://evil.example' } });
    expect(await authenticate(api('/api/x', { authorization: `Bearer ${wrongAzp}` }))).toMatchObject({ status: 'signed-out', reason: 'token-invalid-authorized-parties' });
    const wrongIss = await mintSessionToken(key, { iat: clock.nowSeconds(), claims: { iss: 'http://evil.example' } });
    expect(await authenticate(api('/api/x', { authorization: `Bearer ${wrongIss}` }))).toMatchObject({ status: 'signed-out', reason: 'token-invalid-issuer' });
    expect(await authenticate(api('/api/x', { authorization: 'Basic abc' }))).toMatchObject({ status: 'signed-out', reason: 'malformed-authorization-header' });
  });

  it('reads the Bearer header from a light request-like object exactly as the pattern says (case, extra or trailing whitespace, inner space)', async () => {
    const { clock, authenticate } = setup();
    const token = await mintSessionToken(key, { iat: clock.nowSeconds() });
    // Adapters pass objects like this one instead of a Request; header values arrive untrimmed.
    const like = (authorization: string) => ({ method: 'GET', url: `${APP}/api/x`, headers: { get: (n: string) => (n === 'authorization' ? authorization : null) } });
    for (const header of [`Bearer ${token}`, `bearer ${token}`, `Bearer  ${token}`, `Bearer\t${token}`, `Bearer ${token} `, `Bearer ${token}\u00a0`]) {
      expect(await authenticate(like(header))).toMatchObject({ status: 'signed-in', token });
    }
    const [h, p, sig] = token.split('.');
    expect(await authenticate(like(`Bearer ${h}.${p} .${sig}`))).toMatchObject({ status: 'signed-out', reason: 'malformed-authorization-header' });
    expect(await authenticate(like('Bearer '))).toMatchObject({ status: 'signed-out', reason: 'malformed-authorization-header' });
    expect(await authenticate(like(`Bearer \u00a0${token}`))).toMatchObject({ status: 'signed-in' });
  });

  it('returns handshake when the cookie token expired and client_uat > 0 [document GET]', async () => {
    const { clock, authenticate } = setup();
    const expired = await mintSessionToken(key, { iat: clock.nowSeconds() - 3600 });
    const state = await authenticate(page('/dashboard?x=1', `__session=${expired}; __client_uat=${clock.nowSeconds() - 4000}`));
    expect(state.status).toBe('handshake');
    const location = new URL(state.headers.get('location')!);
    expect(location.origin + location.pathname).toBe('http://localhost:4400/v1/client/handshake');
    expect(location.searchParams.get('redirect_url')).toBe(`${APP}/dashboard?x=1`);
    expect(state.headers.get('set-cookie')).toContain('__clerk_redirect_count=1');
  });

  it('does not handshake for API calls or static assets: signed out with the reason', async () => {
    const { clock, authenticate } = setup();
    const expired = await mintSessionToken(key, { iat: clock.nowSeconds() - 3600 });
    const cookie = `__session=${expired}; __client_uat=1`;
    expect(await authenticate(api('/api/x', { cookie, 'sec-fetch-dest': 'empty' }))).toMatchObject({ status: 'signed-out', reason: 'token-expired' });
    expect(await authenticate(api('/logo.png', { cookie, 'sec-fetch-dest': 'image' }))).toMatchObject({ status: 'signed-out' });
  });

  it('stops after three handshakes within seconds [loop guard]', async () => {
    const { clock, authenticate } = setup();
    const expired = await mintSessionToken(key, { iat: clock.nowSeconds() - 3600 });
    const state = await authenticate(page('/', `__session=${expired}; __client_uat=1; __clerk_redirect_count=3`));
    expect(state).toMatchObject({ status: 'signed-out', reason: 'handshake-redirect-loop' });
  });

  it('resolves a handshake return: applies only the session cookies and redirects to the clean URL', async () => {
    const { clock, server, authenticate } = setup();
    const back = await server.handler(new Request(`http://localhost:4400/v1/client/handshake?redirect_url=${encodeURIComponent(`${APP}/dashboard?x=1`)}`, { headers: { cookie: '__client=good' } }));
    const returned = back.headers.get('location')!;
    const state = await authenticate(page(new URL(returned).pathname + new URL(returned).search));
    expect(state.status).toBe('handshake');
    expect(state.headers.get('location')).toBe(`${APP}/dashboard?x=1`);
    const cookies = state.headers.getSetCookie();
    expect(cookies.some((c) => c.startsWith('__session=ey'))).toBe(true);
    expect(cookies.some((c) => c.startsWith('__client_uat='))).toBe(true);
    expect(cookies.some((c) => c.startsWith('evil='))).toBe(false);
    void clock;
  });

  it('rejects a forged handshake payload', async () => {
    const other = await generateTestKeyPair('RS256', key.kid);
    const { clock } = setup();
    const forger = fakeHandshakeServer(other, clock);
    const back = await forger.handler(new Request(`http://localhost:4400/v1/client/handshake?redirect_url=${encodeURIComponent(`${APP}/`)}`, { headers: { cookie: '__client=good' } }));
    const { authenticate } = setup();
    const u = new URL(back.headers.get('location')!);
    expect(await authenticate(page(u.pathname + u.search))).toMatchObject({ status: 'signed-out', reason: 'handshake-invalid' });
  });

  it('refreshes in-line with no redirect when the __client cookie is visible (same site / embedded)', async () => {
    const { clock, server, authenticate } = setup();
    const expired = await mintSessionToken(key, { iat: clock.nowSeconds() - 3600 });
    const state = await authenticate(api('/api/x', { cookie: `__session=${expired}; __client_uat=1; __client=good` }));
    expect(state.status).toBe('signed-in');
    expect(state.headers.getSetCookie().some((c) => c.startsWith('__session='))).toBe(true);
    expect(server.state.calls).toBe(1);
  });

  it('treats __client_uat=0 as signed out even with a leftover valid token', async () => {
    const { clock, authenticate } = setup();
    const token = await mintSessionToken(key, { iat: clock.nowSeconds() });
    expect(await authenticate(page('/', `__session=${token}; __client_uat=0`))).toMatchObject({ status: 'signed-out' });
  });

  it('refreshes when the token predates the browser\'s last sign-in change [uat > iat]', async () => {
    const { clock, authenticate } = setup();
    const token = await mintSessionToken(key, { iat: clock.nowSeconds() - 10 });
    const state = await authenticate(page('/', `__session=${token}; __client_uat=${clock.nowSeconds()}`));
    expect(state).toMatchObject({ status: 'handshake', reason: 'session-token-outdated' });
  });

  describe('protect()', () => {
    it('redirects a signed-out page to sign-in with redirect_url, and answers 401 JSON to an API call', async () => {
      const { authenticate } = setup();
      const pageAuth = (await authenticate(page('/admin'))).toAuth()!;
      const redirect = (() => {
        try {
          pageAuth.protect();
        } catch (e) {
          return (e as { response: Response }).response;
        }
      })()!;
      expect(redirect.status).toBe(307);
      const to = new URL(redirect.headers.get('location')!);
      expect(to.origin + to.pathname).toBe('http://localhost:4400/sign-in');
      expect(to.searchParams.get('redirect_url')).toBe(`${APP}/admin`);
      const apiAuth = (await authenticate(api('/api/x', { accept: 'application/json' }))).toAuth()!;
      expect(() => apiAuth.protect()).toThrow(expect.objectContaining({ status: 401, code: 'ERR_AUTH_PROTECT' }));
    });

    it('answers 403 JSON when signed in without the role, and returns the auth when allowed', async () => {
      const { clock, authenticate } = setup();
      const token = await mintSessionToken(key, { iat: clock.nowSeconds(), claims: { o: { id: 'org_1', rol: 'member' } } });
      const auth = (await authenticate(api('/api/x', { authorization: `Bearer ${token}` }))).toAuth()!;
      let response: Response | undefined;
      try {
        auth.protect({ role: 'org:admin' });
      } catch (e) {
        response = (e as { response: Response }).response;
      }
      expect(response!.status).toBe(403);
      expect(await response!.json()).toMatchObject({ errors: [{ code: 'forbidden' }] });
      expect(auth.protect({ role: 'org:member' }).userId).toBe('user_1');
      expect(auth.protect((has) => has({ role: 'member' })).userId).toBe('user_1');
    });
  });
});
