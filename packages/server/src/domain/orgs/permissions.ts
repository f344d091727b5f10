/**
 * Custom permissions (`org:<feature>:<action>`). System ones (`org:sys_*`)
 * come with the instance and cannot be changed. A renamed or deleted
 * permission is renamed in, or removed from, every role that grants it, in
 * the same transaction.
 */
import type { OrganizationPermissionRecord, Store } from '../../store/contract.js';
import type { DomainContext } from '../context.js';
import { DomainErrorCode, LatchkeyDomainError } from '../errors.js';
import { createId } from '../ids.js';
import { assertDisplayName, isSystemPermission, parsePermissionKey } from './keys.js';

const notFound = () => new LatchkeyDomainError(DomainErrorCode.ResourceNotFound, 'No permission with that id');
const keyTaken = () => new LatchkeyDomainError(DomainErrorCode.IdentifierExists, 'A permission with that key exists', { param_name: 'key' });
const immutable = () => new LatchkeyDomainError(DomainErrorCode.SystemResourceImmutable, 'System permissions cannot be changed or deleted');

function customKey(key: string): string {
  const parsed = parsePermissionKey(key);
  if (isSystemPermission(parsed.key)) {
    throw new LatchkeyDomainError(DomainErrorCode.IdentifierInvalid, 'key: features starting with sys_ are reserved for system permissions', {
      param_name: 'key',
    });
  }
  return parsed.key;
}

export async function getPermission(ctx: DomainContext, id: string): Promise<OrganizationPermissionRecord> {
  const found = await ctx.store.organizationPermissions.getById(id);
  if (!found) throw notFound();
  return found;
}

export async function createPermission(
  ctx: DomainContext,
  input: { key: string; name: string; description?: string | null },
): Promise<OrganizationPermissionRecord> {
  const key = customKey(input.key);
  const name = assertDisplayName(input.name);
  if (await ctx.store.organizationPermissions.getByKey(key)) throw keyTaken();
  const at = ctx.now();
  const permission: OrganizationPermissionRecord = {
    id: createId('perm', ctx.random),
    key,
    name,
    description: input.description ?? '',
    isSystem: false,
    createdAt: at,
    updatedAt: at,
  };
  try {
    await ctx.store.organizationPermissions.create(permission);
  } catch (error) {
    if (await ctx.store.organizationPermissions.getByKey(key)) throw keyTaken();
    throw error;
  }
  return permission;
}

/** Rewrites `from` to `to` (or drops it, with `to` null) in every role that grants it. */
async function rewriteRoles(store: Store, from: string, to: string | null, at: number): Promise<void> {
  // Roles are a short instance-wide list; the permission keys live in each role row.
  for (let offset = 0; ; offset += 500) {
    const roles = await store.organizationRoles.list({ limit: 500, offset });
    for (const role of roles.filter((r) => r.permissions.includes(from))) {
      const permissions = role.permissions.flatMap((k) => (k === from ? (to && !role.permissions.includes(to) ? [to] : []) : [k]));
      await store.organizationRoles.update(role.id, { permissions, updatedAt: at });
    }
    if (roles.length < 500) return;
  }
}

export async function updatePermission(
  ctx: DomainContext,
  id: string,
  input: { key?: string | null; name?: string | null; description?: string | null },
): Promise<OrganizationPermissionRecord> {
  const current = await getPermission(ctx, id);
  if (current.isSystem) throw immutable();
  const key = input.key ? customKey(input.key) : undefined;
  if (key !== undefined && key !== current.key && (await ctx.store.organizationPermissions.getByKey(key))) throw keyTaken();
  const at = ctx.now();
  return ctx.store.transaction(async (store) => {
    const updated = await store.organizationPermissions.update(current.id, {
      key,
      name: input.name ? assertDisplayName(input.name) : undefined,
      description: input.description ?? undefined,
      updatedAt: at,
    });
    if (!updated) throw notFound();
    if (key !== undefined && key !== current.key) await rewriteRoles(store, current.key, key, at);
    return updated;
  });
}

export async function deletePermission(ctx: DomainContext, id: string): Promise<OrganizationPermissionRecord> {
  const current = await getPermission(ctx, id);
  if (current.isSystem) throw immutable();
  const at = ctx.now();
  await ctx.store.transaction(async (store) => {
    await rewriteRoles(store, current.key, null, at);
    await store.organizationPermissions.delete(current.id);
  });
  return current;
}
