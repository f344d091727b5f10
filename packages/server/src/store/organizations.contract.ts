/**
 * Store contract scenarios for organizations, memberships, roles,
 * permissions, JWT templates and the token mint's one-read join. Part of
 * `runStoreContract`: every store implementation passes them.
 */
import { expect, it } from 'vitest';
import type {
  JwtTemplateRecord,
  OrganizationMembershipRecord,
  OrganizationPermissionRecord,
  OrganizationRecord,
  OrganizationRoleRecord,
  SessionRecord,
  Store,
  UserRecord,
} from './contract.js';

export interface ScenarioHelpers {
  store(): Store;
  nextId(prefix: string): string;
  makeUser(overrides?: Partial<UserRecord>): UserRecord;
  makeSession(userId: string, clientId: string, overrides?: Partial<SessionRecord>): SessionRecord;
  seedClient(): Promise<string>;
}

export function runOrganizationScenarios(h: ScenarioHelpers): void {
  const makeOrg = (overrides: Partial<OrganizationRecord> = {}): OrganizationRecord => {
    const id = h.nextId('org');
    return {
      id,
      name: `Org ${id}`,
      slug: `slug-${id.slice(4)}`,
      maxAllowedMemberships: 0,
      adminDeleteEnabled: true,
      publicMetadata: {},
      privateMetadata: {},
      createdBy: null,
      createdAt: 1_000,
      updatedAt: 1_000,
      ...overrides,
    };
  };
  const makeMembership = (organizationId: string, userId: string, role = 'org:member', at = 1_000): OrganizationMembershipRecord => ({
    id: h.nextId('orgmem'),
    organizationId,
    userId,
    role,
    publicMetadata: {},
    privateMetadata: {},
    createdAt: at,
    updatedAt: at,
  });
  const seedUser = async (overrides: Partial<UserRecord> = {}) => {
    const user = h.makeUser(overrides);
    await h.store().users.create(user);
    return user;
  };

  it('starts with the system roles org:admin and org:member and the org:sys_* permissions', async () => {
    const store = h.store();
    const admin = await store.organizationRoles.getByKey('org:admin');
    const member = await store.organizationRoles.getByKey('org:member');
    expect(admin).toMatchObject({ isSystem: true, name: 'Admin' });
    expect(admin!.permissions).toEqual(expect.arrayContaining(['org:sys_memberships:manage', 'org:sys_profile:delete']));
    expect(member!.permissions).toEqual(['org:sys_memberships:read']);
    const permissions = await store.organizationPermissions.list({ limit: 100 });
    expect(permissions.every((p) => p.isSystem && p.key.startsWith('org:sys_'))).toBe(true);
    expect(permissions).toHaveLength(6);
  });

  it('creates an organization together with its creator membership, found by id and by slug; a taken slug is refused', async () => {
    const store = h.store();
    const user = await seedUser();
    const org = makeOrg({ publicMetadata: { plan: 'pro' }, createdBy: user.id });
    await store.organizations.create(org, makeMembership(org.id, user.id, 'org:admin'));
    expect(await store.organizations.getById(org.id)).toEqual(org);
    expect(await store.organizations.getBySlug(org.slug)).toEqual(org);
    expect((await store.organizationMemberships.get(org.id, user.id))?.membership.role).toBe('org:admin');
    await expect(store.organizations.create(makeOrg({ slug: org.slug }))).rejects.toThrow();
    expect(await store.organizations.getById('org_missing')).toBeNull();
  });

  it('lists organizations by exact id or by name/slug substring (wildcards literal), ordered and paged, with member counts', async () => {
    const store = h.store();
    const a = makeOrg({ name: 'Acme Rockets', slug: 'acme', createdAt: 1 });
    const b = makeOrg({ name: 'Beta_Corp', slug: 'beta', createdAt: 2 });
    const c = makeOrg({ name: 'Gamma', slug: 'gamma-acme', createdAt: 3 });
    for (const org of [a, b, c]) await store.organizations.create(org);
    expect((await store.organizations.list({ query: 'ACME' })).map((o) => o.id)).toEqual([c.id, a.id]);
    expect((await store.organizations.list({ query: b.id })).map((o) => o.id)).toEqual([b.id]);
    expect(await store.organizations.count({ query: '_' })).toBe(1);
    expect(await store.organizations.count({ query: '%' })).toBe(0);
    expect((await store.organizations.list({ orderBy: 'name', limit: 1, offset: 1 })).map((o) => o.id)).toEqual([b.id]);
    expect((await store.organizations.list({ organizationIds: [a.id, c.id], orderBy: 'created_at' })).map((o) => o.id)).toEqual([a.id, c.id]);
    const user = await seedUser();
    await store.organizationMemberships.create(makeMembership(a.id, user.id));
    expect(await store.organizations.countMembers([a.id, b.id])).toEqual(new Map([[a.id, 1], [b.id, 0]]));
  });

  it('reads memberships with their organization, user and role permissions; one membership per user and organization', async () => {
    const store = h.store();
    const [ada, bob] = [await seedUser({ firstName: 'Ada' }), await seedUser()];
    const org = makeOrg();
    await store.organizations.create(org);
    await store.organizationMemberships.create(makeMembership(org.id, ada.id, 'org:admin', 10));
    await store.organizationMemberships.create(makeMembership(org.id, bob.id, 'org:member', 20));
    await expect(store.organizationMemberships.create(makeMembership(org.id, bob.id))).rejects.toThrow();

    const read = await store.organizationMemberships.get(org.id, ada.id);
    expect(read?.organization).toEqual(org);
    expect(read?.user.firstName).toBe('Ada');
    expect(read?.permissions).toContain('org:sys_memberships:manage');
    expect((await store.organizationMemberships.list({ organizationId: org.id })).map((m) => m.user.id)).toEqual([bob.id, ada.id]);
    expect((await store.organizationMemberships.list({ organizationId: org.id, roles: ['org:admin'] })).map((m) => m.user.id)).toEqual([ada.id]);
    expect((await store.organizationMemberships.list({ userId: bob.id })).map((m) => m.organization.id)).toEqual([org.id]);
    expect(await store.organizationMemberships.count({ organizationId: org.id, userIds: [bob.id] })).toBe(1);
    expect(await store.organizationMemberships.countWithRole('org:admin')).toBe(1);

    const updated = await store.organizationMemberships.update(org.id, bob.id, { role: 'org:admin', publicMetadata: { team: 'x' }, updatedAt: 30 });
    expect(updated?.membership).toMatchObject({ role: 'org:admin', publicMetadata: { team: 'x' }, updatedAt: 30 });
    expect(await store.organizationMemberships.update(org.id, 'user_missing', { role: 'org:admin', updatedAt: 31 })).toBeNull();
  });

  it('lists every membership of several users in one call (userIds alone), and refuses a list with no scope', async () => {
    const store = h.store();
    const [ada, bob, eve] = [await seedUser(), await seedUser(), await seedUser()];
    const [one, two] = [makeOrg(), makeOrg()];
    await store.organizations.create(one);
    await store.organizations.create(two);
    await store.organizationMemberships.create(makeMembership(one.id, ada.id, 'org:admin', 10));
    await store.organizationMemberships.create(makeMembership(two.id, ada.id, 'org:member', 20));
    await store.organizationMemberships.create(makeMembership(one.id, bob.id, 'org:member', 30));
    await store.organizationMemberships.create(makeMembership(two.id, eve.id, 'org:member', 40));

    const listed = await store.organizationMemberships.list({ userIds: [ada.id, bob.id], limit: 100 });
    expect(listed.map((m) => [m.user.id, m.organization.id, m.membership.role])).toEqual([
      [bob.id, one.id, 'org:member'],
      [ada.id, two.id, 'org:member'],
      [ada.id, one.id, 'org:admin'],
    ]);
    expect(listed[2]?.permissions).toContain('org:sys_memberships:manage');
    await expect(store.organizationMemberships.list({ userIds: [] })).rejects.toThrow(TypeError);
    await expect(store.organizationMemberships.list({})).rejects.toThrow(TypeError);
  });

  it('reads a session with its user and active organization in one call, only while the user is a member', async () => {
    const store = h.store();
    const user = await seedUser();
    const org = makeOrg();
    await store.organizations.create(org, makeMembership(org.id, user.id, 'org:member'));
    const session = h.makeSession(user.id, await h.seedClient());
    await store.sessions.create(session);

    expect(await store.sessions.getTokenContext(session.id)).toEqual({ session, user: { ...user, emailAddress: user.emailAddress.toLowerCase() }, organization: null });
    await store.sessions.touch(session.id, { lastActiveAt: 2_000, abandonAt: null, lastActiveOrganizationId: org.id });
    const context = await store.sessions.getTokenContext(session.id);
    expect(context?.organization).toMatchObject({ organization: org, membership: { role: 'org:member', userId: user.id }, permissions: ['org:sys_memberships:read'] });

    // A pointer to an organization the user is not (or no longer) a member of reads as none.
    const other = makeOrg();
    await store.organizations.create(other);
    await store.sessions.touch(session.id, { lastActiveAt: 3_000, abandonAt: null, lastActiveOrganizationId: other.id });
    expect((await store.sessions.getTokenContext(session.id))?.organization).toBeNull();
    expect(await store.sessions.getTokenContext('sess_missing')).toBeNull();
  });

  it('removing a membership clears that organization from the user’s sessions, and only theirs', async () => {
    const store = h.store();
    const [leaver, stayer] = [await seedUser(), await seedUser()];
    const org = makeOrg();
    await store.organizations.create(org);
    await store.organizationMemberships.create(makeMembership(org.id, leaver.id));
    await store.organizationMemberships.create(makeMembership(org.id, stayer.id));
    const clientId = await h.seedClient();
    const s1 = h.makeSession(leaver.id, clientId, { lastActiveOrganizationId: org.id });
    const s2 = h.makeSession(stayer.id, clientId, { lastActiveOrganizationId: org.id });
    await store.sessions.create(s1);
    await store.sessions.create(s2);
    expect(await store.organizationMemberships.delete(org.id, leaver.id, 5_000)).toBe(true);
    expect(await store.organizationMemberships.delete(org.id, leaver.id, 5_001)).toBe(false);
    expect((await store.sessions.getById(s1.id))?.lastActiveOrganizationId).toBeNull();
    expect((await store.sessions.getById(s2.id))?.lastActiveOrganizationId).toBe(org.id);
  });

  it('deleting an organization deletes its memberships and clears it from every session; deleting a user deletes theirs', async () => {
    const store = h.store();
    const [a, b] = [await seedUser(), await seedUser()];
    const org = makeOrg();
    const kept = makeOrg();
    await store.organizations.create(org, makeMembership(org.id, a.id, 'org:admin'));
    await store.organizations.create(kept, makeMembership(kept.id, b.id, 'org:admin'));
    const session = h.makeSession(a.id, await h.seedClient(), { lastActiveOrganizationId: org.id });
    await store.sessions.create(session);
    expect(await store.organizations.delete(org.id, 9_000)).toBe(true);
    expect(await store.organizations.getById(org.id)).toBeNull();
    expect(await store.organizationMemberships.count({ userId: a.id })).toBe(0);
    expect(await store.sessions.getById(session.id)).toMatchObject({ lastActiveOrganizationId: null, updatedAt: 9_000 });
    expect(await store.organizations.delete(org.id, 9_001)).toBe(false);
    await store.users.delete(b.id);
    expect(await store.organizationMemberships.count({ organizationId: kept.id })).toBe(0);
  });

  it('stores custom roles and permissions; a role’s new permissions and a renamed key reach its memberships', async () => {
    const store = h.store();
    const permission: OrganizationPermissionRecord = { id: h.nextId('perm'), key: 'org:reports:read', name: 'Read reports', description: '', isSystem: false, createdAt: 1, updatedAt: 1 };
    await store.organizationPermissions.create(permission);
    await expect(store.organizationPermissions.create({ ...permission, id: h.nextId('perm') })).rejects.toThrow();
    expect(await store.organizationPermissions.getByKey('org:reports:read')).toEqual(permission);
    expect((await store.organizationPermissions.getByKeys(['org:reports:read', 'org:nope:x'])).map((p) => p.id)).toEqual([permission.id]);
    expect(await store.organizationPermissions.update(permission.id, { name: 'Reports', updatedAt: 2 })).toMatchObject({ name: 'Reports', key: 'org:reports:read' });

    const role: OrganizationRoleRecord = { id: h.nextId('role'), key: 'org:analyst', name: 'Analyst', description: null, permissions: [], isSystem: false, createdAt: 1, updatedAt: 1 };
    await store.organizationRoles.create(role);
    expect((await store.organizationRoles.list({ query: 'ANALY' })).map((r) => r.id)).toEqual([role.id]);
    expect(await store.organizationRoles.count({})).toBe(3);
    const user = await seedUser();
    const org = makeOrg();
    await store.organizations.create(org, makeMembership(org.id, user.id, 'org:analyst'));
    expect((await store.organizationMemberships.get(org.id, user.id))?.permissions).toEqual([]);

    await store.organizationRoles.update(role.id, { permissions: ['org:reports:read'], updatedAt: 3 });
    expect((await store.organizationMemberships.get(org.id, user.id))?.permissions).toEqual(['org:reports:read']);
    await store.organizationRoles.update(role.id, { key: 'org:auditor', updatedAt: 4 });
    expect(await store.organizationMemberships.renameRole('org:analyst', 'org:auditor', 4)).toBe(1);
    expect((await store.organizationMemberships.get(org.id, user.id))?.membership.role).toBe('org:auditor');
    expect(await store.organizationRoles.delete(role.id)).toBe(true);
    expect(await store.organizationPermissions.delete(permission.id)).toBe(true);
    expect(await store.organizationRoles.getById(role.id)).toBeNull();
  });

  it('stores JWT templates by unique name; the longest instance-signed lifetime ignores templates with their own key', async () => {
    const store = h.store();
    const template = (overrides: Partial<JwtTemplateRecord>): JwtTemplateRecord => ({
      id: h.nextId('jtmp'),
      name: h.nextId('tpl'),
      claims: { aud: 'x', nested: { role: '{{org_membership.role}}' } },
      lifetimeSeconds: 60,
      allowedClockSkewSeconds: 5,
      signingAlgorithm: null,
      signingKeyCiphertext: null,
      createdAt: 1,
      updatedAt: 1,
      ...overrides,
    });
    expect(await store.jwtTemplates.maxInstanceSignedLifetimeSeconds()).toBe(0);
    const a = template({ lifetimeSeconds: 600, allowedClockSkewSeconds: 10, createdAt: 1 });
    const b = template({ lifetimeSeconds: 86_400, signingAlgorithm: 'HS256', signingKeyCiphertext: 'v1.x.y', createdAt: 2 });
    await store.jwtTemplates.create(a);
    await store.jwtTemplates.create(b);
    await expect(store.jwtTemplates.create(template({ name: a.name }))).rejects.toThrow();
    expect(await store.jwtTemplates.getByName(b.name)).toEqual(b);
    expect(await store.jwtTemplates.maxInstanceSignedLifetimeSeconds()).toBe(610);
    expect((await store.jwtTemplates.list({})).map((t) => t.id)).toEqual([b.id, a.id]);
    expect(await store.jwtTemplates.count()).toBe(2);
    expect(await store.jwtTemplates.update(b.id, { signingAlgorithm: null, signingKeyCiphertext: null, updatedAt: 5 })).toMatchObject({ signingAlgorithm: null, updatedAt: 5 });
    expect(await store.jwtTemplates.maxInstanceSignedLifetimeSeconds()).toBe(86_405);
    expect(await store.jwtTemplates.delete(a.id)).toBe(true);
    expect(await store.jwtTemplates.getById(a.id)).toBeNull();
  });

  it('keeps one row of custom session-token claims, replaced on each set', async () => {
    const store = h.store();
    expect(await store.jwtTemplates.getSessionClaims()).toEqual({ claims: {}, updatedAt: 0 });
    await store.jwtTemplates.setSessionClaims({ plan: '{{user.public_metadata.plan}}' }, 10);
    await store.jwtTemplates.setSessionClaims({ tier: 1 }, 20);
    expect(await store.jwtTemplates.getSessionClaims()).toEqual({ claims: { tier: 1 }, updatedAt: 20 });
  });
}
