/**
 * Roles and permissions (Clerk's Backend API shapes): instance-wide, shared
 * by every organization. A change to what a role grants reaches its
 * members' next session tokens.
 */
import { z } from 'zod';
import { createPermission, deletePermission, getPermission, updatePermission } from '../../../domain/orgs/permissions.js';
import { assignRolePermission, createRole, deleteRole, getRole, removeRolePermission, updateRole } from '../../../domain/orgs/roles.js';
import type { OrganizationRoleRecord, Store } from '../../../store/contract.js';
import { defineEndpoint } from '../../endpoint.js';
import { json } from '../../respond.js';
import { deletedObject, serializePermission, serializeRole } from '../../serializers/organization.js';
import { listQuery, pageResponse, toOrderBy } from './pagination.js';

const searchQuery = listQuery.extend({
  query: z.string().max(256).optional(),
  order_by: z.enum(['created_at', '-created_at', '+created_at', 'key', '-key', '+key', 'name', '-name', '+name']).optional(),
});

async function serializeRoles(store: Store, roles: OrganizationRoleRecord[]) {
  const permissions = await store.organizationPermissions.getByKeys([...new Set(roles.flatMap((r) => r.permissions))]);
  const byKey = new Map(permissions.map((p) => [p.key, p]));
  return roles.map((role) => serializeRole(role, byKey));
}
const serializeOneRole = async (store: Store, role: OrganizationRoleRecord) => (await serializeRoles(store, [role]))[0]!;

export const listOrganizationRoles = defineEndpoint({
  method: 'GET',
  path: '/v1/organization_roles',
  area: 'backend',
  summary: 'Lists roles (org:admin, org:member and custom ones) with their permissions',
  query: searchQuery,
  async handler(rc) {
    const { query, limit, offset, order_by } = rc.query;
    const { organizationRoles } = rc.domain.store;
    return pageResponse(
      organizationRoles.list({ query, limit, offset, orderBy: toOrderBy(order_by) }),
      organizationRoles.count({ query }),
      (roles) => serializeRoles(rc.domain.store, roles),
    );
  },
});

const permissionList = z.array(z.string().min(1).max(140)).max(500).nullable().optional();

export const createOrganizationRole = defineEndpoint({
  method: 'POST',
  path: '/v1/organization_roles',
  area: 'backend',
  summary: 'Creates a custom role; `permissions` are permission ids or keys',
  body: z.object({
    key: z.string().min(1).max(68),
    name: z.string().max(256),
    description: z.string().max(1024).nullable().optional(),
    permissions: permissionList,
    include_in_initial_role_set: z.boolean().nullable().optional(),
  }),
  async handler(rc) {
    const b = rc.body;
    const role = await createRole(rc.domain, { key: b.key, name: b.name, description: b.description, permissions: b.permissions });
    return json(await serializeOneRole(rc.domain.store, role));
  },
});

export const getOrganizationRole = defineEndpoint({
  method: 'GET',
  path: '/v1/organization_roles/:id',
  area: 'backend',
  summary: 'Gets a role by id (or by key)',
  async handler(rc) {
    return json(await serializeOneRole(rc.domain.store, await getRole(rc.domain, rc.params.id!)));
  },
});

export const updateOrganizationRole = defineEndpoint({
  method: 'PATCH',
  path: '/v1/organization_roles/:id',
  area: 'backend',
  summary: "Changes a role; `permissions` replaces the custom ones it grants (a system role's system permissions stay)",
  body: z.object({
    key: z.string().min(1).max(68).nullable().optional(),
    name: z.string().max(256).nullable().optional(),
    description: z.string().max(1024).nullable().optional(),
    permissions: permissionList,
  }),
  async handler(rc) {
    const role = await updateRole(rc.domain, rc.params.id!, rc.body);
    return json(await serializeOneRole(rc.domain.store, role));
  },
});

export const deleteOrganizationRole = defineEndpoint({
  method: 'DELETE',
  path: '/v1/organization_roles/:id',
  area: 'backend',
  summary: 'Deletes a custom role that no membership holds',
  async handler(rc) {
    const role = await deleteRole(rc.domain, rc.params.id!);
    return json(deletedObject('role', role.id));
  },
});

export const assignOrganizationRolePermission = defineEndpoint({
  method: 'POST',
  path: '/v1/organization_roles/:id/permissions/:permissionId',
  area: 'backend',
  summary: 'Gives a role one more permission (id or key)',
  async handler(rc) {
    return json(await serializeOneRole(rc.domain.store, await assignRolePermission(rc.domain, rc.params.id!, rc.params.permissionId!)));
  },
});

export const removeOrganizationRolePermission = defineEndpoint({
  method: 'DELETE',
  path: '/v1/organization_roles/:id/permissions/:permissionId',
  area: 'backend',
  summary: 'Takes one permission (id or key) away from a role',
  async handler(rc) {
    return json(await serializeOneRole(rc.domain.store, await removeRolePermission(rc.domain, rc.params.id!, rc.params.permissionId!)));
  },
});

export const listOrganizationPermissions = defineEndpoint({
  method: 'GET',
  path: '/v1/organization_permissions',
  area: 'backend',
  summary: 'Lists permissions: system (org:sys_*) and custom (org:<feature>:<action>)',
  query: searchQuery,
  async handler(rc) {
    const { query, limit, offset, order_by } = rc.query;
    const { organizationPermissions } = rc.domain.store;
    return pageResponse(
      organizationPermissions.list({ query, limit, offset, orderBy: toOrderBy(order_by) }),
      organizationPermissions.count({ query }),
      (permissions) => permissions.map(serializePermission),
    );
  },
});

export const createOrganizationPermission = defineEndpoint({
  method: 'POST',
  path: '/v1/organization_permissions',
  area: 'backend',
  summary: 'Creates a custom permission, org:<feature>:<action>',
  body: z.object({ key: z.string().min(1).max(140), name: z.string().max(256), description: z.string().max(1024).nullable().optional() }),
  async handler(rc) {
    return json(serializePermission(await createPermission(rc.domain, rc.body)));
  },
});

export const getOrganizationPermission = defineEndpoint({
  method: 'GET',
  path: '/v1/organization_permissions/:id',
  area: 'backend',
  summary: 'Gets a permission',
  async handler(rc) {
    return json(serializePermission(await getPermission(rc.domain, rc.params.id!)));
  },
});

export const updateOrganizationPermission = defineEndpoint({
  method: 'PATCH',
  path: '/v1/organization_permissions/:id',
  area: 'backend',
  summary: 'Changes a custom permission; a new key is carried over to the roles granting it',
  body: z.object({
    key: z.string().min(1).max(140).nullable().optional(),
    name: z.string().max(256).nullable().optional(),
    description: z.string().max(1024).nullable().optional(),
  }),
  async handler(rc) {
    return json(serializePermission(await updatePermission(rc.domain, rc.params.id!, rc.body)));
  },
});

export const deleteOrganizationPermission = defineEndpoint({
  method: 'DELETE',
  path: '/v1/organization_permissions/:id',
  area: 'backend',
  summary: 'Deletes a custom permission and takes it away from every role',
  async handler(rc) {
    const permission = await deletePermission(rc.domain, rc.params.id!);
    return json(deletedObject('permission', permission.id));
  },
});
