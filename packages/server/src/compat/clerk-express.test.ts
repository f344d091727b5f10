/**
 * An Express app using the published @clerk/express middleware, configured
 * only through its environment variables, authenticates a request carrying
 * a Latchkey session token as a Bearer token.
 */
import { createTestServer, type TestServer } from '@latchkey/testing';
import { listen, type ListeningServer } from '@latchkey/server/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD } from '../test-support/verify-token.js';

let t: TestServer;
let app: ListeningServer;

beforeAll(async () => {
  t = await createTestServer({ listen: true, clock: false });
  process.env.CLERK_API_URL = t.publicUrl;
  process.env.CLERK_SECRET_KEY = t.secretKey;
  process.env.CLERK_PUBLISHABLE_KEY = t.server.publishableKeys.live;
  // Imported after the environment is set: @clerk/express reads it at load time.
  const { clerkMiddleware, getAuth } = await import('@clerk/express');
  const express = (await import('express')).default;
  const server = express();
  server.use(clerkMiddleware());
  server.get('/api/me', (req, res) => {
    const auth = getAuth(req);
    if (!auth.userId) {
      res.status(401).json({ signedIn: false });
      return;
    }
    res.json({ userId: auth.userId, sessionId: auth.sessionId });
  });
  server.use((error: Error, _req: unknown, res: { status(n: number): { json(b: unknown): void } }, _next: unknown) => {
    res.status(500).json({ error: error.message });
  });
  app = await listen(server, { port: 0, host: '127.0.0.1' });
});

afterAll(async () => {
  await app?.close();
  await t?.close();
  delete process.env.CLERK_API_URL;
  delete process.env.CLERK_SECRET_KEY;
  delete process.env.CLERK_PUBLISHABLE_KEY;
});

describe('@clerk/express against a Latchkey server', () => {
  it('authenticates a Bearer session token and refuses a request without one', async () => {
    const browser = t.browser();
    const { sessionId, userId } = await browser.signUp('ada@example.com', PASSWORD);
    const jwt = await browser.getToken(sessionId);
    const ok = await fetch(`${app.url}/api/me`, { headers: { authorization: `Bearer ${jwt}` } });
    expect(ok.status, await ok.clone().text()).toBe(200);
    expect(await ok.json()).toEqual({ userId, sessionId });
    const anonymous = await fetch(`${app.url}/api/me`);
    expect(anonymous.status).toBe(401);
    const tampered = await fetch(`${app.url}/api/me`, { headers: { authorization: `Bearer ${jwt.slice(0, -4)}AAAA` } });
    expect(tampered.status).toBe(401);
  });
});
