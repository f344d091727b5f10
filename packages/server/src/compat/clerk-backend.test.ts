/**
 * Clerk's published SDKs are test clients of our wire contract (DESIGN §8):
 * they must work against a Latchkey server unchanged.
 */
import { createClerkClient, verifyToken } from '@clerk/backend';
import { createTestServer, type TestServer } from '@latchkey/testing';
import { createPublicKey } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD } from '../test-support/verify-token.js';

let t: TestServer;
beforeAll(async () => {
  t = await createTestServer({ listen: true, clock: false });
});
afterAll(async () => {
  await t.close();
});

describe('@clerk/backend against a Latchkey server', () => {
  it('creates a user, creates a session, lists, gets and revokes sessions and mints a session token', async () => {
    const clerk = createClerkClient({ secretKey: t.secretKey, apiUrl: t.publicUrl });
    const user = await clerk.users.createUser({ emailAddress: ['grace@example.com'], password: PASSWORD, firstName: 'Grace' });
    expect(user.id).toMatch(/^user_/);
    expect(user.primaryEmailAddress?.emailAddress).toBe('grace@example.com');
    expect(user.firstName).toBe('Grace');

    const session = await clerk.sessions.createSession({ userId: user.id });
    expect(session.userId).toBe(user.id);
    expect(session.status).toBe('active');

    const list = await clerk.sessions.getSessionList({ userId: user.id });
    expect(list.data.map((s) => s.id)).toContain(session.id);
    expect((await clerk.sessions.getSession(session.id)).id).toBe(session.id);

    const token = await clerk.sessions.getToken(session.id);
    const jwt = typeof token === 'string' ? token : token.jwt;
    const claims = await verifyToken(jwt, { secretKey: t.secretKey, apiUrl: t.publicUrl });
    expect(claims).toMatchObject({ sub: user.id, sid: session.id, iss: t.publicUrl });

    const revoked = await clerk.sessions.revokeSession(session.id);
    expect(revoked.status).toBe('revoked');
    await expect(clerk.sessions.getToken(session.id)).rejects.toMatchObject({ status: 401 });

    const users = await clerk.users.getUserList({ emailAddress: ['grace@example.com'] });
    expect(users.data.map((u) => u.id)).toEqual([user.id]);
  });

  it('verifyToken accepts our tokens with the JWKS (secretKey + apiUrl) and with a PEM (jwtKey), and refuses a wrong azp', async () => {
    const browser = t.browser();
    const { sessionId, userId } = await browser.signUp('linus@example.com', PASSWORD);
    const jwt = await browser.getToken(sessionId);

    const viaJwks = await verifyToken(jwt, { secretKey: t.secretKey, apiUrl: t.publicUrl, authorizedParties: ['http://localhost:3000'] });
    expect(viaJwks).toMatchObject({ sub: userId, sid: sessionId, azp: 'http://localhost:3000' });

    const jwks = await (await fetch(`${t.publicUrl}/v1/jwks`)).json();
    const pem = createPublicKey({ key: jwks.keys[0], format: 'jwk' }).export({ type: 'spki', format: 'pem' }).toString();
    const viaPem = await verifyToken(jwt, { jwtKey: pem });
    expect(viaPem.sub).toBe(userId);

    await expect(verifyToken(jwt, { jwtKey: pem, authorizedParties: ['https://other.example'] })).rejects.toThrow();
  });
});
