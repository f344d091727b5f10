import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { createTestServer, TEST_APP_ORIGIN, type TestServer } from '@latchkey/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getAuth, latchkeyMiddleware, requireAuth } from './index.js';

let ts: TestServer;
let app: Hono;

const middlewareOptions = (extra: Record<string, unknown> = {}) => ts.sdkOptions(extra);

function makeApp(options: Record<string, unknown>): Hono {
  const a = new Hono();
  a.use('*', latchkeyMiddleware(options));
  a.get('/me', (c) => c.json({ userId: getAuth(c).userId }));
  a.get('/protected', requireAuth(), (c) => c.json({ userId: getAuth(c).userId }));
  a.get('/admin', requireAuth({ role: 'org:admin' }), (c) => c.json({ ok: true }));
  a.get('/inline', (c) => c.json({ sessionId: getAuth(c).protect().sessionId }));
  return a;
}

async function signedInToken(email: string): Promise<{ token: string; userId: string }> {
  const b = ts.browser();
  const { userId } = await b.signUp(email, 'correct horse battery staple');
  return { token: await b.getToken(), userId };
}

beforeAll(async () => {
  ts = await createTestServer();
  app = makeApp(middlewareOptions());
});
afterAll(async () => {
  await ts.close();
});

const bearer = (t: string) => ({ authorization: `Bearer ${t}`, accept: 'application/json' });

describe('@latchkey/hono against a real Latchkey server', () => {
  it('sets the signed-in auth on the context [signed in]', async () => {
    const { token, userId } = await signedInToken('ada@example.com');
    const res = await app.request('/protected', { headers: bearer(token) });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ userId });
    expect((await app.request('/inline', { headers: bearer(token) })).status).toBe(200);
  });

  it('answers 401 JSON to a signed-out API call and redirects a signed-out page [signed out]', async () => {
    expect(await (await app.request('/me')).json()).toEqual({ userId: null });
    const api = await app.request('/protected', { headers: { accept: 'application/json' } });
    expect(api.status).toBe(401);
    expect(await api.json()).toMatchObject({ errors: [{ code: 'signed_out' }] });
    const page = await app.request('http://localhost:3000/protected', { headers: { accept: 'text/html', 'sec-fetch-dest': 'document' } });
    expect(page.status).toBe(307);
    expect(new URL(page.headers.get('location')!).searchParams.get('redirect_url')).toBe('http://localhost:3000/protected');
    expect((await app.request('/inline', { headers: { accept: 'application/json' } })).status).toBe(401);
  });

  it('refuses an expired token [expired]', async () => {
    const { token } = await signedInToken('grace@example.com');
    ts.clock!.advance(70_000);
    expect((await app.request('/protected', { headers: bearer(token) })).status).toBe(401);
  });

  it('refuses a token whose azp is not an authorized party [wrong azp]', async () => {
    const other = makeApp(middlewareOptions({ authorizedParties: ['https://other-app.example'] }));
    const { token } = await signedInToken('ken@example.com');
    expect((await other.request('/protected', { headers: bearer(token) })).status).toBe(401);
    expect((await app.request('/protected', { headers: bearer(token) })).status).toBe(200);
  });

  it('answers 403 JSON to a signed-in user without the role [role-protected route]', async () => {
    const { token } = await signedInToken('barbara@example.com');
    const res = await app.request('/admin', { headers: bearer(token) });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ errors: [{ code: 'forbidden' }] });
  });

  it('reads LATCHKEY_* from the runtime env when options are absent', async () => {
    const a = new Hono<{ Bindings: Record<string, string> }>();
    a.use('*', latchkeyMiddleware({ authorizedParties: [TEST_APP_ORIGIN], now: ts.clock!.now, fetch: middlewareOptions().fetch }));
    a.get('/protected', requireAuth(), (c) => c.json({ userId: getAuth(c).userId }));
    const { token, userId } = await signedInToken('env@example.com');
    const env = { LATCHKEY_PUBLISHABLE_KEY: ts.publishableKey, LATCHKEY_SECRET_KEY: ts.secretKey, LATCHKEY_API_URL: ts.publicUrl };
    const res = await a.request('/protected', { headers: bearer(token) }, env);
    expect(await res.json()).toEqual({ userId });
  });

  it('reads the Node request directly under @hono/node-server: signed in, signed out, expired page redirect, 403 [node-server]', async () => {
    const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
      const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
    });
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const { token, userId } = await signedInToken('node-server@example.com');
      const ok = await fetch(`${base}/protected`, { headers: bearer(token) });
      expect(ok.status).toBe(200);
      expect(await ok.json()).toEqual({ userId });
      expect((await fetch(`${base}/protected`, { headers: { accept: 'application/json' } })).status).toBe(401);
      const page = await fetch(`${base}/protected`, { headers: { accept: 'text/html', 'sec-fetch-dest': 'document' }, redirect: 'manual' });
      expect(page.status).toBe(307);
      // The lazily built URL is the one the browser asked for.
      expect(new URL(page.headers.get('location')!).searchParams.get('redirect_url')).toBe(`${base}/protected`);
      expect((await fetch(`${base}/admin`, { headers: bearer(token) })).status).toBe(403);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
