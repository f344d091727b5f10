import { createTestServer, type TestServer } from '@latchkey/testing';
import { createLocalJWKSet, decodeJwt, jwtVerify } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { PASSWORD } from '../test-support/verify-token.js';

let t: TestServer;
afterEach(async () => {
  await t?.close();
});

async function followHandshake(browser: ReturnType<TestServer['browser']>, redirectUrl: string, format?: 'nonce') {
  const response = await browser.fetch(`/v1/client/handshake?redirect_url=${encodeURIComponent(redirectUrl)}${format ? '&format=nonce' : ''}`);
  return response;
}

describe('the handshake', () => {
  it('sends a signed-in browser back with a fresh session cookie, signed by the instance key', async () => {
    t = await createTestServer();
    const browser = t.browser();
    const { sessionId } = await browser.signUp('ada@example.com', PASSWORD);
    const response = await followHandshake(browser, 'http://localhost:3000/dashboard?tab=1');
    expect(response.status).toBe(307);
    const location = new URL(response.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe('http://localhost:3000/dashboard');
    expect(location.searchParams.get('tab')).toBe('1');
    const jwks = await (await t.server.fetch(new Request(`${t.publicUrl}/v1/jwks`))).json();
    const { payload } = await jwtVerify(location.searchParams.get('__clerk_handshake')!, createLocalJWKSet(jwks), { currentDate: t.clock!.now() });
    const directives = payload.handshake as string[];
    const session = directives.find((d) => d.startsWith('__session='))!;
    expect(decodeJwt(session.slice('__session='.length).split(';')[0]!)).toMatchObject({ sid: sessionId, azp: 'http://localhost:3000' });
    expect(directives.find((d) => d.startsWith('__client_uat='))).not.toMatch(/^__client_uat=0;/);
  });

  it('signs the app out when the browser has no active session', async () => {
    t = await createTestServer();
    const browser = t.browser();
    const { sessionId } = await browser.signUp('ada@example.com', PASSWORD);
    await browser.fetch(`/v1/client/sessions/${sessionId}/end`, { method: 'POST' });
    const location = new URL((await followHandshake(browser, 'http://localhost:3000/')).headers.get('location')!);
    const directives = decodeJwt(location.searchParams.get('__clerk_handshake')!).handshake as string[];
    expect(directives.some((d) => /^__session=;.*Max-Age=0/.test(d))).toBe(true);
    expect(directives.some((d) => d.startsWith('__client_uat=0;'))).toBe(true);
  });

  it('hands the directives over once through the Backend API with format=nonce', async () => {
    t = await createTestServer();
    const browser = t.browser();
    await browser.signUp('ada@example.com', PASSWORD);
    const location = new URL((await followHandshake(browser, 'http://localhost:3000/', 'nonce')).headers.get('location')!);
    const nonce = location.searchParams.get('__clerk_handshake_nonce')!;
    const payload = await (await t.backendApi(`/v1/clients/handshake_payload?nonce=${encodeURIComponent(nonce)}`)).json();
    expect(payload.directives.some((d: string) => d.startsWith('__session=ey'))).toBe(true);
    expect((await t.backendApi(`/v1/clients/handshake_payload?nonce=${encodeURIComponent(nonce)}`)).status).toBe(404);
  });

  it('refuses to redirect anywhere but an allowed origin', async () => {
    t = await createTestServer();
    const browser = t.browser();
    await browser.signUp('ada@example.com', PASSWORD);
    for (const target of ['https://evil.example/', '/relative', 'http://localhost:3000.evil.example/']) {
      const response = await followHandshake(browser, target);
      expect(response.status).toBe(400);
      expect((await response.json()).errors[0].code).toBe('redirect_url_invalid');
    }
  });
});
