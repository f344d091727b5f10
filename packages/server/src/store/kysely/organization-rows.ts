/**
 * Conversions between organization rows and records, and the column lists
 * the joins select under a prefix (`u_email_address`), so that one row of a
 * join carries several tables without name clashes.
 */
import type {
  OrganizationMembershipRecord,
  OrganizationPermissionRecord,
  OrganizationRecord,
  OrganizationRoleRecord,
} from '../contract.js';
import { fromJsonText, toJsonText } from './rows.js';
import type {
  OrganizationMembershipsTable,
  OrganizationPermissionsTable,
  OrganizationRolesTable,
  OrganizationsTable,
  UsersTable,
} from './schema.js';

type Columns<T> = readonly (keyof T & string)[];

export const USER_COLUMNS = [
  'id', 'email_address', 'email_address_id', 'password_hash', 'first_name', 'last_name', 'external_id', 'public_metadata',
  'private_metadata', 'unsafe_metadata', 'is_banned', 'is_locked', 'created_at', 'updated_at', 'last_sign_in_at',
] as const satisfies Columns<UsersTable>;

export const ORGANIZATION_COLUMNS = [
  'id', 'name', 'slug', 'max_allowed_memberships', 'is_admin_delete_enabled', 'public_metadata', 'private_metadata', 'created_by',
  'created_at', 'updated_at',
] as const satisfies Columns<OrganizationsTable>;

export const MEMBERSHIP_COLUMNS = [
  'id', 'organization_id', 'user_id', 'role', 'public_metadata', 'private_metadata', 'created_at', 'updated_at',
] as const satisfies Columns<OrganizationMembershipsTable>;

/** `['u.id as u_id', …]` for a select list (Kysely cannot type computed aliases; rows are read back with `unprefix`). */
export function prefixed(table: string, prefix: string, columns: readonly string[]): string[] {
  return columns.map((c) => `${table}.${c} as ${prefix}${c}`);
}

/** The columns of one table out of a joined row, by their prefix; null when the (left-joined) row is absent. */
export function unprefix<T>(row: Record<string, unknown>, prefix: string, columns: readonly string[]): T | null {
  if (row[`${prefix}id`] === null || row[`${prefix}id`] === undefined) return null;
  return Object.fromEntries(columns.map((c) => [c, row[`${prefix}${c}`]])) as T;
}

const num = (value: number | string): number => Number(value);

export function toOrganizationRecord(row: OrganizationsTable): OrganizationRecord {
  return {
    id: row.id,
    name: row.name,
    slug: row.slug,
    maxAllowedMemberships: num(row.max_allowed_memberships),
    adminDeleteEnabled: Number(row.is_admin_delete_enabled) === 1,
    publicMetadata: fromJsonText(row.public_metadata) ?? {},
    privateMetadata: fromJsonText(row.private_metadata) ?? {},
    createdBy: row.created_by,
    createdAt: num(row.created_at),
    updatedAt: num(row.updated_at),
  };
}

export function toOrganizationRow(org: OrganizationRecord): OrganizationsTable {
  return {
    id: org.id,
    name: org.name,
    slug: org.slug,
    max_allowed_memberships: org.maxAllowedMemberships,
    is_admin_delete_enabled: org.adminDeleteEnabled ? 1 : 0,
    public_metadata: toJsonText(org.publicMetadata),
    private_metadata: toJsonText(org.privateMetadata),
    created_by: org.createdBy,
    created_at: org.createdAt,
    updated_at: org.updatedAt,
  };
}

export function toMembershipRecord(row: OrganizationMembershipsTable): OrganizationMembershipRecord {
  return {
    id: row.id,
    organizationId: row.organization_id,
    userId: row.user_id,
    role: row.role,
    publicMetadata: fromJsonText(row.public_metadata) ?? {},
    privateMetadata: fromJsonText(row.private_metadata) ?? {},
    createdAt: num(row.created_at),
    updatedAt: num(row.updated_at),
  };
}

export function toMembershipRow(m: OrganizationMembershipRecord): OrganizationMembershipsTable {
  return {
    id: m.id,
    organization_id: m.organizationId,
    user_id: m.userId,
    role: m.role,
    public_metadata: toJsonText(m.publicMetadata),
    private_metadata: toJsonText(m.privateMetadata),
    created_at: m.createdAt,
    updated_at: m.updatedAt,
  };
}

/** A role's permission keys from its JSON column (null when the role row is absent). */
export const permissionKeysFrom = (text: string | null | undefined): string[] =>
  text ? ((fromJsonText<string[]>(text) ?? []).filter((k) => typeof k === 'string')) : [];

export function toRoleRecord(row: OrganizationRolesTable): OrganizationRoleRecord {
  return {
    id: row.id,
    key: row.key,
    name: row.name,
    description: row.description,
    permissions: permissionKeysFrom(row.permissions),
    isSystem: Number(row.is_system) === 1,
    createdAt: num(row.created_at),
    updatedAt: num(row.updated_at),
  };
}

export function toRoleRow(role: OrganizationRoleRecord): OrganizationRolesTable {
  return {
    id: role.id,
    key: role.key,
    name: role.name,
    description: role.description,
    permissions: JSON.stringify(role.permissions),
    is_system: role.isSystem ? 1 : 0,
    created_at: role.createdAt,
    updated_at: role.updatedAt,
  };
}

export function toPermissionRecord(row: OrganizationPermissionsTable): OrganizationPermissionRecord {
  return {
    id: row.id,
    key: row.key,
    name: row.name,
    description: row.description,
    isSystem: Number(row.is_system) === 1,
    createdAt: num(row.created_at),
    updatedAt: num(row.updated_at),
  };
}

export function toPermissionRow(p: OrganizationPermissionRecord): OrganizationPermissionsTable {
  return {
    id: p.id,
    key: p.key,
    name: p.name,
    description: p.description,
    is_system: p.isSystem ? 1 : 0,
    created_at: p.createdAt,
    updated_at: p.updatedAt,
  };
}

/** Escapes LIKE wildcards so a search for `a_b` matches only `a_b`. */
export const likeContains = (text: string) => `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
