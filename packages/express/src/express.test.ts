import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { createTestServer, type TestServer } from '@latchkey/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getAuth, latchkeyErrorHandler, latchkeyMiddleware, requireAuth } from './index.js';

let ts: TestServer;
let app: Server;
let base: string;
let token: string;
let userId: string;

const middlewareOptions = (extra: Record<string, unknown> = {}) => ts.sdkOptions(extra);

function makeApp(options: Record<string, unknown>) {
  const a = express();
  a.use(latchkeyMiddleware(options));
  a.get('/me', (req, res) => {
    res.json({ userId: getAuth(req).userId });
  });
  a.get('/protected', requireAuth(), (req, res) => {
    res.json({ userId: getAuth(req).userId });
  });
  a.get('/admin', requireAuth({ role: 'org:admin' }), (_req, res) => {
    res.json({ ok: true });
  });
  a.get('/inline', (req, res) => {
    const auth = getAuth(req).protect();
    res.json({ sessionId: auth.sessionId });
  });
  a.use(latchkeyErrorHandler());
  return a;
}

beforeAll(async () => {
  ts = await createTestServer();
  const browser = ts.browser();
  ({ userId } = await browser.signUp('ada@example.com', 'correct horse battery staple'));
  token = await browser.getToken();
  app = makeApp(middlewareOptions()).listen(0, '127.0.0.1');
  await new Promise((resolve) => app.once('listening', resolve));
  base = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => app.close(resolve));
  await ts.close();
});

const bearer = (t: string) => ({ authorization: `Bearer ${t}`, accept: 'application/json' });

describe('@latchkey/express against a real Latchkey server', () => {
  it('attaches the signed-in auth [signed in]', async () => {
    const res = await fetch(`${base}/protected`, { headers: bearer(token) });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ userId });
    const inline = await fetch(`${base}/inline`, { headers: bearer(token) });
    expect(inline.status).toBe(200);
  });

  it('answers 401 JSON to a signed-out API call and redirects a signed-out page to sign-in [signed out]', async () => {
    expect(await (await fetch(`${base}/me`)).json()).toEqual({ userId: null });
    const api = await fetch(`${base}/protected`, { headers: { accept: 'application/json' } });
    expect(api.status).toBe(401);
    expect(await api.json()).toMatchObject({ errors: [{ code: 'signed_out' }] });
    const page = await fetch(`${base}/protected`, { headers: { accept: 'text/html', 'sec-fetch-dest': 'document' }, redirect: 'manual' });
    expect(page.status).toBe(307);
    const to = new URL(page.headers.get('location')!);
    expect(to.searchParams.get('redirect_url')).toBe(`${base}/protected`);
    const inline = await fetch(`${base}/inline`, { headers: { accept: 'application/json' } });
    expect(inline.status).toBe(401);
  });

  it('refuses an expired token [expired]', async () => {
    const browser = ts.browser();
    await browser.signUp('grace@example.com', 'correct horse battery staple');
    const short = await browser.getToken();
    ts.clock!.advance(70_000);
    const res = await fetch(`${base}/protected`, { headers: bearer(short) });
    expect(res.status).toBe(401);
  });

  it('refuses a token whose azp is not an authorized party [wrong azp]', async () => {
    const other = makeApp(middlewareOptions({ authorizedParties: ['https://other-app.example'] })).listen(0, '127.0.0.1');
    await new Promise((resolve) => other.once('listening', resolve));
    try {
      const fresh = await ts.browser().signUp('linus@example.com', 'correct horse battery staple').then(() => ts.browser());
      void fresh;
      const b = ts.browser();
      await b.signUp('ken@example.com', 'correct horse battery staple');
      const t = await b.getToken();
      const url = `http://127.0.0.1:${(other.address() as AddressInfo).port}/protected`;
      expect((await fetch(url, { headers: bearer(t) })).status).toBe(401);
      expect((await fetch(`${base}/protected`, { headers: bearer(t) })).status).toBe(200);
    } finally {
      await new Promise((resolve) => other.close(resolve));
    }
  });

  it('answers 403 JSON to a signed-in user without the role [role-protected route]', async () => {
    const b = ts.browser();
    await b.signUp('barbara@example.com', 'correct horse battery staple');
    const res = await fetch(`${base}/admin`, { headers: bearer(await b.getToken()) });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ errors: [{ code: 'forbidden' }] });
  });

  it('fails fast, naming the env var, when nothing can verify tokens', () => {
    const saved = { ...process.env };
    for (const k of Object.keys(process.env)) if (k.startsWith('LATCHKEY_')) delete process.env[k];
    try {
      expect(() => latchkeyMiddleware()).toThrow(/LATCHKEY_PUBLISHABLE_KEY/);
    } finally {
      Object.assign(process.env, saved);
    }
  });

  it('reads LATCHKEY_* env as a fallback to options', async () => {
    const saved = { ...process.env };
    process.env.LATCHKEY_PUBLISHABLE_KEY = ts.publishableKey;
    process.env.LATCHKEY_SECRET_KEY = ts.secretKey;
    process.env.LATCHKEY_API_URL = ts.publicUrl;
    try {
      const { publishableKey: _p, secretKey: _s, apiUrl: _a, ...rest } = middlewareOptions();
      const envApp = makeApp(rest).listen(0, '127.0.0.1');
      await new Promise((resolve) => envApp.once('listening', resolve));
      const b = ts.browser();
      await b.signUp('env@example.com', 'correct horse battery staple');
      const res = await fetch(`http://127.0.0.1:${(envApp.address() as AddressInfo).port}/protected`, { headers: bearer(await b.getToken()) });
      await new Promise((resolve) => envApp.close(resolve));
      expect(res.status).toBe(200);
    } finally {
      process.env = saved;
    }
  });
});
