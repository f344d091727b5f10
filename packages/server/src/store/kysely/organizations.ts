import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import type {
  MembershipDetails,
  MembershipListFilter,
  OrganizationListFilter,
  OrganizationMembershipStore,
  OrganizationStore,
} from '../contract.js';
import {
  likeContains,
  MEMBERSHIP_COLUMNS,
  ORGANIZATION_COLUMNS,
  permissionKeysFrom,
  prefixed,
  toMembershipRecord,
  toMembershipRow,
  toOrganizationRecord,
  toOrganizationRow,
  unprefix,
  USER_COLUMNS,
} from './organization-rows.js';
import { countRows, orderedPage } from './ordered-page.js';
import { toJsonText, toUserRecord } from './rows.js';
import type { Database, OrganizationMembershipsTable, OrganizationsTable, UsersTable } from './schema.js';

type OrgFilter = Omit<OrganizationListFilter, 'limit' | 'offset' | 'orderBy'>;

export function createOrganizationStore(db: Kysely<Database>): OrganizationStore {
  const filtered = (filter: OrgFilter) => {
    let query = db.selectFrom('organizations');
    if (filter.query) {
      const pattern = likeContains(filter.query);
      query = query.where(({ eb, or }) =>
        or([
          eb('id', '=', filter.query!),
          eb(sql`lower(name)`, 'like', sql`${pattern} escape '\\'`),
          eb(sql`lower(slug)`, 'like', sql`${pattern} escape '\\'`),
        ]),
      );
    }
    if (filter.organizationIds?.length) query = query.where('id', 'in', filter.organizationIds);
    return query;
  };
  const getBy = async (column: 'id' | 'slug', value: string) => {
    const row = await db.selectFrom('organizations').selectAll().where(column, '=', value).executeTakeFirst();
    return row ? toOrganizationRecord(row) : null;
  };

  return {
    async create(organization, creatorMembership) {
      await db.insertInto('organizations').values(toOrganizationRow(organization)).execute();
      if (creatorMembership) await db.insertInto('organization_memberships').values(toMembershipRow(creatorMembership)).execute();
    },
    getById: (id) => getBy('id', id),
    getBySlug: (slug) => getBy('slug', slug),
    async list(filter) {
      const rows = await orderedPage(filtered(filter).selectAll(), filter.orderBy ?? '-created_at', filter).execute();
      return rows.map(toOrganizationRecord);
    },
    count: (filter) => countRows(filtered(filter)),
    async countMembers(organizationIds) {
      const counts = new Map(organizationIds.map((id) => [id, 0]));
      if (organizationIds.length === 0) return counts;
      const rows = await db
        .selectFrom('organization_memberships')
        .select(['organization_id', (eb) => eb.fn.countAll<number | string>().as('n')])
        .where('organization_id', 'in', organizationIds)
        .groupBy('organization_id')
        .execute();
      for (const row of rows) counts.set(row.organization_id, Number(row.n));
      return counts;
    },
    async update(id, patch) {
      const values: Partial<OrganizationsTable> = { updated_at: patch.updatedAt };
      if (patch.name !== undefined) values.name = patch.name;
      if (patch.slug !== undefined) values.slug = patch.slug;
      if (patch.maxAllowedMemberships !== undefined) values.max_allowed_memberships = patch.maxAllowedMemberships;
      if (patch.adminDeleteEnabled !== undefined) values.is_admin_delete_enabled = patch.adminDeleteEnabled ? 1 : 0;
      if (patch.publicMetadata !== undefined) values.public_metadata = toJsonText(patch.publicMetadata);
      if (patch.privateMetadata !== undefined) values.private_metadata = toJsonText(patch.privateMetadata);
      await db.updateTable('organizations').set(values).where('id', '=', id).execute();
      return getBy('id', id);
    },
    async delete(id, at) {
      await db
        .updateTable('sessions')
        .set({ last_active_organization_id: null, updated_at: at })
        .where('last_active_organization_id', '=', id)
        .execute();
      // Memberships go by cascade.
      const result = await db.deleteFrom('organizations').where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
  };
}

type MembershipFilter = Omit<MembershipListFilter, 'limit' | 'offset' | 'orderBy'>;

export function createOrganizationMembershipStore(db: Kysely<Database>): OrganizationMembershipStore {
  /** Membership ⋈ organization ⋈ user ⟕ role: one row carries a whole `MembershipDetails`. */
  const joined = () =>
    db
      .selectFrom('organization_memberships as m')
      .innerJoin('organizations as o', 'o.id', 'm.organization_id')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .leftJoin('organization_roles as r', 'r.key', 'm.role')
      .select([
        ...prefixed('m', 'm_', MEMBERSHIP_COLUMNS),
        ...prefixed('o', 'o_', ORGANIZATION_COLUMNS),
        ...prefixed('u', 'u_', USER_COLUMNS),
        'r.permissions as r_permissions',
      ] as never[]);

  const countQuery = () => db.selectFrom('organization_memberships as m');
  const matching = (filter: MembershipFilter) => {
    const byUsersOnly = !filter.organizationId && !filter.userId && (filter.userIds?.length ?? 0) > 0;
    if (!byUsersOnly && !filter.organizationId === !filter.userId) throw new TypeError('memberships need exactly one of organizationId and userId, or userIds');
    return (eb: ExpressionBuilder<Database & { m: OrganizationMembershipsTable }, 'm'>) => {
      const conditions = byUsersOnly
        ? []
        : [filter.organizationId ? eb('m.organization_id', '=', filter.organizationId) : eb('m.user_id', '=', filter.userId!)];
      if (filter.roles?.length) conditions.push(eb('m.role', 'in', filter.roles));
      if (filter.userIds?.length) conditions.push(eb('m.user_id', 'in', filter.userIds));
      return eb.and(conditions);
    };
  };

  const toDetails = (row: Record<string, unknown>): MembershipDetails => ({
    membership: toMembershipRecord(unprefix<OrganizationMembershipsTable>(row, 'm_', MEMBERSHIP_COLUMNS)!),
    organization: toOrganizationRecord(unprefix<OrganizationsTable>(row, 'o_', ORGANIZATION_COLUMNS)!),
    user: toUserRecord(unprefix<UsersTable>(row, 'u_', USER_COLUMNS)!),
    permissions: permissionKeysFrom(row.r_permissions as string | null),
  });

  const get = async (organizationId: string, userId: string) => {
    const row = await joined().where('m.organization_id', '=', organizationId).where('m.user_id', '=', userId).executeTakeFirst();
    return row ? toDetails(row as Record<string, unknown>) : null;
  };

  return {
    async create(membership) {
      await db.insertInto('organization_memberships').values(toMembershipRow(membership)).execute();
    },
    get,
    async list(filter) {
      const rows = await joined().where(matching(filter))
        .orderBy('m.created_at', filter.orderBy === 'created_at' ? 'asc' : 'desc')
        .orderBy('m.id', 'asc')
        .limit(filter.limit ?? 10)
        .offset(filter.offset ?? 0)
        .execute();
      return rows.map((row) => toDetails(row as Record<string, unknown>));
    },
    count: (filter) => countRows(countQuery().where(matching(filter))),
    async update(organizationId, userId, patch) {
      const values: Partial<OrganizationMembershipsTable> = { updated_at: patch.updatedAt };
      if (patch.role !== undefined) values.role = patch.role;
      if (patch.publicMetadata !== undefined) values.public_metadata = toJsonText(patch.publicMetadata);
      if (patch.privateMetadata !== undefined) values.private_metadata = toJsonText(patch.privateMetadata);
      await db
        .updateTable('organization_memberships')
        .set(values)
        .where('organization_id', '=', organizationId)
        .where('user_id', '=', userId)
        .execute();
      return get(organizationId, userId);
    },
    async delete(organizationId, userId, at) {
      const result = await db
        .deleteFrom('organization_memberships')
        .where('organization_id', '=', organizationId)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      await db
        .updateTable('sessions')
        .set({ last_active_organization_id: null, updated_at: at })
        .where('user_id', '=', userId)
        .where('last_active_organization_id', '=', organizationId)
        .execute();
      return Number(result.numDeletedRows) > 0;
    },
    async renameRole(from, to, at) {
      const result = await db
        .updateTable('organization_memberships')
        .set({ role: to, updated_at: at })
        .where('role', '=', from)
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
    countWithRole: (role) => countRows(db.selectFrom('organization_memberships').where('role', '=', role)),
  };
}
