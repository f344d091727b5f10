/**
 * `has()` over real session tokens: our `@latchkey/backend` (through
 * `authenticateRequest`) and Clerk's published `@clerk/backend` (its
 * signed-in Auth object, which decodes `o`/`fea` with Clerk's own parser)
 * must give the same answers, and the answers Clerk documents.
 */
import { signedInAuthObject } from '@clerk/backend/internal';
import { createAuthenticator } from '@latchkey/backend';
import { createTestServer, TEST_APP_ORIGIN, type TestServer } from '@latchkey/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD } from '../test-support/verify-token.js';

type Check = { role?: string; permission?: string };
const checks: [string, Check][] = [
  ['role org:admin', { role: 'org:admin' }],
  ['role admin (no prefix)', { role: 'admin' }],
  ['role org:member', { role: 'org:member' }],
  ['role org:analyst', { role: 'org:analyst' }],
  ['permission org:reports:read', { permission: 'org:reports:read' }],
  ['permission reports:read (no prefix)', { permission: 'reports:read' }],
  ['permission org:reports:manage', { permission: 'org:reports:manage' }],
  ['permission org:teams:read', { permission: 'org:teams:read' }],
  ['system permission org:sys_memberships:read (not in tokens, as with Clerk)', { permission: 'org:sys_memberships:read' }],
  ['role org:admin and permission org:reports:manage', { role: 'org:admin', permission: 'org:reports:manage' }],
  ['role org:member and permission org:reports:manage', { role: 'org:member', permission: 'org:reports:manage' }],
];

// Expected answers per token, in the order of `checks`.
const expected: Record<string, boolean[]> = {
  admin: [true, true, false, false, true, true, true, false, false, true, false],
  member: [false, false, true, false, true, true, false, false, false, false, false],
  analyst: [false, false, false, true, true, true, false, true, false, false, false],
  'no organization': [false, false, false, false, false, false, false, false, false, false, false],
};

let t: TestServer;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestServer();
  const api = async (path: string, method: string, json?: unknown) => {
    const response = await t.backendApi(path, { method, json });
    if (!response.ok) throw new Error(`${path}: ${await response.text()}`);
    return response.json() as Promise<Record<string, any>>;
  };
  for (const key of ['org:reports:read', 'org:reports:manage', 'org:teams:read']) await api('/v1/organization_permissions', 'POST', { key, name: key });
  await api('/v1/organization_roles/org:admin', 'PATCH', { permissions: ['org:reports:read', 'org:reports:manage'] });
  await api('/v1/organization_roles/org:member', 'PATCH', { permissions: ['org:reports:read'] });
  await api('/v1/organization_roles', 'POST', { key: 'org:analyst', name: 'Analyst', permissions: ['org:reports:read', 'org:teams:read'] });
  const org = await api('/v1/organizations', 'POST', { name: 'Acme' });
  for (const role of ['admin', 'member', 'analyst', 'no organization']) {
    const browser = t.browser();
    const { sessionId, userId } = await browser.signUp(`${role.replace(' ', '-')}@example.com`, PASSWORD);
    if (role !== 'no organization') {
      await api(`/v1/organizations/${org.id}/memberships`, 'POST', { user_id: userId, role: `org:${role}` });
      await browser.fetch(`/v1/client/sessions/${sessionId}/touch`, { method: 'POST', json: { active_organization_id: org.id } });
    }
    tokens[role] = await browser.getToken(sessionId);
  }
});
afterAll(async () => {
  await t.close();
});

describe('has() against session tokens: @latchkey/backend and @clerk/backend agree', () => {
  for (const role of Object.keys(expected)) {
    it(`[${role}]`, async () => {
      const jwks = (await (await t.server.fetch(new Request(new URL('/v1/jwks', t.publicUrl)))).json()) as { keys: JsonWebKey[] };
      const authenticate = createAuthenticator({ jwtKey: jwks.keys[0], authorizedParties: [TEST_APP_ORIGIN], now: t.clock!.now });
      const state = await authenticate(new Request('http://localhost:3000/api', { headers: { authorization: `Bearer ${tokens[role]}` } }));
      expect(state.status).toBe('signed-in');
      const ours = state.toAuth()!;
      if (ours.isAuthenticated !== true) throw new Error('expected a signed-in Auth object');
      const clerk = signedInAuthObject({}, tokens[role]!, ours.sessionClaims as never);

      const answers = checks.map(([, check]) => ({ ours: ours.has(check as never), clerk: clerk.has(check as never) }));
      expect(answers.map((a) => a.ours), 'ours').toEqual(expected[role]);
      expect(answers.map((a) => a.clerk), 'Clerk').toEqual(expected[role]);
      expect(ours.orgRole).toBe(clerk.orgRole ?? null);
      expect(ours.orgId).toBe(clerk.orgId ?? null);
      expect(ours.orgSlug).toBe(clerk.orgSlug ?? null);
      expect([...(ours.orgPermissions ?? [])].sort()).toEqual([...(clerk.orgPermissions ?? [])].sort());
    });
  }
});
