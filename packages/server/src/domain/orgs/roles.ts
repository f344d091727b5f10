/**
 * Roles and the permissions they grant. `org:admin` and `org:member` are
 * system roles: they cannot be deleted or re-keyed and keep their system
 * permissions, but may be given custom ones. A change to a role's
 * permissions reaches every member's next token.
 */
import type { OrganizationRoleRecord, Store } from '../../store/contract.js';
import type { DomainContext } from '../context.js';
import { DomainErrorCode, LatchkeyDomainError } from '../errors.js';
import { createId } from '../ids.js';
import { assertDisplayName, isSystemPermission, normalizeRoleKey, withOrgPrefix } from './keys.js';

const roleNotFound = () => new LatchkeyDomainError(DomainErrorCode.ResourceNotFound, 'No role with that id');
const immutable = (message: string) => new LatchkeyDomainError(DomainErrorCode.SystemResourceImmutable, message);
const keyTaken = () => new LatchkeyDomainError(DomainErrorCode.IdentifierExists, 'A role with that key exists', { param_name: 'key' });

/** Permission references (ids `perm_…` or keys `org:feature:action`) → existing keys, each once. */
async function resolvePermissions(store: Store, references: readonly string[]): Promise<string[]> {
  const keys: string[] = [];
  for (const reference of references) {
    const found = reference.startsWith('perm_')
      ? await store.organizationPermissions.getById(reference)
      : await store.organizationPermissions.getByKey(withOrgPrefix(reference));
    if (!found) {
      throw new LatchkeyDomainError(DomainErrorCode.IdentifierInvalid, `permissions: there is no permission ${reference}`, { param_name: 'permissions' });
    }
    if (!keys.includes(found.key)) keys.push(found.key);
  }
  return keys;
}

/** A system role's system permissions are fixed; anything else it may be given or lose. */
function checkedPermissions(role: OrganizationRoleRecord | null, wanted: string[]): string[] {
  if (!role?.isSystem) return wanted;
  const fixed = role.permissions.filter(isSystemPermission);
  if (wanted.some((key) => isSystemPermission(key) && !fixed.includes(key))) {
    throw immutable(`The system permissions of ${role.key} cannot be changed`);
  }
  return [...fixed, ...wanted.filter((key) => !isSystemPermission(key))];
}

export async function getRole(ctx: DomainContext, id: string): Promise<OrganizationRoleRecord> {
  const role = id.startsWith('org:') ? await ctx.store.organizationRoles.getByKey(id) : await ctx.store.organizationRoles.getById(id);
  if (!role) throw roleNotFound();
  return role;
}

export async function createRole(
  ctx: DomainContext,
  input: { key: string; name: string; description?: string | null; permissions?: readonly string[] | null },
): Promise<OrganizationRoleRecord> {
  const key = normalizeRoleKey(input.key);
  const name = assertDisplayName(input.name);
  const permissions = await resolvePermissions(ctx.store, input.permissions ?? []);
  if (await ctx.store.organizationRoles.getByKey(key)) throw keyTaken();
  const at = ctx.now();
  const role: OrganizationRoleRecord = {
    id: createId('role', ctx.random),
    key,
    name,
    description: input.description ?? null,
    permissions,
    isSystem: false,
    createdAt: at,
    updatedAt: at,
  };
  try {
    await ctx.store.organizationRoles.create(role);
  } catch (error) {
    if (await ctx.store.organizationRoles.getByKey(key)) throw keyTaken();
    throw error;
  }
  return role;
}

/**
 * Changes a role. A new key is carried over to every membership holding the
 * old one, in the same transaction.
 */
export async function updateRole(
  ctx: DomainContext,
  id: string,
  input: { key?: string | null; name?: string | null; description?: string | null; permissions?: readonly string[] | null },
): Promise<OrganizationRoleRecord> {
  const role = await getRole(ctx, id);
  const key = input.key ? normalizeRoleKey(input.key) : undefined;
  if (key !== undefined && key !== role.key) {
    if (role.isSystem) throw immutable(`The key of ${role.key} cannot be changed`);
    if (await ctx.store.organizationRoles.getByKey(key)) throw keyTaken();
  }
  const permissions = input.permissions ? checkedPermissions(role, await resolvePermissions(ctx.store, input.permissions)) : undefined;
  const at = ctx.now();
  return ctx.store.transaction(async (store) => {
    const updated = await store.organizationRoles.update(role.id, {
      key,
      name: input.name ? assertDisplayName(input.name) : undefined,
      description: input.description === undefined ? undefined : input.description,
      permissions,
      updatedAt: at,
    });
    if (!updated) throw roleNotFound();
    if (key !== undefined && key !== role.key) await store.organizationMemberships.renameRole(role.key, key, at);
    return updated;
  });
}

/** Gives a role one more permission (Clerk's POST /organization_roles/{id}/permissions/{permission_id}). */
export async function assignRolePermission(ctx: DomainContext, roleId: string, permission: string): Promise<OrganizationRoleRecord> {
  const role = await getRole(ctx, roleId);
  const [key] = await resolvePermissions(ctx.store, [permission]);
  if (role.permissions.includes(key!)) return role;
  return updateRole(ctx, role.id, { permissions: [...role.permissions, key!] });
}

export async function removeRolePermission(ctx: DomainContext, roleId: string, permission: string): Promise<OrganizationRoleRecord> {
  const role = await getRole(ctx, roleId);
  const [key] = await resolvePermissions(ctx.store, [permission]);
  if (role.isSystem && isSystemPermission(key!)) throw immutable(`The system permissions of ${role.key} cannot be changed`);
  return updateRole(ctx, role.id, { permissions: role.permissions.filter((k) => k !== key) });
}

/** Deletes a custom role nobody holds. */
export async function deleteRole(ctx: DomainContext, id: string): Promise<OrganizationRoleRecord> {
  const role = await getRole(ctx, id);
  if (role.isSystem) throw immutable(`${role.key} is a system role and cannot be deleted`);
  const holders = await ctx.store.organizationMemberships.countWithRole(role.key);
  if (holders > 0) {
    throw new LatchkeyDomainError(DomainErrorCode.RoleInUse, `${holders} membership(s) hold ${role.key}; give them another role first`, { members: holders });
  }
  await ctx.store.organizationRoles.delete(role.id);
  return role;
}
