/**
 * 0002 — organizations: organizations, their memberships, roles and
 * permissions, and an index to find the sessions whose active organization
 * is one being deleted. Seeds the system permissions (`org:sys_*`) and the
 * two system roles, `org:admin` (every system permission) and `org:member`
 * (`org:sys_memberships:read`), as Clerk's instances start.
 *
 * A role keeps its permission keys as a JSON array in its own row, so that
 * minting a token reads session, user, membership, organization and role
 * permissions in one join.
 */
import type { Kysely } from 'kysely';

const SYSTEM_PERMISSIONS = [
  ['perm_sys_profile_manage', 'org:sys_profile:manage', 'Manage organization', 'Update the organization name, slug and logo'],
  ['perm_sys_profile_delete', 'org:sys_profile:delete', 'Delete organization', 'Delete the organization'],
  ['perm_sys_memberships_read', 'org:sys_memberships:read', 'Read members', 'See the members of the organization'],
  ['perm_sys_memberships_manage', 'org:sys_memberships:manage', 'Manage members', 'Add, remove and change the roles of members'],
  ['perm_sys_domains_read', 'org:sys_domains:read', 'Read domains', 'See the verified domains of the organization'],
  ['perm_sys_domains_manage', 'org:sys_domains:manage', 'Manage domains', 'Add and remove verified domains'],
] as const;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('organizations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('max_allowed_memberships', 'integer', (c) => c.notNull())
    .addColumn('is_admin_delete_enabled', 'integer', (c) => c.notNull())
    .addColumn('public_metadata', 'text', (c) => c.notNull())
    .addColumn('private_metadata', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('organizations_created_at_idx').on('organizations').column('created_at').execute();

  await db.schema
    .createTable('organization_memberships')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('public_metadata', 'text', (c) => c.notNull())
    .addColumn('private_metadata', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  // One membership per user and organization; the token mint looks it up by
  // (organization, user), the user's list by user.
  await db.schema
    .createIndex('organization_memberships_org_user_idx')
    .on('organization_memberships')
    .columns(['organization_id', 'user_id'])
    .unique()
    .execute();
  await db.schema.createIndex('organization_memberships_user_idx').on('organization_memberships').columns(['user_id', 'created_at']).execute();
  await db.schema.createIndex('organization_memberships_role_idx').on('organization_memberships').column('role').execute();

  await db.schema
    .createTable('organization_permissions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('key', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('is_system', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('organization_roles')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('key', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('permissions', 'text', (c) => c.notNull())
    .addColumn('is_system', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema.createIndex('sessions_active_organization_idx').on('sessions').column('last_active_organization_id').execute();

  const at = Date.now();
  await db
    .insertInto('organization_permissions')
    .values(SYSTEM_PERMISSIONS.map(([id, key, name, description]) => ({ id, key, name, description, is_system: 1, created_at: at, updated_at: at })))
    .execute();
  await db
    .insertInto('organization_roles')
    .values([
      {
        id: 'role_sys_admin',
        key: 'org:admin',
        name: 'Admin',
        description: 'Can manage the organization and its members',
        permissions: JSON.stringify(SYSTEM_PERMISSIONS.map(([, key]) => key)),
        is_system: 1,
        created_at: at,
        updated_at: at,
      },
      {
        id: 'role_sys_member',
        key: 'org:member',
        name: 'Member',
        description: 'Can see the members of the organization',
        permissions: JSON.stringify(['org:sys_memberships:read']),
        is_system: 1,
        created_at: at,
        updated_at: at,
      },
    ])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('sessions_active_organization_idx').execute();
  for (const table of ['organization_roles', 'organization_permissions', 'organization_memberships', 'organizations']) {
    await db.schema.dropTable(table).execute();
  }
}
