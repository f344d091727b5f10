import type { Json, OrganizationMembershipRecord, OrganizationRecord } from '../../store/contract.js';
import type { DomainContext } from '../context.js';
import { inTransaction } from '../events.js';
import { DomainErrorCode, LatchkeyDomainError } from '../errors.js';
import { createId } from '../ids.js';
import { CREATOR_ROLE } from './keys.js';

export interface CreateOrganizationInput {
  name: string;
  /** Derived from the name when absent. */
  slug?: string | null;
  /** A user id: they become the organization's first member, as `org:admin`. */
  createdBy?: string | null;
  /** 0: no limit. @default 0 */
  maxAllowedMemberships?: number;
  publicMetadata?: Json;
  privateMetadata?: Json;
}

const SLUG = /^[a-z0-9](?:[a-z0-9_-]{0,62}[a-z0-9])?$/;

const invalid = (param: string, message: string) =>
  new LatchkeyDomainError(DomainErrorCode.IdentifierInvalid, message, { param_name: param });

export function assertOrganizationName(name: string): string {
  const trimmed = name.trim();
  if (trimmed.length === 0 || trimmed.length > 256) throw invalid('name', 'name: 1 to 256 characters');
  return trimmed;
}

/**
 * Slugs are lowercase letters, digits, `-` and `_`, up to 64 characters.
 * They may not start with `org_`: a path segment `/organizations/{x}` is then
 * an id or a slug, never both.
 */
export function assertSlug(slug: string): string {
  const s = slug.trim().toLowerCase();
  if (!SLUG.test(s) || s.startsWith('org_')) {
    throw invalid('slug', 'slug: lowercase letters, digits, - and _ (up to 64, not starting with org_)');
  }
  return s;
}

/** "Acme Rockets, Inc." → "acme-rockets-inc". */
export function slugFromName(name: string): string {
  const base = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48)
    .replace(/-+$/, '');
  return base === '' || base.startsWith('org_') ? 'org' : base;
}

export const slugTaken = () =>
  new LatchkeyDomainError(DomainErrorCode.IdentifierExists, 'That slug is taken by another organization', { param_name: 'slug' });

/**
 * Creates an organization, and its creator's `org:admin` membership in the
 * same transaction. A slug given is kept as is (or refused when taken); a
 * derived one gets a random suffix when taken.
 */
export async function createOrganization(ctx: DomainContext, input: CreateOrganizationInput): Promise<OrganizationRecord> {
  const name = assertOrganizationName(input.name);
  const explicitSlug = input.slug ? assertSlug(input.slug) : null;
  if (input.createdBy && !(await ctx.store.users.getById(input.createdBy))) throw invalid('created_by', 'created_by: there is no user with that id');
  const at = ctx.now();
  const base = explicitSlug ?? slugFromName(name);
  for (let attempt = 0; attempt < 5; attempt++) {
    const slug = attempt === 0 ? base : `${base}-${createId('x', ctx.random).slice(2, 8)}`;
    if (await ctx.store.organizations.getBySlug(slug)) {
      if (explicitSlug) throw slugTaken();
      continue;
    }
    const organization: OrganizationRecord = {
      id: createId('org', ctx.random),
      name,
      slug,
      maxAllowedMemberships: input.maxAllowedMemberships ?? 0,
      adminDeleteEnabled: true,
      publicMetadata: input.publicMetadata ?? {},
      privateMetadata: input.privateMetadata ?? {},
      createdBy: input.createdBy ?? null,
      createdAt: at,
      updatedAt: at,
    };
    const creator: OrganizationMembershipRecord | undefined = input.createdBy
      ? {
          id: createId('orgmem', ctx.random),
          organizationId: organization.id,
          userId: input.createdBy,
          role: CREATOR_ROLE,
          publicMetadata: {},
          privateMetadata: {},
          createdAt: at,
          updatedAt: at,
        }
      : undefined;
    try {
      await inTransaction(ctx, async (tx) => {
        await tx.store.organizations.create(organization, creator);
        // The creator's membership is announced like any other, in the same transaction.
        const membership = creator ? await tx.store.organizationMemberships.get(organization.id, creator.userId) : null;
        if (membership) tx.events.emit({ type: 'organizationMembership.created', membership });
      });
      return organization;
    } catch (error) {
      // Two creations racing for one slug: the unique index decides.
      if (!(await ctx.store.organizations.getBySlug(slug))) throw error;
      if (explicitSlug) throw slugTaken();
    }
  }
  throw slugTaken();
}
