import { createTestServer, type TestServer } from '@latchkey/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { PASSWORD, verifyWithServedJwks } from '../test-support/verify-token.js';

let t: TestServer;
afterEach(async () => {
  await t?.close();
});

type Json = Record<string, any>;
const body = async (response: Response): Promise<Json> => (await response.json()) as Json;
const errorCode = async (response: Response) => (await body(response)).errors[0].code as string;

async function api(path: string, method = 'GET', json?: unknown): Promise<Json> {
  const response = await t.backendApi(path, { method, ...(json !== undefined ? { json } : {}) });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return body(response);
}

async function signedInUser(email: string) {
  const browser = t.browser();
  const { sessionId, userId } = await browser.signUp(email, PASSWORD);
  return { browser, sessionId, userId };
}

const touch = (browser: ReturnType<TestServer['browser']>, sessionId: string, organizationId: string | null) =>
  browser.fetch(`/v1/client/sessions/${sessionId}/touch`, { method: 'POST', json: { active_organization_id: organizationId } });

async function claimsOf(browser: ReturnType<TestServer['browser']>, sessionId: string) {
  return (await verifyWithServedJwks(t, await browser.getToken(sessionId))).payload as Json;
}

describe('Backend API: organizations', () => {
  it('creates an organization with its creator as org:admin, and gets, updates and deletes it by id or slug', async () => {
    t = await createTestServer();
    const { userId } = await signedInUser('ada@example.com');
    const org = await api('/v1/organizations', 'POST', { name: 'Acme Rockets, Inc.', created_by: userId, public_metadata: { plan: 'pro' } });
    expect(org).toMatchObject({ object: 'organization', name: 'Acme Rockets, Inc.', slug: 'acme-rockets-inc', members_count: 1, created_by: userId, public_metadata: { plan: 'pro' }, private_metadata: {}, max_allowed_memberships: 0, admin_delete_enabled: true });
    expect(org.id).toMatch(/^org_/);
    expect((await api(`/v1/organizations/${org.id}/memberships`)).data.map((m: Json) => [m.public_user_data.user_id, m.role])).toEqual([[userId, 'org:admin']]);

    expect((await api('/v1/organizations/acme-rockets-inc?include_members_count=true')).members_count).toBe(1);
    const renamed = await api('/v1/organizations/acme-rockets-inc', 'PATCH', { name: 'Acme', slug: 'acme' });
    expect(renamed).toMatchObject({ id: org.id, name: 'Acme', slug: 'acme' });
    expect((await t.backendApi('/v1/organizations/acme-rockets-inc')).status).toBe(404);

    // A second organization with the same name gets a suffixed slug; an explicit taken slug is refused.
    const twin = await api('/v1/organizations', 'POST', { name: 'Acme' });
    expect(twin.slug).toMatch(/^acme-[0-9a-z]{6}$/);
    const taken = await t.backendApi('/v1/organizations', { method: 'POST', json: { name: 'Other', slug: 'acme' } });
    expect(taken.status).toBe(422);
    expect(await body(taken)).toMatchObject({ errors: [{ code: 'form_identifier_exists', meta: { param_name: 'slug' } }] });
    for (const slug of ['org_x', 'Has Space', '-lead', '']) {
      const bad = await t.backendApi('/v1/organizations', { method: 'POST', json: { name: 'X', slug: slug || ' ' } });
      expect(await errorCode(bad), slug).toBe('form_param_format_invalid');
    }

    expect(await api(`/v1/organizations/${org.id}`, 'DELETE')).toEqual({ object: 'organization', id: org.id, slug: 'acme', deleted: true });
    expect((await t.backendApi(`/v1/organizations/${org.id}`)).status).toBe(404);
  });

  it('lists organizations as { data, total_count }, with search, order, paging and member counts', async () => {
    t = await createTestServer();
    for (const name of ['Beta', 'Alpha', 'Gamma']) {
      await api('/v1/organizations', 'POST', { name });
      t.clock!.advance(1000);
    }
    const all = await api('/v1/organizations');
    expect(all.total_count).toBe(3);
    expect(all.data.map((o: Json) => o.name)).toEqual(['Gamma', 'Alpha', 'Beta']);
    expect((await api('/v1/organizations?order_by=name&limit=2&offset=1')).data.map((o: Json) => o.name)).toEqual(['Beta', 'Gamma']);
    const found = await api('/v1/organizations?query=ALP&include_members_count=true');
    expect(found).toMatchObject({ total_count: 1, data: [{ name: 'Alpha', members_count: 0 }] });
  });

  it('merges and replaces organization metadata', async () => {
    t = await createTestServer();
    const org = await api('/v1/organizations', 'POST', { name: 'Meta', public_metadata: { a: { b: 1, c: 2 }, keep: true }, private_metadata: { secret: 1 } });
    const merged = await api(`/v1/organizations/${org.id}/metadata`, 'PATCH', { public_metadata: { a: { b: 9, c: null }, added: 'x' } });
    expect(merged.public_metadata).toEqual({ a: { b: 9 }, keep: true, added: 'x' });
    expect(merged.private_metadata).toEqual({ secret: 1 });
    const replaced = await api(`/v1/organizations/${org.id}/metadata`, 'PUT', { public_metadata: { only: 1 } });
    expect(replaced.public_metadata).toEqual({ only: 1 });
    expect(replaced.private_metadata).toEqual({ secret: 1 });
  });
});

