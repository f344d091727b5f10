/**
 * The typed Backend API client against the real server on loopback (real
 * fetch, real clock): every DESIGN §8 resource the server has. Node only
 * (the server runs on SQLite), hence `.node.test.ts`.
 */
import { createTestServer, type TestServer } from '@latchkey/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LatchkeyApiError } from '../errors.js';
import { createLatchkeyClient, type LatchkeyClient } from './client.js';
import type { OrganizationJson, PaginatedList, SessionJson, UserJson } from './resources.js';

let ts: TestServer;
let latchkey: LatchkeyClient;
let user: UserJson;

const list = <T>(value: T[] | PaginatedList<T>): T[] => (Array.isArray(value) ? value : value.data);

async function apiError(promise: Promise<unknown>): Promise<LatchkeyApiError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LatchkeyApiError);
  return error as LatchkeyApiError;
}

beforeAll(async () => {
  ts = await createTestServer({ listen: true, clock: false });
  latchkey = createLatchkeyClient({ secretKey: ts.secretKey, apiUrl: ts.publicUrl, publishableKey: ts.publishableKey });
  user = await latchkey.users.createUser({ email_address: ['ada@example.com'], password: 'correct horse battery staple' });
});

afterAll(async () => {
  await ts.close();
});

describe('createLatchkeyClient against a real Latchkey server', () => {
  it('users: create, get, list, count, update, metadata merge, ban and unban', async () => {
    expect(user).toMatchObject({ object: 'user', banned: false });
    expect(user.id).toMatch(/^user_/);
    expect(user.email_addresses[0]).toMatchObject({ object: 'email_address', email_address: 'ada@example.com' });
    expect(await latchkey.users.getUser(user.id)).toMatchObject({ id: user.id });
    expect(list(await latchkey.users.getUserList({ email_address: ['ada@example.com'] })).map((u) => u.id)).toEqual([user.id]);
    const paged = (await latchkey.users.getUserList({ paginated: true, limit: 1 })) as PaginatedList<UserJson>;
    expect(paged.total_count).toBeGreaterThanOrEqual(1);
    expect(paged.data).toHaveLength(1);
    expect((await latchkey.users.getCount()).total_count).toBeGreaterThanOrEqual(1);
    await latchkey.users.updateUser(user.id, { public_metadata: { plan: 'pro' } });
    const merged = await latchkey.users.updateUserMetadata(user.id, { public_metadata: { role: 'admin' } });
    expect(merged.public_metadata).toEqual({ plan: 'pro', role: 'admin' });
    expect((await latchkey.users.banUser(user.id)).banned).toBe(true);
    expect((await latchkey.users.unbanUser(user.id)).banned).toBe(false);
  });

  it('sessions: create, get, list, mint a token that verifies networklessly, revoke; a revoked session mints nothing', async () => {
    const session = await latchkey.sessions.createSession({ user_id: user.id });
    expect(session).toMatchObject({ object: 'session', user_id: user.id, status: 'active' });
    expect(await latchkey.sessions.getSession(session.id)).toMatchObject({ id: session.id });
    expect(list(await latchkey.sessions.getSessionList({ user_id: user.id })).map((s: SessionJson) => s.id)).toContain(session.id);
    const { object, jwt } = await latchkey.sessions.getToken(session.id);
    expect(object).toBe('token');
    // The client's verifier fetches the Backend API JWKS once, then verifies locally.
    expect(await latchkey.verifyToken(jwt)).toMatchObject({ sub: user.id, sid: session.id, v: 2 });
    const state = await latchkey.authenticateRequest(new Request('http://localhost:3000/api/me', { headers: { authorization: `Bearer ${jwt}` } }));
    expect(state.toAuth()).toMatchObject({ userId: user.id, sessionId: session.id });
    expect((await latchkey.sessions.revokeSession(session.id)).status).toBe('revoked');
    const refused = await apiError(latchkey.sessions.getToken(session.id));
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(refused.status).toBeLessThan(500);
    expect(refused.errors[0]!.code).toMatch(/^[a-z_]+$/);
  });

  it('clients: the client a session belongs to; an unknown handshake nonce is a coded 4xx', async () => {
    const browser = ts.browser();
    const { sessionId } = await browser.signIn('ada@example.com', 'correct horse battery staple');
    const session = await latchkey.sessions.getSession(sessionId);
    const client = await latchkey.clients.getClient(session.client_id);
    expect(client).toMatchObject({ object: 'client', id: session.client_id });
    const error = await apiError(latchkey.clients.getHandshakePayload({ nonce: 'nonce_that_was_never_issued' }));
    expect(error.status).toBeGreaterThanOrEqual(400);
    expect(error.status).toBeLessThan(500);
  });

  it('jwks: the public signing keys, with kid', async () => {
    const jwks = await latchkey.jwks.getJwks();
    expect(jwks.keys.length).toBeGreaterThanOrEqual(1);
    expect(jwks.keys[0]).toMatchObject({ kid: expect.any(String) });
    expect(jwks.keys[0]).not.toHaveProperty('d');
  });

  it('instance: reads settings and applies a change; an invalid value is a coded 4xx', async () => {
    const settings = await latchkey.instance.getInstance();
    expect(settings).toMatchObject({ object: 'instance_settings', session_token_ttl_seconds: expect.any(Number) });
    const changed = await latchkey.instance.updateInstance({ session_token_ttl_seconds: 90 });
    expect(changed.session_token_ttl_seconds).toBe(90);
    expect((await latchkey.instance.getInstance()).session_token_ttl_seconds).toBe(90);
    const error = await apiError(latchkey.instance.updateInstance({ session_token_ttl_seconds: 'soon' }));
    expect(error.status).toBe(422);
    await latchkey.instance.updateInstance({ session_token_ttl_seconds: settings.session_token_ttl_seconds });
  });

  it('organizations: create, get by id and slug, list, update, memberships, roles and permissions, delete', async () => {
    const grace = await latchkey.users.createUser({ email_address: ['grace@example.com'], password: 'correct horse battery staple' });
    const org = await latchkey.organizations.createOrganization({ name: 'Acme', slug: 'acme', created_by: user.id });
    expect(org).toMatchObject({ object: 'organization', name: 'Acme', slug: 'acme' });
    expect((await latchkey.organizations.getOrganization('acme')).id).toBe(org.id);
    expect(list(await latchkey.organizations.getOrganizationList()).map((o: OrganizationJson) => o.id)).toContain(org.id);
    expect((await latchkey.organizations.updateOrganization(org.id, { name: 'Acme Inc' })).name).toBe('Acme Inc');

    const added = await latchkey.organizations.createOrganizationMembership(org.id, { user_id: grace.id, role: 'org:member' });
    expect(added).toMatchObject({ object: 'organization_membership', role: 'org:member' });
    const members = list(await latchkey.organizations.getOrganizationMembershipList(org.id));
    expect(members).toHaveLength(2);
    expect((await latchkey.organizations.updateOrganizationMembership(org.id, grace.id, { role: 'org:admin' })).role).toBe('org:admin');
    expect(list(await latchkey.users.getOrganizationMembershipList(grace.id)).map((m) => m.organization.id)).toEqual([org.id]);
    await latchkey.organizations.deleteOrganizationMembership(org.id, grace.id);
    expect(list(await latchkey.organizations.getOrganizationMembershipList(org.id))).toHaveLength(1);

    const permission = await latchkey.organizations.createPermission({ key: 'org:reports:read', name: 'Read reports' });
    expect(permission).toMatchObject({ object: 'permission', key: 'org:reports:read' });
    expect(list(await latchkey.organizations.getPermissionList()).map((p) => p.key)).toContain('org:reports:read');
    const role = await latchkey.organizations.createRole({ key: 'org:analyst', name: 'Analyst', permissions: ['org:reports:read'] });
    expect(role).toMatchObject({ object: 'role', key: 'org:analyst' });
    expect(list(await latchkey.organizations.getRoleList()).map((r) => r.key)).toEqual(expect.arrayContaining(['org:admin', 'org:member', 'org:analyst']));

    expect(await latchkey.organizations.deleteOrganization(org.id)).toMatchObject({ id: org.id, deleted: true });
    expect((await apiError(latchkey.organizations.getOrganization(org.id))).status).toBe(404);
  });

  it('jwt_templates: create, list, get, update, mint a template token, delete', async () => {
    const template = await latchkey.jwtTemplates.create({ name: 'api', claims: { email: '{{user.primary_email_address}}', plan: '{{user.public_metadata.plan}}' }, lifetime: 120 });
    expect(template).toMatchObject({ object: 'jwt_template', name: 'api', lifetime: 120 });
    expect(list(await latchkey.jwtTemplates.list()).map((t) => t.id)).toContain(template.id);
    expect((await latchkey.jwtTemplates.get(template.id)).name).toBe('api');
    expect((await latchkey.jwtTemplates.update(template.id, { lifetime: 300 })).lifetime).toBe(300);
    const session = await latchkey.sessions.createSession({ user_id: user.id });
    const { jwt } = await latchkey.sessions.getToken(session.id, 'api');
    const payload = JSON.parse(atob(jwt.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as Record<string, unknown>;
    expect(payload).toMatchObject({ sub: user.id, plan: 'pro' });
    expect(payload.exp! as number - (payload.iat as number)).toBe(300);
    expect(await latchkey.jwtTemplates.delete(template.id)).toMatchObject({ deleted: true });
  });

  it('answers failures with LatchkeyApiError carrying the server\'s codes: unknown id 404, wrong secret key 401', async () => {
    const missing = await apiError(latchkey.users.getUser('user_does_not_exist'));
    expect(missing).toMatchObject({ code: 'ERR_LATCHKEY_API', status: 404, errors: [{ code: 'resource_not_found' }] });
    const stranger = createLatchkeyClient({ secretKey: 'sk_test_not_this_instance_000000000000', apiUrl: ts.publicUrl });
    const denied = await apiError(stranger.users.getUser(user.id));
    expect(denied.status).toBe(401);
    expect(denied.errors[0]!.code).toMatch(/^[a-z_]+$/);
  });
});
