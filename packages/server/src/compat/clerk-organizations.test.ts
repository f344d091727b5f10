/**
 * Clerk's published Backend API client against a Latchkey server on
 * loopback, unchanged: organizations, memberships, roles, permissions, JWT
 * templates and user metadata (DESIGN §8).
 */
import { createClerkClient, verifyToken } from '@clerk/backend';
import { createTestServer, type TestServer } from '@latchkey/testing';
import { jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD } from '../test-support/verify-token.js';

let t: TestServer;
let clerk: ReturnType<typeof createClerkClient>;
beforeAll(async () => {
  t = await createTestServer({ listen: true, clock: false });
  clerk = createClerkClient({ secretKey: t.secretKey, apiUrl: t.publicUrl });
});
afterAll(async () => {
  await t.close();
});

describe('@clerk/backend organizations and JWT templates against a Latchkey server', () => {
  it('creates an organization, adds a member with org:admin and lists memberships', async () => {
    const owner = await clerk.users.createUser({ emailAddress: ['owner@example.com'], password: PASSWORD });
    const member = await clerk.users.createUser({ emailAddress: ['member@example.com'], password: PASSWORD, firstName: 'Mia' });

    const org = await clerk.organizations.createOrganization({ name: 'Acme Inc', slug: 'acme', createdBy: owner.id, publicMetadata: { plan: 'pro' } });
    expect(org.id).toMatch(/^org_/);
    expect(org).toMatchObject({ name: 'Acme Inc', slug: 'acme', publicMetadata: { plan: 'pro' }, createdBy: owner.id });
    expect((await clerk.organizations.getOrganization({ slug: 'acme' })).id).toBe(org.id);
    expect((await clerk.organizations.getOrganization({ organizationId: org.id, includeMembersCount: true })).membersCount).toBe(1);

    const membership = await clerk.organizations.createOrganizationMembership({ organizationId: org.id, userId: member.id, role: 'org:admin' });
    expect(membership.role).toBe('org:admin');
    expect(membership.organization.id).toBe(org.id);
    expect(membership.publicUserData?.userId).toBe(member.id);
    expect(membership.publicUserData?.firstName).toBe('Mia');
    expect(membership.permissions).toContain('org:sys_memberships:manage');

    const { data, totalCount } = await clerk.organizations.getOrganizationMembershipList({ organizationId: org.id });
    expect(totalCount).toBe(2);
    expect(data.map((m) => [m.publicUserData?.userId, m.role]).sort()).toEqual([[member.id, 'org:admin'], [owner.id, 'org:admin']].sort());

    const updated = await clerk.organizations.updateOrganizationMembership({ organizationId: org.id, userId: member.id, role: 'org:member' });
    expect(updated.role).toBe('org:member');
    const mine = await clerk.users.getOrganizationMembershipList({ userId: member.id });
    expect(mine.data.map((m) => m.organization.slug)).toEqual(['acme']);
    expect(mine.totalCount).toBe(1);

    const list = await clerk.organizations.getOrganizationList({ query: 'acme' });
    expect(list.data.map((o) => o.id)).toEqual([org.id]);
    expect(list.totalCount).toBe(1);

    const renamed = await clerk.organizations.updateOrganization(org.id, { name: 'Acme Rockets' });
    expect(renamed.name).toBe('Acme Rockets');
    const merged = await clerk.organizations.updateOrganizationMetadata(org.id, { publicMetadata: { seats: 5 } });
    expect(merged.publicMetadata).toEqual({ plan: 'pro', seats: 5 });

    await clerk.organizations.deleteOrganizationMembership({ organizationId: org.id, userId: member.id });
    expect((await clerk.organizations.getOrganizationMembershipList({ organizationId: org.id })).totalCount).toBe(1);
    const deleted = await clerk.organizations.deleteOrganization(org.id);
    expect(deleted).toMatchObject({ id: org.id, deleted: true });
    await expect(clerk.organizations.getOrganization({ organizationId: org.id })).rejects.toMatchObject({ status: 404 });
  });

  it('creates roles and permissions', async () => {
    const permission = await clerk.organizationPermissions.createOrganizationPermission({ key: 'org:invoices:read', name: 'Read invoices' });
    expect(permission).toMatchObject({ key: 'org:invoices:read', name: 'Read invoices' });
    const role = await clerk.organizationRoles.createOrganizationRole({ key: 'org:accountant', name: 'Accountant', permissions: [permission.id] });
    expect(role.permissions.map((p) => p.key)).toEqual(['org:invoices:read']);
    const roles = await clerk.organizationRoles.getOrganizationRoleList({ limit: 50 });
    expect(roles.data.map((r) => r.key)).toEqual(expect.arrayContaining(['org:admin', 'org:member', 'org:accountant']));
    const permissions = await clerk.organizationPermissions.getOrganizationPermissionList({ limit: 50 });
    expect(permissions.data.map((p) => p.key)).toContain('org:invoices:read');
  });

  it('creates and lists JWT templates, and mints tokens from them', async () => {
    const secret = 'a-supabase-jwt-secret-of-at-least-32-chars';
    const api = await clerk.jwtTemplates.create({ name: 'my-api', claims: { aud: 'my-api', email: '{{user.primary_email_address}}' }, lifetime: 120, allowedClockSkew: 10 });
    expect(api).toMatchObject({ name: 'my-api', lifetime: 120, allowedClockSkew: 10, customSigningKey: false, claims: { aud: 'my-api' } });
    const supabase = await clerk.jwtTemplates.create({
      name: 'supabase',
      claims: { aud: 'authenticated', role: 'authenticated', email: '{{user.primary_email_address}}' },
      customSigningKey: true,
      signingAlgorithm: 'HS256',
      signingKey: secret,
    });
    expect(supabase).toMatchObject({ customSigningKey: true, signingAlgorithm: 'HS256' });

    const list = await clerk.jwtTemplates.list();
    expect(list.data.map((tpl) => tpl.name).sort()).toEqual(['my-api', 'supabase']);
    expect(list.totalCount).toBe(2);
    expect((await clerk.jwtTemplates.get(api.id)).name).toBe('my-api');
    const updated = await clerk.jwtTemplates.update({ templateId: api.id, name: 'my-api', claims: { aud: 'my-api-v2' } });
    expect(updated.claims).toEqual({ aud: 'my-api-v2' });

    const user = await clerk.users.createUser({ emailAddress: ['tpl@example.com'], password: PASSWORD });
    const session = await clerk.sessions.createSession({ userId: user.id });
    const fromApi = await clerk.sessions.getToken(session.id, 'my-api');
    const jwt = typeof fromApi === 'string' ? fromApi : fromApi.jwt;
    expect(await verifyToken(jwt, { secretKey: t.secretKey, apiUrl: t.publicUrl })).toMatchObject({ aud: 'my-api-v2', sub: user.id });
    const fromSupabase = await clerk.sessions.getToken(session.id, 'supabase');
    const hs = typeof fromSupabase === 'string' ? fromSupabase : fromSupabase.jwt;
    expect((await jwtVerify(hs, new TextEncoder().encode(secret), { audience: 'authenticated' })).payload).toMatchObject({ email: 'tpl@example.com', role: 'authenticated' });

    expect(await clerk.jwtTemplates.delete(api.id)).toMatchObject({ id: api.id, deleted: true });
  });

  it('merges and replaces user metadata', async () => {
    const user = await clerk.users.createUser({ emailAddress: ['meta@example.com'], publicMetadata: { a: { b: 1 }, c: 1 } });
    const merged = await clerk.users.updateUserMetadata(user.id, { publicMetadata: { a: { d: 2 }, c: null } });
    expect(merged.publicMetadata).toEqual({ a: { b: 1, d: 2 } });
    const replaced = await clerk.users.replaceUserMetadata(user.id, { publicMetadata: { fresh: true } });
    expect(replaced.publicMetadata).toEqual({ fresh: true });
  });
});
