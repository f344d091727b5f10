import { afterEach, describe, expect, it } from 'vitest';
import { NextRequest, NextResponse, type NextFetchEvent } from 'next/server.js';
import { APP, createTestApp, type TestApp } from '../test-support/app.js';
import { AuthHeaders } from './constants.js';
import { getAuth } from './get-auth.js';
import { createRouteMatcher, latchkeyMiddleware, type LatchkeyMiddlewareHandler } from './index.js';

const event = {} as NextFetchEvent;
const page = { 'sec-fetch-dest': 'document', accept: 'text/html' };
const isPublic = createRouteMatcher(['/', '/sign-in(.*)', '/api/public(.*)']);
const seedsHandler: LatchkeyMiddlewareHandler = async (auth, req) => {
  if (!isPublic(req)) await auth.protect();
};

let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

function request(path: string, headers: Record<string, string> = {}): NextRequest {
  return new NextRequest(`${APP}${path}`, { headers });
}

function forwarded(response: Response, name: string): string | null {
  const list = response.headers.get('x-middleware-override-headers')?.split(',') ?? [];
  return list.includes(name) ? response.headers.get(`x-middleware-request-${name}`) : null;
}

describe('latchkeyMiddleware', () => {
  it('redirects a signed-out page request for a protected route to /sign-in with redirect_url', async () => {
    app = await createTestApp();
    const middleware = latchkeyMiddleware(seedsHandler, { embedded: app.embedded, now: app.clock.now });
    const response = await middleware(request('/dashboard?tab=1', page), event);
    expect(response.status).toBe(307);
    const location = new URL(response.headers.get('location')!);
    expect(location.pathname).toBe('/sign-in');
    expect(location.searchParams.get('redirect_url')).toBe(`${APP}/dashboard?tab=1`);
  });

  it('answers a signed-out API request for a protected route with 401 signed_out JSON', async () => {
    app = await createTestApp();
    const middleware = latchkeyMiddleware(seedsHandler, { embedded: app.embedded, now: app.clock.now });
    const response = await middleware(request('/api/protected'), event);
    expect(response.status).toBe(401);
    expect(((await response.json()) as { errors: { code: string }[] }).errors[0]!.code).toBe('signed_out');
  });

  it('lets public routes through signed out and forwards a signed-out state', async () => {
    app = await createTestApp();
    const middleware = latchkeyMiddleware(seedsHandler, { embedded: app.embedded, now: app.clock.now });
    const response = await middleware(request('/', page), event);
    expect(response.headers.get('x-middleware-next')).toBe('1');
    expect(forwarded(response, AuthHeaders.Status)).toBe('signed-out');
    expect(forwarded(response, AuthHeaders.Token)).toBeNull();
  });

  it('passes a signed-in cookie request to the app with its token and never a client-sent x-latchkey header', async () => {
    app = await createTestApp();
    const { jar, token, userId } = await app.signUp('ada@example.com');
    const middleware = latchkeyMiddleware(seedsHandler, { embedded: app.embedded, now: app.clock.now });
    const response = await middleware(
      request('/dashboard', { ...page, cookie: `${jar.header()}; __session=${token}`, [AuthHeaders.Token]: 'forged', [AuthHeaders.Status]: 'signed-in' }),
      event,
    );
    expect(response.headers.get('x-middleware-next')).toBe('1');
    expect(forwarded(response, AuthHeaders.Status)).toBe('signed-in');
    expect(forwarded(response, AuthHeaders.Token)).toBe(token);
    expect(forwarded(response, 'cookie')).toContain('__client=');
    const auth = await getAuth(new Request(APP, { headers: { [AuthHeaders.Status]: 'signed-in', [AuthHeaders.Token]: token } }));
    expect(auth.userId).toBe(userId);
  });

  it('refreshes an expired cookie token in-process with no redirect [embedded]', async () => {
    app = await createTestApp();
    const { jar, token, userId } = await app.signUp('grace@example.com');
    app.clock.advance(5 * 60_000);
    const middleware = latchkeyMiddleware(seedsHandler, { embedded: app.embedded, now: app.clock.now });
    const response = await middleware(request('/dashboard', { ...page, cookie: `${jar.header()}; __session=${token}` }), event);
    expect(response.status).toBe(200);
    expect(response.headers.get('location')).toBeNull();
    const fresh = response.headers.getSetCookie().find((c) => c.startsWith('__session='));
    expect(fresh).toBeDefined();
    const freshToken = forwarded(response, AuthHeaders.Token)!;
    expect(freshToken).not.toBe(token);
    expect(fresh!.startsWith(`__session=${freshToken}`)).toBe(true);
    const auth = await getAuth(new Request(APP, { headers: { [AuthHeaders.Status]: 'signed-in', [AuthHeaders.Token]: freshToken } }));
    expect(auth.userId).toBe(userId);
  });

  it('signs out an expired cookie token whose session was ended, without a loop', async () => {
    app = await createTestApp();
    const { jar, token, sessionId } = await app.signUp('ended@example.com');
    expect((await app.backend('POST', `/v1/sessions/${sessionId}/revoke`)).status).toBe(200);
    app.clock.advance(5 * 60_000);
    const middleware = latchkeyMiddleware(seedsHandler, { embedded: app.embedded, now: app.clock.now });
    const first = await middleware(request('/dashboard', { ...page, cookie: `${jar.header()}; __session=${token}` }), event);
    // The in-line refresh found no session; one handshake round trip clears the app's cookies.
    expect(first.status).toBe(307);
    const handshake = await app.embedded.handle(new Request(first.headers.get('location')!, { headers: { cookie: jar.header() } }));
    expect(handshake.status).toBe(307);
    const back = await middleware(request(new URL(handshake.headers.get('location')!).pathname + new URL(handshake.headers.get('location')!).search, page), event);
    expect(back.status).toBe(307);
    const cleared = back.headers.getSetCookie().filter((c) => c.startsWith('__session=') || c.startsWith('__client_uat='));
    expect(cleared.length).toBeGreaterThan(0);
    for (const c of cleared) jar.apply(c);
    expect(jar.get('__client_uat')).toBe('0');
    const final = await middleware(request('/dashboard', { ...page, cookie: jar.header() }), event);
    expect(final.status).toBe(307);
    expect(new URL(final.headers.get('location')!).pathname).toBe('/sign-in');
  });

  it('refuses a revoked session whose token has not expired yet, through the revocation feed', async () => {
    app = await createTestApp();
    const { jar, token, sessionId } = await app.signUp('revoked@example.com');
    const middleware = latchkeyMiddleware(seedsHandler, { embedded: app.embedded, now: app.clock.now });
    const cookie = `${jar.header()}; __session=${token}`;
    expect((await middleware(request('/api/data', { cookie }), event)).headers.get('x-middleware-next')).toBe('1');
    expect((await app.backend('POST', `/v1/sessions/${sessionId}/revoke`)).status).toBe(200);
    let status = 0;
    for (let i = 0; i < 40 && status !== 401; i++) {
      await new Promise((r) => setTimeout(r, 50));
      status = (await middleware(request('/api/data', { cookie }), event)).status;
    }
    expect(status).toBe(401);
  });

  it('keeps request headers the handler adds (x-user-id) next to the forwarded auth', async () => {
    app = await createTestApp();
    const { jar, token, userId } = await app.signUp('hopper@example.com');
    const middleware = latchkeyMiddleware(
      async (auth, req) => {
        const { userId: id } = await auth.protect();
        const headers = new Headers(req.headers);
        headers.set('x-user-id', id);
        return NextResponse.next({ request: { headers } });
      },
      { embedded: app.embedded, now: app.clock.now },
    );
    const response = await middleware(request('/api/data', { cookie: `${jar.header()}; __session=${token}` }), event);
    expect(forwarded(response, 'x-user-id')).toBe(userId);
    expect(forwarded(response, AuthHeaders.Status)).toBe('signed-in');
  });

  it('answers 403 forbidden to a signed-in API request that fails the check, and redirects a page to unauthorizedUrl', async () => {
    app = await createTestApp();
    const { jar, token } = await app.signUp('member@example.com');
    const middleware = latchkeyMiddleware(
      async (auth) => {
        await auth.protect({ role: 'org:admin' }, { unauthorizedUrl: '/unauthorized' });
      },
      { embedded: app.embedded, now: app.clock.now },
    );
    const cookie = `${jar.header()}; __session=${token}`;
    const api = await middleware(request('/api/admin', { cookie }), event);
    expect(api.status).toBe(403);
    expect(((await api.json()) as { errors: { code: string }[] }).errors[0]!.code).toBe('forbidden');
    const doc = await middleware(request('/admin', { ...page, cookie }), event);
    expect(doc.status).toBe(307);
    expect(new URL(doc.headers.get('location')!).pathname).toBe('/unauthorized');
  });

  it('accepts a Bearer token and refuses a malformed Authorization header', async () => {
    app = await createTestApp();
    const { token, userId } = await app.signUp('bearer@example.com');
    const seen: (string | null)[] = [];
    const middleware = latchkeyMiddleware(
      async (auth) => {
        seen.push((await auth()).userId);
        await auth.protect();
      },
      { embedded: app.embedded, now: app.clock.now },
    );
    expect((await middleware(request('/api/x', { authorization: `Bearer ${token}` }), event)).headers.get('x-middleware-next')).toBe('1');
    expect((await middleware(request('/api/x', { authorization: 'Basic abc' }), event)).status).toBe(401);
    expect(seen).toEqual([userId, null]);
  });

  it('never touches static files, Next internals or the embedded mount path', async () => {
    app = await createTestApp();
    let calls = 0;
    const middleware = latchkeyMiddleware(
      async () => {
        calls++;
      },
      { embedded: app.embedded, now: app.clock.now },
    );
    for (const path of ['/_next/static/chunk.js', '/logo.png', '/favicon.ico', `${app.mountPath}/v1/client`]) {
      const response = await middleware(request(path, page), event);
      expect(response.headers.get('x-middleware-next')).toBe('1');
      expect(response.headers.get('x-middleware-override-headers')).toBeNull();
    }
    expect(calls).toBe(0);
  });

  it('answers 400 malformed_path when the route matcher meets malformed encoding', async () => {
    app = await createTestApp();
    const middleware = latchkeyMiddleware(seedsHandler, { embedded: app.embedded, now: app.clock.now });
    const response = await middleware(request('/dash%E0%A4board'), event);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { errors: { code: string }[] }).errors[0]!.code).toBe('malformed_path');
  });
});

describe('getAuth', () => {
  it('throws ERR_LATCHKEY_MIDDLEWARE_MISSING when the middleware did not run', async () => {
    await expect(getAuth(new Request(APP))).rejects.toMatchObject({ code: 'ERR_LATCHKEY_MIDDLEWARE_MISSING' });
    await expect(getAuth({ headers: {} })).rejects.toMatchObject({ code: 'ERR_LATCHKEY_MIDDLEWARE_MISSING' });
  });

  it('treats a forged token header as signed out', async () => {
    app = await createTestApp();
    const middleware = latchkeyMiddleware(seedsHandler, { embedded: app.embedded, now: app.clock.now });
    await middleware(request('/'), event); // registers the middleware's options for this process
    const forged = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyX3gifQ.c2ln';
    const auth = await getAuth({ headers: { [AuthHeaders.Status]: 'signed-in', [AuthHeaders.Token]: forged } });
    expect(auth.userId).toBeNull();
  });
});
