import type { Json, OrganizationPatch, OrganizationRecord } from '../../store/contract.js';
import type { DomainContext } from '../context.js';
import { DomainErrorCode, LatchkeyDomainError } from '../errors.js';
import { deepMerge } from '../users/update-user.js';
import { assertOrganizationName, assertSlug, slugTaken } from './create-organization.js';

/** An organization by id (`org_…`) or by slug, as `/organizations/{id_or_slug}` names it. */
export async function getOrganization(ctx: DomainContext, idOrSlug: string): Promise<OrganizationRecord> {
  const organization = idOrSlug.startsWith('org_')
    ? await ctx.store.organizations.getById(idOrSlug)
    : await ctx.store.organizations.getBySlug(idOrSlug.toLowerCase());
  if (!organization) throw new LatchkeyDomainError(DomainErrorCode.ResourceNotFound, 'No organization with that id or slug');
  return organization;
}

export interface UpdateOrganizationInput {
  name?: string;
  slug?: string;
  maxAllowedMemberships?: number;
  adminDeleteEnabled?: boolean;
  /** Replaces the stored object. */
  publicMetadata?: Json;
  privateMetadata?: Json;
}

async function apply(ctx: DomainContext, id: string, patch: Omit<OrganizationPatch, 'updatedAt'>): Promise<OrganizationRecord> {
  let updated: OrganizationRecord | null;
  try {
    updated = await ctx.store.organizations.update(id, { ...patch, updatedAt: ctx.now() });
  } catch (error) {
    // Another organization took the slug between our check and the write: the unique index decides.
    const holder = patch.slug === undefined ? null : await ctx.store.organizations.getBySlug(patch.slug);
    if (holder && holder.id !== id) throw slugTaken();
    throw error;
  }
  if (!updated) throw new LatchkeyDomainError(DomainErrorCode.ResourceNotFound, 'No organization with that id or slug');
  return updated;
}

/** Changes the given fields; metadata objects given here replace the stored ones (Clerk's PATCH /organizations/{id}). */
export async function updateOrganization(ctx: DomainContext, idOrSlug: string, input: UpdateOrganizationInput): Promise<OrganizationRecord> {
  const current = await getOrganization(ctx, idOrSlug);
  const patch: Omit<OrganizationPatch, 'updatedAt'> = {
    maxAllowedMemberships: input.maxAllowedMemberships,
    adminDeleteEnabled: input.adminDeleteEnabled,
    publicMetadata: input.publicMetadata,
    privateMetadata: input.privateMetadata,
  };
  if (input.name !== undefined) patch.name = assertOrganizationName(input.name);
  if (input.slug !== undefined) {
    patch.slug = assertSlug(input.slug);
    const holder = await ctx.store.organizations.getBySlug(patch.slug);
    if (holder && holder.id !== current.id) throw slugTaken();
  }
  return apply(ctx, current.id, patch);
}

/**
 * Metadata writes: `merge` deep-merges (nested objects merge, `null` deletes a
 * key: PATCH …/metadata); `replace` overwrites each object given and keeps
 * the ones not given (PUT …/metadata).
 */
export async function writeOrganizationMetadata(
  ctx: DomainContext,
  idOrSlug: string,
  mode: 'merge' | 'replace',
  input: { publicMetadata?: Json; privateMetadata?: Json },
): Promise<OrganizationRecord> {
  const current = await getOrganization(ctx, idOrSlug);
  const write = (stored: Json, given: Json | undefined) => (given === undefined ? undefined : mode === 'merge' ? deepMerge(stored, given) : given);
  return apply(ctx, current.id, {
    publicMetadata: write(current.publicMetadata, input.publicMetadata),
    privateMetadata: write(current.privateMetadata, input.privateMetadata),
  });
}

/**
 * Deletes an organization with its memberships; sessions that had it active
 * have none from now on (their next token carries no `o` claim).
 */
export async function deleteOrganization(ctx: DomainContext, idOrSlug: string): Promise<OrganizationRecord> {
  const organization = await getOrganization(ctx, idOrSlug);
  await ctx.store.transaction((store) => store.organizations.delete(organization.id, ctx.now()));
  return organization;
}
