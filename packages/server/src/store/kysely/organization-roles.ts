import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import type { OrganizationPermissionStore, OrganizationRoleStore } from '../contract.js';
import { likeContains, toPermissionRecord, toPermissionRow, toRoleRecord, toRoleRow } from './organization-rows.js';
import type { Database, OrganizationPermissionsTable, OrganizationRolesTable } from './schema.js';

type Ordered = 'created_at' | '-created_at' | 'key' | '-key' | 'name' | '-name';

/** Roles and permissions are a short, instance-wide list: searched by key or name (case-insensitive), ordered, paged. */
function keyOrNameLike(query: string) {
  const pattern = sql`${likeContains(query)} escape '\\'`;
  return <DB, TB extends keyof DB>(eb: ExpressionBuilder<DB, TB>) =>
    eb.or([eb(sql`lower(key)`, 'like', pattern), eb(sql`lower(name)`, 'like', pattern)]);
}

const orderOf = (order: Ordered | undefined) => {
  const o = order ?? 'created_at';
  return { column: o.replace(/^-/, '') as 'created_at' | 'key' | 'name', direction: o.startsWith('-') ? ('desc' as const) : ('asc' as const) };
};

export function createOrganizationRoleStore(db: Kysely<Database>): OrganizationRoleStore {
  const search = (query?: string) =>
    query ? db.selectFrom('organization_roles').where(keyOrNameLike(query)) : db.selectFrom('organization_roles');
  const getBy = async (column: 'id' | 'key', value: string) => {
    const row = await db.selectFrom('organization_roles').selectAll().where(column, '=', value).executeTakeFirst();
    return row ? toRoleRecord(row) : null;
  };
  return {
    async list({ query, orderBy, limit = 10, offset = 0 }) {
      const { column, direction } = orderOf(orderBy);
      const rows = await search(query).selectAll().orderBy(column, direction).orderBy('id', 'asc').limit(limit).offset(offset).execute();
      return rows.map(toRoleRecord);
    },
    async count({ query }) {
      const row = await search(query).select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
      return Number(row.n);
    },
    getById: (id) => getBy('id', id),
    getByKey: (key) => getBy('key', key),
    async create(role) {
      await db.insertInto('organization_roles').values(toRoleRow(role)).execute();
    },
    async update(id, patch) {
      const values: Partial<OrganizationRolesTable> = { updated_at: patch.updatedAt };
      if (patch.key !== undefined) values.key = patch.key;
      if (patch.name !== undefined) values.name = patch.name;
      if (patch.description !== undefined) values.description = patch.description;
      if (patch.permissions !== undefined) values.permissions = JSON.stringify(patch.permissions);
      await db.updateTable('organization_roles').set(values).where('id', '=', id).execute();
      return getBy('id', id);
    },
    async delete(id) {
      const result = await db.deleteFrom('organization_roles').where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
  };
}

export function createOrganizationPermissionStore(db: Kysely<Database>): OrganizationPermissionStore {
  const search = (query?: string) =>
    query ? db.selectFrom('organization_permissions').where(keyOrNameLike(query)) : db.selectFrom('organization_permissions');
  const getBy = async (column: 'id' | 'key', value: string) => {
    const row = await db.selectFrom('organization_permissions').selectAll().where(column, '=', value).executeTakeFirst();
    return row ? toPermissionRecord(row) : null;
  };
  return {
    async list({ query, orderBy, limit = 10, offset = 0 }) {
      const { column, direction } = orderOf(orderBy);
      const rows = await search(query).selectAll().orderBy(column, direction).orderBy('id', 'asc').limit(limit).offset(offset).execute();
      return rows.map(toPermissionRecord);
    },
    async count({ query }) {
      const row = await search(query).select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
      return Number(row.n);
    },
    getById: (id) => getBy('id', id),
    getByKey: (key) => getBy('key', key),
    async getByKeys(keys) {
      if (keys.length === 0) return [];
      const rows = await db.selectFrom('organization_permissions').selectAll().where('key', 'in', keys).execute();
      return rows.map(toPermissionRecord);
    },
    async create(permission) {
      await db.insertInto('organization_permissions').values(toPermissionRow(permission)).execute();
    },
    async update(id, patch) {
      const values: Partial<OrganizationPermissionsTable> = { updated_at: patch.updatedAt };
      if (patch.key !== undefined) values.key = patch.key;
      if (patch.name !== undefined) values.name = patch.name;
      if (patch.description !== undefined) values.description = patch.description;
      await db.updateTable('organization_permissions').set(values).where('id', '=', id).execute();
      return getBy('id', id);
    },
    async delete(id) {
      const result = await db.deleteFrom('organization_permissions').where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
  };
}
