import { afterEach, describe, expect, it } from 'vitest';
import { createTestServer, type TestServer } from '@latchkey/testing';

const PASSWORD = 'correct horse battery staple';
let t: TestServer | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const errorCode = async (response: Response) => ((await response.json()) as { errors: { code: string }[] }).errors[0]!.code;

describe('POST /v1/me/sessions/:id/revoke', () => {
  it("revokes one of the user's sessions on another device and leaves the others active", async () => {
    t = await createTestServer();
    const laptop = t.browser();
    const phone = t.browser({ ip: '203.0.113.2' });
    const tablet = t.browser({ ip: '203.0.113.3' });
    await laptop.signUp('a@example.com', PASSWORD);
    const p = await phone.signIn('a@example.com', PASSWORD);
    await tablet.signIn('a@example.com', PASSWORD);
    const response = await laptop.fetch(`/v1/me/sessions/${p.sessionId}/revoke`, { method: 'POST' });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { response: { id: string; status: string }; client: { sessions: unknown[] } };
    expect(body.response).toMatchObject({ id: p.sessionId, status: 'revoked' });
    expect(body.client.sessions).toHaveLength(1);
    expect((await phone.fetch(`/v1/client/sessions/${p.sessionId}/tokens`, { method: 'POST' })).status).toBe(401);
    const list = (await (await laptop.fetch('/v1/me/sessions')).json()) as unknown[];
    expect(list).toHaveLength(2);
  });

  it("answers 404 resource_not_found for another user's session, and leaves it active", async () => {
    t = await createTestServer();
    const alice = t.browser();
    const bob = t.browser();
    await alice.signUp('a@example.com', PASSWORD);
    const b = await bob.signUp('b@example.com', PASSWORD);
    const response = await alice.fetch(`/v1/me/sessions/${b.sessionId}/revoke`, { method: 'POST' });
    expect(response.status).toBe(404);
    expect(await errorCode(response)).toBe('resource_not_found');
    expect((await bob.fetch(`/v1/client/sessions/${b.sessionId}/tokens`, { method: 'POST' })).status).toBe(200);
  });

  it('answers 401 signed_out to a signed-out browser and 403 origin_invalid without an allowed Origin', async () => {
    t = await createTestServer();
    const alice = t.browser();
    const a = await alice.signUp('a@example.com', PASSWORD);
    expect(await errorCode(await t.browser().fetch(`/v1/me/sessions/${a.sessionId}/revoke`, { method: 'POST' }))).toBe('signed_out');
    const foreign = await alice.fetch(`/v1/me/sessions/${a.sessionId}/revoke`, { method: 'POST', headers: { origin: 'https://evil.example' } });
    expect([foreign.status, await errorCode(foreign)]).toEqual([403, 'origin_invalid']);
  });

  it('answers 401 session_not_active when the session was already revoked', async () => {
    t = await createTestServer();
    const laptop = t.browser();
    const phone = t.browser();
    await laptop.signUp('a@example.com', PASSWORD);
    const p = await phone.signIn('a@example.com', PASSWORD);
    await laptop.fetch(`/v1/me/sessions/${p.sessionId}/revoke`, { method: 'POST' });
    const again = await laptop.fetch(`/v1/me/sessions/${p.sessionId}/revoke`, { method: 'POST' });
    expect([again.status, await errorCode(again)]).toEqual([401, 'session_not_active']);
  });
});
