/**
 * Memberships (Clerk's Backend API shapes). A change of role or a removal
 * reaches the member's next session token.
 */
import { z } from 'zod';
import { DomainErrorCode, LatchkeyDomainError } from '../../../domain/errors.js';
import { addMembership, mergeMembershipMetadata, removeMembership, updateMembershipRole } from '../../../domain/orgs/memberships.js';
import { withOrgPrefix } from '../../../domain/orgs/keys.js';
import { getOrganization } from '../../../domain/orgs/update-organization.js';
import { defineEndpoint } from '../../endpoint.js';
import { json } from '../../respond.js';
import { serializeMembership } from '../../serializers/organization.js';
import { listQuery, pageResponse, toOrderBy } from './pagination.js';

const metadata = z.record(z.string(), z.unknown());
const listAll = (url: URL, name: string) => url.searchParams.getAll(name).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);

export const listOrganizationMemberships = defineEndpoint({
  method: 'GET',
  path: '/v1/organizations/:id/memberships',
  area: 'backend',
  summary: 'Lists the members of an organization (by id or slug), newest first; filters: role, user_id',
  query: listQuery.extend({ order_by: z.enum(['created_at', '-created_at', '+created_at']).optional() }).passthrough(),
  async handler(rc) {
    const organization = await getOrganization(rc.domain, rc.params.id!);
    const filter = {
      organizationId: organization.id,
      roles: listAll(rc.url, 'role').map(withOrgPrefix),
      userIds: listAll(rc.url, 'user_id'),
    };
    const { organizationMemberships } = rc.domain.store;
    return pageResponse(
      organizationMemberships.list({ ...filter, limit: rc.query.limit, offset: rc.query.offset, orderBy: toOrderBy(rc.query.order_by) }),
      organizationMemberships.count(filter),
      (page) => page.map(serializeMembership),
    );
  },
});

export const createOrganizationMembership = defineEndpoint({
  method: 'POST',
  path: '/v1/organizations/:id/memberships',
  area: 'backend',
  summary: 'Adds a user to an organization with a role (org:admin, org:member or custom)',
  body: z.object({
    user_id: z.string().min(1).max(64),
    role: z.string().min(1).max(68),
    public_metadata: metadata.optional(),
    private_metadata: metadata.optional(),
  }),
  async handler(rc) {
    const b = rc.body;
    const membership = await addMembership(rc.domain, rc.params.id!, {
      userId: b.user_id,
      role: b.role,
      publicMetadata: b.public_metadata,
      privateMetadata: b.private_metadata,
    });
    return json(serializeMembership(membership));
  },
});

export const updateOrganizationMembership = defineEndpoint({
  method: 'PATCH',
  path: '/v1/organizations/:id/memberships/:userId',
  area: 'backend',
  summary: "Changes a member's role; their next session token carries it",
  body: z.object({ role: z.string().min(1).max(68) }),
  async handler(rc) {
    return json(serializeMembership(await updateMembershipRole(rc.domain, rc.params.id!, rc.params.userId!, rc.body.role)));
  },
});

export const updateOrganizationMembershipMetadata = defineEndpoint({
  method: 'PATCH',
  path: '/v1/organizations/:id/memberships/:userId/metadata',
  area: 'backend',
  summary: "Deep-merges a membership's metadata (null deletes a key)",
  body: z.object({ public_metadata: metadata.optional(), private_metadata: metadata.optional() }),
  async handler(rc) {
    const membership = await mergeMembershipMetadata(rc.domain, rc.params.id!, rc.params.userId!, {
      publicMetadata: rc.body.public_metadata,
      privateMetadata: rc.body.private_metadata,
    });
    return json(serializeMembership(membership));
  },
});

export const deleteOrganizationMembership = defineEndpoint({
  method: 'DELETE',
  path: '/v1/organizations/:id/memberships/:userId',
  area: 'backend',
  summary: 'Removes a member; their sessions that had this organization active have none',
  async handler(rc) {
    return json(serializeMembership(await removeMembership(rc.domain, rc.params.id!, rc.params.userId!)));
  },
});

export const listUserOrganizationMemberships = defineEndpoint({
  method: 'GET',
  path: '/v1/users/:id/organization_memberships',
  area: 'backend',
  summary: "Lists a user's organization memberships, newest first",
  query: listQuery,
  async handler(rc) {
    const userId = rc.params.id!;
    if (!(await rc.domain.store.users.getById(userId))) throw new LatchkeyDomainError(DomainErrorCode.ResourceNotFound, 'No user with that id');
    const { organizationMemberships } = rc.domain.store;
    return pageResponse(
      organizationMemberships.list({ userId, limit: rc.query.limit, offset: rc.query.offset }),
      organizationMemberships.count({ userId }),
      (page) => page.map(serializeMembership),
    );
  },
});
