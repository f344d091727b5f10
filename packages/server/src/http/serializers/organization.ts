import type {
  MembershipDetails,
  OrganizationPermissionRecord,
  OrganizationRecord,
  OrganizationRoleRecord,
} from '../../store/contract.js';
import { serializePublicUserData } from './user.js';

/** An organization in Clerk's Backend API shape. `members_count` only when asked for. */
export function serializeOrganization(org: OrganizationRecord, options: { membersCount?: number } = {}) {
  return {
    object: 'organization' as const,
    id: org.id,
    name: org.name,
    slug: org.slug,
    image_url: '',
    has_image: false,
    ...(options.membersCount !== undefined ? { members_count: options.membersCount } : {}),
    pending_invitations_count: 0,
    max_allowed_memberships: org.maxAllowedMemberships,
    admin_delete_enabled: org.adminDeleteEnabled,
    public_metadata: org.publicMetadata,
    private_metadata: org.privateMetadata,
    ...(org.createdBy ? { created_by: org.createdBy } : {}),
    created_at: org.createdAt,
    updated_at: org.updatedAt,
  };
}

/** A membership in Clerk's shape: role, every permission of the role, the organization and the member's public data. */
export function serializeMembership({ membership, organization, user, permissions }: MembershipDetails) {
  return {
    object: 'organization_membership' as const,
    id: membership.id,
    role: membership.role,
    permissions,
    public_metadata: membership.publicMetadata,
    private_metadata: membership.privateMetadata,
    organization: serializeOrganization(organization),
    public_user_data: serializePublicUserData(user),
    created_at: membership.createdAt,
    updated_at: membership.updatedAt,
  };
}

export function serializePermission(p: OrganizationPermissionRecord) {
  return {
    object: 'permission' as const,
    id: p.id,
    key: p.key,
    name: p.name,
    description: p.description,
    type: p.isSystem ? ('system' as const) : ('user' as const),
    created_at: p.createdAt,
    updated_at: p.updatedAt,
  };
}

/** A role with its permissions spelled out (`permissionsByKey` holds at least the role's). */
export function serializeRole(role: OrganizationRoleRecord, permissionsByKey: Map<string, OrganizationPermissionRecord>) {
  const permissions = role.permissions.flatMap((key) => {
    const found = permissionsByKey.get(key);
    return found ? [serializePermission(found)] : [];
  });
  return {
    object: 'role' as const,
    id: role.id,
    key: role.key,
    name: role.name,
    description: role.description,
    permissions,
    // A creator must be able to manage what they create: Clerk's rule, all system permissions.
    is_creator_eligible: role.permissions.includes('org:sys_memberships:manage') && role.permissions.includes('org:sys_profile:manage'),
    created_at: role.createdAt,
    updated_at: role.updatedAt,
  };
}

export const deletedObject = (object: string, id: string, extra: { slug?: string } = {}) => ({ object, id, ...extra, deleted: true });
