/**
 * Organizations (Clerk's Backend API shapes). Lists answer `{ data,
 * total_count }` always, as Clerk's API does for organizations, so that
 * Clerk's client reads `data` and `totalCount` from them.
 */
import { z } from 'zod';
import { createOrganization as create } from '../../../domain/orgs/create-organization.js';
import {
  deleteOrganization as remove,
  getOrganization as get,
  updateOrganization as update,
  writeOrganizationMetadata,
} from '../../../domain/orgs/update-organization.js';
import { defineEndpoint } from '../../endpoint.js';
import { json } from '../../respond.js';
import { deletedObject, serializeOrganization } from '../../serializers/organization.js';
import { listQuery, pageResponse, toOrderBy } from './pagination.js';

const metadata = z.record(z.string(), z.unknown());
const flag = z.enum(['true', 'false']).optional();

export const listOrganizations = defineEndpoint({
  method: 'GET',
  path: '/v1/organizations',
  area: 'backend',
  summary: 'Lists organizations, newest first; `query` matches an id exactly or a name/slug in part',
  query: listQuery.extend({
    query: z.string().max(256).optional(),
    order_by: z.enum(['created_at', '-created_at', '+created_at', 'name', '-name', '+name']).optional(),
    include_members_count: flag,
  }),
  async handler(rc) {
    const q = rc.query;
    const filter = { query: q.query, organizationIds: rc.url.searchParams.getAll('organization_id').flatMap((v) => v.split(',')).filter(Boolean) };
    const { organizations } = rc.domain.store;
    return pageResponse(
      organizations.list({ ...filter, limit: q.limit, offset: q.offset, orderBy: toOrderBy(q.order_by) }),
      organizations.count(filter),
      async (page) => {
        const counts = q.include_members_count === 'true' ? await organizations.countMembers(page.map((o) => o.id)) : null;
        return page.map((o) => serializeOrganization(o, { membersCount: counts?.get(o.id) }));
      },
    );
  },
});

export const createOrganization = defineEndpoint({
  method: 'POST',
  path: '/v1/organizations',
  area: 'backend',
  summary: 'Creates an organization; `created_by` becomes its first member, as org:admin',
  body: z.object({
    name: z.string().max(256),
    slug: z.string().max(64).nullable().optional(),
    created_by: z.string().max(64).nullable().optional(),
    max_allowed_memberships: z.number().int().min(0).max(1_000_000).nullable().optional(),
    public_metadata: metadata.nullable().optional(),
    private_metadata: metadata.nullable().optional(),
  }),
  async handler(rc) {
    const b = rc.body;
    const organization = await create(rc.domain, {
      name: b.name,
      slug: b.slug,
      createdBy: b.created_by,
      maxAllowedMemberships: b.max_allowed_memberships ?? undefined,
      publicMetadata: b.public_metadata ?? undefined,
      privateMetadata: b.private_metadata ?? undefined,
    });
    return json(serializeOrganization(organization, { membersCount: b.created_by ? 1 : 0 }));
  },
});

export const getOrganization = defineEndpoint({
  method: 'GET',
  path: '/v1/organizations/:id',
  area: 'backend',
  summary: 'Gets an organization by id or by slug',
  query: z.object({ include_members_count: flag }).passthrough(),
  async handler(rc) {
    const organization = await get(rc.domain, rc.params.id!);
    const membersCount =
      rc.query.include_members_count === 'true' ? (await rc.domain.store.organizations.countMembers([organization.id])).get(organization.id) : undefined;
    return json(serializeOrganization(organization, { membersCount }));
  },
});

export const updateOrganization = defineEndpoint({
  method: 'PATCH',
  path: '/v1/organizations/:id',
  area: 'backend',
  summary: 'Updates an organization (by id or slug); metadata given here replaces the stored objects',
  body: z.object({
    name: z.string().max(256).optional(),
    slug: z.string().max(64).optional(),
    max_allowed_memberships: z.number().int().min(0).max(1_000_000).optional(),
    admin_delete_enabled: z.boolean().optional(),
    public_metadata: metadata.optional(),
    private_metadata: metadata.optional(),
  }),
  async handler(rc) {
    const b = rc.body;
    const organization = await update(rc.domain, rc.params.id!, {
      name: b.name,
      slug: b.slug,
      maxAllowedMemberships: b.max_allowed_memberships,
      adminDeleteEnabled: b.admin_delete_enabled,
      publicMetadata: b.public_metadata,
      privateMetadata: b.private_metadata,
    });
    return json(serializeOrganization(organization));
  },
});

/** `null` for a whole object writes `{}` (Latchkey keeps metadata an object). */
const metadataBody = z.object({ public_metadata: metadata.nullable().optional(), private_metadata: metadata.nullable().optional() });
const toMetadataInput = (b: z.infer<typeof metadataBody>) => ({
  publicMetadata: b.public_metadata === null ? {} : b.public_metadata,
  privateMetadata: b.private_metadata === null ? {} : b.private_metadata,
});

export const mergeOrganizationMetadata = defineEndpoint({
  method: 'PATCH',
  path: '/v1/organizations/:id/metadata',
  area: 'backend',
  summary: 'Deep-merges metadata into an organization (null deletes a key)',
  body: metadataBody,
  async handler(rc) {
    return json(serializeOrganization(await writeOrganizationMetadata(rc.domain, rc.params.id!, 'merge', toMetadataInput(rc.body))));
  },
});

export const replaceOrganizationMetadata = defineEndpoint({
  method: 'PUT',
  path: '/v1/organizations/:id/metadata',
  area: 'backend',
  summary: "Replaces an organization's metadata objects given; those not given stay",
  body: metadataBody,
  async handler(rc) {
    return json(serializeOrganization(await writeOrganizationMetadata(rc.domain, rc.params.id!, 'replace', toMetadataInput(rc.body))));
  },
});

export const deleteOrganization = defineEndpoint({
  method: 'DELETE',
  path: '/v1/organizations/:id',
  area: 'backend',
  summary: 'Deletes an organization and its memberships; sessions that had it active have none',
  async handler(rc) {
    const organization = await remove(rc.domain, rc.params.id!);
    return json(deletedObject('organization', organization.id, { slug: organization.slug }));
  },
});
