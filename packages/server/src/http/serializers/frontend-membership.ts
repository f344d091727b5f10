import type { MembershipDetails } from '../../store/contract.js';

/**
 * One of the signed-in user's organization memberships as Clerk's Frontend
 * API puts it in `user.organization_memberships`: the role, every permission
 * the role grants (system ones included, as Clerk lists them there) and the
 * organization, without anything private (the browser reads this).
 */
export function serializeFrontendMembership({ membership, organization, permissions }: MembershipDetails) {
  return {
    object: 'organization_membership' as const,
    id: membership.id,
    role: membership.role,
    permissions,
    public_metadata: membership.publicMetadata,
    organization: {
      object: 'organization' as const,
      id: organization.id,
      name: organization.name,
      slug: organization.slug,
      image_url: '',
      has_image: false,
      max_allowed_memberships: organization.maxAllowedMemberships,
      admin_delete_enabled: organization.adminDeleteEnabled,
      public_metadata: organization.publicMetadata,
      created_at: organization.createdAt,
      updated_at: organization.updatedAt,
    },
    created_at: membership.createdAt,
    updated_at: membership.updatedAt,
  };
}
