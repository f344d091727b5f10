/**
 * The revocation feed keeps an entry as long as any token it could match may
 * still verify: the server's longest token lifetime, which a JWT template
 * signed with the instance keys may push past the session-token lifetime.
 */
import { createTestServer, type TestServer } from '@latchkey/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

interface RevocationList {
  entries: { type: string; session_id?: string }[];
  max_token_lifetime_seconds: number;
}

describe('revocation feed retention', () => {
  let t: TestServer;
  beforeEach(async () => {
    t = await createTestServer();
  });
  afterEach(() => t.close());

  const list = async () => (await (await t.backendApi('/v1/revocations')).json()) as RevocationList;
  const revokedSession = async () => {
    const user = (await (await t.backendApi('/v1/users', { method: 'POST', json: { email_address: 'keep@example.com', password: 'keep password 123' } })).json()) as { id: string };
    const session = (await (await t.backendApi('/v1/sessions', { method: 'POST', json: { user_id: user.id } })).json()) as { id: string };
    expect((await t.backendApi(`/v1/sessions/${session.id}/revoke`, { method: 'POST' })).status).toBe(200);
    return session.id;
  };

  it('keeps a revocation for the session-token lifetime plus skew when no template lives longer', async () => {
    const sessionId = await revokedSession();
    expect(await list()).toMatchObject({ max_token_lifetime_seconds: 65, entries: [{ type: 'session', session_id: sessionId }] });
    t.clock!.advance(66_000);
    expect((await list()).entries).toEqual([]);
  });

  it('keeps a revocation as long as the longest-lived template signed with the instance keys, and not for one with its own secret', async () => {
    const created = await t.backendApi('/v1/jwt_templates', { method: 'POST', json: { name: 'long', claims: { role: 'x' }, lifetime: 3600, allowed_clock_skew: 5 } });
    expect(created.status).toBe(200);
    const ownSecret = await t.backendApi('/v1/jwt_templates', {
      method: 'POST',
      json: { name: 'db', claims: { role: 'y' }, lifetime: 86_400, custom_signing_key: true, signing_algorithm: 'HS256', signing_key: 'a-shared-secret-of-at-least-32-characters' },
    });
    expect(ownSecret.status).toBe(200);
    const sessionId = await revokedSession();
    expect((await list()).max_token_lifetime_seconds).toBe(3605);
    // Past the session-token lifetime, a template token of the session may still verify: still listed.
    t.clock!.advance(10 * 60_000);
    expect((await list()).entries.map((e) => e.session_id)).toEqual([sessionId]);
    t.clock!.advance(3605_000 - 10 * 60_000 + 1_000);
    expect((await list()).entries).toEqual([]);
  });
});