describe('Backend API: memberships', () => {
  it('adds, lists, changes and removes members; the user sees their memberships', async () => {
    t = await createTestServer();
    const ada = await signedInUser('ada@example.com');
    const bob = await signedInUser('bob@example.com');
    const org = await api('/v1/organizations', 'POST', { name: 'Acme' });

    const added = await api(`/v1/organizations/${org.id}/memberships`, 'POST', { user_id: ada.userId, role: 'org:admin' });
    expect(added).toMatchObject({ object: 'organization_membership', role: 'org:admin', organization: { id: org.id }, public_user_data: { user_id: ada.userId, identifier: 'ada@example.com' } });
    expect(added.permissions).toContain('org:sys_memberships:manage');
    // `member` without the prefix is `org:member`, as has() reads it.
    await api(`/v1/organizations/${org.slug}/memberships`, 'POST', { user_id: bob.userId, role: 'member' });

    const again = await t.backendApi(`/v1/organizations/${org.id}/memberships`, { method: 'POST', json: { user_id: bob.userId, role: 'org:member' } });
    expect(again.status).toBe(422);
    expect(await errorCode(again)).toBe('already_a_member_in_organization');
    const noRole = await t.backendApi(`/v1/organizations/${org.id}/memberships`, { method: 'POST', json: { user_id: bob.userId, role: 'org:nope' } });
    expect(await body(noRole)).toMatchObject({ errors: [{ code: 'form_param_format_invalid', meta: { param_name: 'role' } }] });
    const noUser = await t.backendApi(`/v1/organizations/${org.id}/memberships`, { method: 'POST', json: { user_id: 'user_missing', role: 'org:member' } });
    expect(await body(noUser)).toMatchObject({ errors: [{ code: 'form_param_format_invalid', meta: { param_name: 'user_id' } }] });

    const list = await api(`/v1/organizations/${org.id}/memberships`);
    expect(list.total_count).toBe(2);
    expect((await api(`/v1/organizations/${org.id}/memberships?role=org:admin`)).data.map((m: Json) => m.public_user_data.user_id)).toEqual([ada.userId]);

    const changed = await api(`/v1/organizations/${org.id}/memberships/${bob.userId}`, 'PATCH', { role: 'org:admin' });
    expect(changed.role).toBe('org:admin');
    const meta = await api(`/v1/organizations/${org.id}/memberships/${bob.userId}/metadata`, 'PATCH', { public_metadata: { team: 'x' } });
    expect(meta.public_metadata).toEqual({ team: 'x' });

    const mine = await api(`/v1/users/${bob.userId}/organization_memberships`);
    expect(mine).toMatchObject({ total_count: 1, data: [{ organization: { id: org.id }, role: 'org:admin' }] });

    const removed = await api(`/v1/organizations/${org.id}/memberships/${bob.userId}`, 'DELETE');
    expect(removed.public_user_data.user_id).toBe(bob.userId);
    expect((await t.backendApi(`/v1/organizations/${org.id}/memberships/${bob.userId}`, { method: 'DELETE' })).status).toBe(404);
    expect((await api(`/v1/users/${bob.userId}/organization_memberships`)).total_count).toBe(0);
    expect((await t.backendApi('/v1/users/user_missing/organization_memberships')).status).toBe(404);
  });

  it('refuses a member beyond max_allowed_memberships', async () => {
    t = await createTestServer();
    const a = await signedInUser('a@example.com');
    const b = await signedInUser('b@example.com');
    const org = await api('/v1/organizations', 'POST', { name: 'Tiny', created_by: a.userId, max_allowed_memberships: 1 });
    const over = await t.backendApi(`/v1/organizations/${org.id}/memberships`, { method: 'POST', json: { user_id: b.userId, role: 'org:member' } });
    expect(over.status).toBe(422);
    expect(await errorCode(over)).toBe('organization_membership_quota_exceeded');
  });
});

