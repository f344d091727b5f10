import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { createTestServer, type TestServer } from '@latchkey/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getAuth, latchkeyPlugin, requireAuth } from './index.js';

let ts: TestServer;
let app: FastifyInstance;
let base: string;

const pluginOptions = (extra: Record<string, unknown> = {}) => ts.sdkOptions(extra);

async function makeApp(options: Record<string, unknown>): Promise<{ app: FastifyInstance; base: string }> {
  const a = Fastify();
  await a.register(latchkeyPlugin, options);
  a.get('/me', async (request) => ({ userId: getAuth(request).userId }));
  a.get('/protected', { preHandler: requireAuth() }, async (request) => ({ userId: getAuth(request).userId }));
  a.get('/admin', { preHandler: requireAuth({ role: 'org:admin' }) }, async () => ({ ok: true }));
  await a.listen({ port: 0, host: '127.0.0.1' });
  return { app: a, base: `http://127.0.0.1:${(a.server.address() as AddressInfo).port}` };
}

async function signedInToken(email: string): Promise<{ token: string; userId: string }> {
  const b = ts.browser();
  const { userId } = await b.signUp(email, 'correct horse battery staple');
  return { token: await b.getToken(), userId };
}

beforeAll(async () => {
  ts = await createTestServer();
  ({ app, base } = await makeApp(pluginOptions()));
});

afterAll(async () => {
  await app.close();
  await ts.close();
});

const bearer = (t: string) => ({ authorization: `Bearer ${t}`, accept: 'application/json' });

describe('@latchkey/fastify against a real Latchkey server', () => {
  it('attaches the signed-in auth [signed in]', async () => {
    const { token, userId } = await signedInToken('ada@example.com');
    const res = await fetch(`${base}/protected`, { headers: bearer(token) });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ userId });
  });

  it('answers 401 JSON to a signed-out API call and redirects a signed-out page [signed out]', async () => {
    expect(await (await fetch(`${base}/me`)).json()).toEqual({ userId: null });
    const api = await fetch(`${base}/protected`, { headers: { accept: 'application/json' } });
    expect(api.status).toBe(401);
    expect(await api.json()).toMatchObject({ errors: [{ code: 'signed_out' }] });
    const page = await fetch(`${base}/protected`, { headers: { accept: 'text/html', 'sec-fetch-dest': 'document' }, redirect: 'manual' });
    expect(page.status).toBe(307);
    expect(new URL(page.headers.get('location')!).searchParams.get('redirect_url')).toBe(`${base}/protected`);
  });

  it('refuses an expired token [expired]', async () => {
    const { token } = await signedInToken('grace@example.com');
    ts.clock!.advance(70_000);
    expect((await fetch(`${base}/protected`, { headers: bearer(token) })).status).toBe(401);
  });

  it('refuses a token whose azp is not an authorized party [wrong azp]', async () => {
    const other = await makeApp(pluginOptions({ authorizedParties: ['https://other-app.example'] }));
    try {
      const { token } = await signedInToken('ken@example.com');
      expect((await fetch(`${other.base}/protected`, { headers: bearer(token) })).status).toBe(401);
      expect((await fetch(`${base}/protected`, { headers: bearer(token) })).status).toBe(200);
    } finally {
      await other.app.close();
    }
  });

  it('answers 403 JSON to a signed-in user without the role [role-protected route]', async () => {
    const { token } = await signedInToken('barbara@example.com');
    const res = await fetch(`${base}/admin`, { headers: bearer(token) });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ errors: [{ code: 'forbidden' }] });
  });
});
