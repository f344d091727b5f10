/**
 * Memberships: who belongs to an organization, with which role. A change
 * here reaches the member's next token (the mint reads membership and role
 * in its one join); removing a membership also clears the organization as
 * the active one of that user's sessions.
 */
import type { Json, MembershipDetails } from '../../store/contract.js';
import type { DomainContext } from '../context.js';
import { inTransaction } from '../events.js';
import { DomainErrorCode, LatchkeyDomainError } from '../errors.js';
import { createId } from '../ids.js';
import { deepMerge } from '../users/update-user.js';
import { normalizeRoleKey } from './keys.js';
import { getOrganization } from './update-organization.js';

const notFound = () => new LatchkeyDomainError(DomainErrorCode.ResourceNotFound, 'That user is not a member of that organization');

/** The role key, normalized (`admin` → `org:admin`), which must exist. */
async function existingRole(ctx: DomainContext, role: string): Promise<string> {
  const key = normalizeRoleKey(role, 'role');
  if (!(await ctx.store.organizationRoles.getByKey(key))) {
    throw new LatchkeyDomainError(DomainErrorCode.IdentifierInvalid, `role: there is no role ${key}`, { param_name: 'role' });
  }
  return key;
}

export async function addMembership(
  ctx: DomainContext,
  idOrSlug: string,
  input: { userId: string; role: string; publicMetadata?: Json; privateMetadata?: Json },
): Promise<MembershipDetails> {
  const organization = await getOrganization(ctx, idOrSlug);
  const role = await existingRole(ctx, input.role);
  if (!(await ctx.store.users.getById(input.userId))) {
    throw new LatchkeyDomainError(DomainErrorCode.IdentifierInvalid, 'user_id: there is no user with that id', { param_name: 'user_id' });
  }
  const alreadyMember = () =>
    new LatchkeyDomainError(DomainErrorCode.AlreadyAMember, 'That user is already a member of that organization', { param_name: 'user_id' });
  if (await ctx.store.organizationMemberships.get(organization.id, input.userId)) throw alreadyMember();
  if (organization.maxAllowedMemberships > 0) {
    const members = await ctx.store.organizationMemberships.count({ organizationId: organization.id });
    if (members >= organization.maxAllowedMemberships) {
      throw new LatchkeyDomainError(DomainErrorCode.MembershipQuotaExceeded, `This organization allows at most ${organization.maxAllowedMemberships} members`, {
        max_allowed_memberships: organization.maxAllowedMemberships,
      });
    }
  }
  const at = ctx.now();
  try {
    // The membership and its organizationMembership.created event commit together.
    return await inTransaction(ctx, async (tx) => {
      await tx.store.organizationMemberships.create({
        id: createId('orgmem', ctx.random),
        organizationId: organization.id,
        userId: input.userId,
        role,
        publicMetadata: input.publicMetadata ?? {},
        privateMetadata: input.privateMetadata ?? {},
        createdAt: at,
        updatedAt: at,
      });
      const created = (await tx.store.organizationMemberships.get(organization.id, input.userId))!;
      tx.events.emit({ type: 'organizationMembership.created', membership: created });
      return created;
    });
  } catch (error) {
    // Two adds of the same user at once: the unique index decides.
    if (await ctx.store.organizationMemberships.get(organization.id, input.userId)) throw alreadyMember();
    throw error;
  }
}

export async function getMembership(ctx: DomainContext, idOrSlug: string, userId: string): Promise<MembershipDetails> {
  const organization = await getOrganization(ctx, idOrSlug);
  const found = await ctx.store.organizationMemberships.get(organization.id, userId);
  if (!found) throw notFound();
  return found;
}

/** Changes a member's role; their next token carries it. */
export async function updateMembershipRole(ctx: DomainContext, idOrSlug: string, userId: string, role: string): Promise<MembershipDetails> {
  const current = await getMembership(ctx, idOrSlug, userId);
  const key = await existingRole(ctx, role);
  return inTransaction(ctx, async (tx) => {
    const updated = await tx.store.organizationMemberships.update(current.organization.id, userId, { role: key, updatedAt: ctx.now() });
    if (!updated) throw notFound();
    tx.events.emit({ type: 'organizationMembership.updated', membership: updated });
    return updated;
  });
}

/** Deep-merges membership metadata (`null` deletes a key), as Clerk's PATCH …/memberships/{user_id}/metadata. */
export async function mergeMembershipMetadata(
  ctx: DomainContext,
  idOrSlug: string,
  userId: string,
  input: { publicMetadata?: Json; privateMetadata?: Json },
): Promise<MembershipDetails> {
  const current = await getMembership(ctx, idOrSlug, userId);
  return inTransaction(ctx, async (tx) => {
    const updated = await tx.store.organizationMemberships.update(current.organization.id, userId, {
      publicMetadata: input.publicMetadata ? deepMerge(current.membership.publicMetadata, input.publicMetadata) : undefined,
      privateMetadata: input.privateMetadata ? deepMerge(current.membership.privateMetadata, input.privateMetadata) : undefined,
      updatedAt: ctx.now(),
    });
    if (!updated) throw notFound();
    tx.events.emit({ type: 'organizationMembership.updated', membership: updated });
    return updated;
  });
}

/** Removes a member; sessions of theirs that had this organization active have none from now on. */
export async function removeMembership(ctx: DomainContext, idOrSlug: string, userId: string): Promise<MembershipDetails> {
  const current = await getMembership(ctx, idOrSlug, userId);
  const removed = await inTransaction(ctx, async (tx) => {
    const done = await tx.store.organizationMemberships.delete(current.organization.id, userId, ctx.now());
    if (done) tx.events.emit({ type: 'organizationMembership.deleted', membership: current });
    return done;
  });
  if (!removed) throw notFound();
  return current;
}

/**
 * The touch hook (`ctx.assertActiveOrganization`): a session may make an
 * organization active only when its user is a member. An unknown
 * organization answers the same as one the user is not in.
 */
export async function assertActiveOrganization(ctx: DomainContext, userId: string, organizationId: string): Promise<void> {
  if (!(await ctx.store.organizationMemberships.get(organizationId, userId))) {
    throw new LatchkeyDomainError(DomainErrorCode.OrganizationMembershipNotFound, 'The user is not a member of that organization');
  }
}