describe('Backend API: roles and permissions', () => {
  it('lists the system roles and permissions, creates custom ones, and protects the system ones', async () => {
    t = await createTestServer();
    const roles = await api('/v1/organization_roles?limit=100');
    expect(roles.data.map((r: Json) => r.key).sort()).toEqual(['org:admin', 'org:member']);
    const admin = roles.data.find((r: Json) => r.key === 'org:admin');
    expect(admin).toMatchObject({ object: 'role', is_creator_eligible: true });
    expect(admin.permissions.map((p: Json) => p.key)).toContain('org:sys_profile:manage');
    expect((await api('/v1/organization_permissions?limit=100')).data.every((p: Json) => p.type === 'system')).toBe(true);

    const read = await api('/v1/organization_permissions', 'POST', { key: 'org:invoices:read', name: 'Read invoices' });
    expect(read).toMatchObject({ object: 'permission', key: 'org:invoices:read', type: 'user', description: '' });
    const pay = await api('/v1/organization_permissions', 'POST', { key: 'invoices:pay', name: 'Pay invoices' });
    expect(pay.key).toBe('org:invoices:pay');
    for (const key of ['org:sys_profile:hack', 'org:invoices', 'org:Invoices:read', 'org:a:b:c']) {
      const bad = await t.backendApi('/v1/organization_permissions', { method: 'POST', json: { key, name: 'x' } });
      expect(await errorCode(bad), key).toBe('form_param_format_invalid');
    }

    const billing = await api('/v1/organization_roles', 'POST', { key: 'org:billing', name: 'Billing', permissions: [read.id, 'org:invoices:pay'] });
    expect(billing.permissions.map((p: Json) => p.key)).toEqual(['org:invoices:read', 'org:invoices:pay']);
    expect(billing.is_creator_eligible).toBe(false);
    const dup = await t.backendApi('/v1/organization_roles', { method: 'POST', json: { key: 'billing', name: 'Again' } });
    expect(await errorCode(dup)).toBe('form_identifier_exists');

    // System roles: custom permissions may be added; their key, existence and system permissions are fixed.
    const adminWithRead = await api(`/v1/organization_roles/${admin.id}/permissions/${read.id}`, 'POST');
    expect(adminWithRead.permissions.map((p: Json) => p.key)).toEqual(expect.arrayContaining(['org:invoices:read', 'org:sys_profile:manage']));
    const removeSys = await t.backendApi(`/v1/organization_roles/${admin.id}/permissions/perm_sys_profile_manage`, { method: 'DELETE' });
    expect(await errorCode(removeSys)).toBe('organization_system_resource_immutable');
    const rekey = await t.backendApi(`/v1/organization_roles/${admin.id}`, { method: 'PATCH', json: { key: 'org:boss' } });
    expect(await errorCode(rekey)).toBe('organization_system_resource_immutable');
    expect(await errorCode(await t.backendApi(`/v1/organization_roles/${admin.id}`, { method: 'DELETE' }))).toBe('organization_system_resource_immutable');
    expect(await errorCode(await t.backendApi('/v1/organization_permissions/perm_sys_profile_manage', { method: 'DELETE' }))).toBe('organization_system_resource_immutable');

    // A role in use cannot be deleted; a deleted permission leaves every role.
    const user = await signedInUser('u@example.com');
    const org = await api('/v1/organizations', 'POST', { name: 'Acme' });
    await api(`/v1/organizations/${org.id}/memberships`, 'POST', { user_id: user.userId, role: 'org:billing' });
    expect(await errorCode(await t.backendApi(`/v1/organization_roles/${billing.id}`, { method: 'DELETE' }))).toBe('organization_role_in_use');
    await api(`/v1/organization_permissions/${read.id}`, 'DELETE');
    expect((await api(`/v1/organization_roles/${billing.id}`)).permissions.map((p: Json) => p.key)).toEqual(['org:invoices:pay']);
    expect((await api(`/v1/organization_roles/${admin.id}`)).permissions.map((p: Json) => p.key)).not.toContain('org:invoices:read');
    await api(`/v1/organizations/${org.id}/memberships/${user.userId}`, 'PATCH', { role: 'org:member' });
    expect(await api(`/v1/organization_roles/${billing.id}`, 'DELETE')).toEqual({ object: 'role', id: billing.id, deleted: true });
  });

  it('renaming a role carries the new key over to its members', async () => {
    t = await createTestServer();
    const user = await signedInUser('u@example.com');
    const org = await api('/v1/organizations', 'POST', { name: 'Acme' });
    const role = await api('/v1/organization_roles', 'POST', { key: 'org:analyst', name: 'Analyst' });
    await api(`/v1/organizations/${org.id}/memberships`, 'POST', { user_id: user.userId, role: 'org:analyst' });
    await api(`/v1/organization_roles/${role.id}`, 'PATCH', { key: 'org:auditor' });
    expect((await api(`/v1/organizations/${org.id}/memberships`)).data[0].role).toBe('org:auditor');
  });
});

describe('the active organization of a session', () => {
  it('is set by touch for a member, refused for a non-member, and carried in the token as o (Clerk v2)', async () => {
    t = await createTestServer();
    const { browser, sessionId, userId } = await signedInUser('ada@example.com');
    const org = await api('/v1/organizations', 'POST', { name: 'Acme', created_by: userId });
    const other = await api('/v1/organizations', 'POST', { name: 'Elsewhere' });

    expect((await claimsOf(browser, sessionId)).o).toBeUndefined();
    const refused = await touch(browser, sessionId, other.id);
    expect(refused.status).toBe(403);
    expect(await errorCode(refused)).toBe('organization_membership_not_found');
    const unknown = await touch(browser, sessionId, 'org_doesnotexist');
    expect(await errorCode(unknown)).toBe('organization_membership_not_found');
    expect((await api(`/v1/sessions/${sessionId}`)).last_active_organization_id).toBeNull();

    const ok = await touch(browser, sessionId, org.id);
    expect(ok.status).toBe(200);
    expect((await body(ok)).response.last_active_organization_id).toBe(org.id);
    const claims = await claimsOf(browser, sessionId);
    expect(claims.o).toEqual({ id: org.id, rol: 'admin', slg: 'acme', per: '', fpm: '' });
    expect(claims.fea).toBeUndefined();

    // Clearing it: the next token has no organization.
    await touch(browser, sessionId, null);
    expect((await claimsOf(browser, sessionId)).o).toBeUndefined();
  });

  it('role and permission changes show up in the next token', async () => {
    t = await createTestServer();
    const { browser, sessionId, userId } = await signedInUser('ada@example.com');
    const org = await api('/v1/organizations', 'POST', { name: 'Acme' });
    await api('/v1/organization_permissions', 'POST', { key: 'org:reports:read', name: 'Read reports' });
    await api('/v1/organization_permissions', 'POST', { key: 'org:reports:manage', name: 'Manage reports' });
    await api('/v1/organization_permissions', 'POST', { key: 'org:teams:read', name: 'Read teams' });
    const role = await api('/v1/organization_roles', 'POST', { key: 'org:analyst', name: 'Analyst', permissions: ['org:reports:read'] });
    await api(`/v1/organizations/${org.id}/memberships`, 'POST', { user_id: userId, role: 'org:member' });
    await touch(browser, sessionId, org.id);
    expect((await claimsOf(browser, sessionId)).o).toMatchObject({ rol: 'member', per: '', fpm: '' });

    await api(`/v1/organizations/${org.id}/memberships/${userId}`, 'PATCH', { role: 'org:analyst' });
    let claims = await claimsOf(browser, sessionId);
    expect(claims.o).toMatchObject({ rol: 'analyst', per: 'read', fpm: '1' });
    expect(claims.fea).toBe('o:reports');

    await api(`/v1/organization_roles/${role.id}`, 'PATCH', { permissions: ['org:reports:read', 'org:reports:manage', 'org:teams:read'] });
    claims = await claimsOf(browser, sessionId);
    // Clerk's documented example: dashboard→reports, teams; per "manage,read"; fpm "3,2".
    expect(claims.fea).toBe('o:reports,o:teams');
    expect(claims.o).toMatchObject({ per: 'manage,read', fpm: '3,2' });

    await api(`/v1/organization_roles/${role.id}/permissions/org:reports:manage`, 'DELETE');
    expect((await claimsOf(browser, sessionId)).o).toMatchObject({ per: 'read', fpm: '1,1' });

    await api(`/v1/organizations/${org.id}`, 'PATCH', { slug: 'acme-2' });
    expect((await claimsOf(browser, sessionId)).o.slg).toBe('acme-2');
  });

  it('is cleared when the membership goes, and when the organization is deleted', async () => {
    t = await createTestServer();
    const { browser, sessionId, userId } = await signedInUser('ada@example.com');
    const org = await api('/v1/organizations', 'POST', { name: 'Acme', created_by: userId });
    await touch(browser, sessionId, org.id);
    expect((await claimsOf(browser, sessionId)).o.id).toBe(org.id);
    await api(`/v1/organizations/${org.id}/memberships/${userId}`, 'DELETE');
    expect((await api(`/v1/sessions/${sessionId}`)).last_active_organization_id).toBeNull();
    expect((await claimsOf(browser, sessionId)).o).toBeUndefined();
    expect(await errorCode(await touch(browser, sessionId, org.id))).toBe('organization_membership_not_found');

    const second = await api('/v1/organizations', 'POST', { name: 'Second', created_by: userId });
    await touch(browser, sessionId, second.id);
    await api(`/v1/organizations/${second.id}`, 'DELETE');
    expect((await api(`/v1/sessions/${sessionId}`)).last_active_organization_id).toBeNull();
    expect((await claimsOf(browser, sessionId)).o).toBeUndefined();
  });
});
