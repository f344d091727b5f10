/**
 * What shortcodes name, for one session (Clerk's shortcode names):
 *
 *   user.id  user.external_id  user.first_name  user.last_name  user.full_name  user.username
 *   user.primary_email_address  user.email_verified  user.primary_phone_number  user.phone_number_verified
 *   user.image_url  user.has_image  user.two_factor_enabled  user.created_at  user.updated_at  user.last_sign_in_at
 *   user.public_metadata[.path]  user.unsafe_metadata[.path]
 *   org.id  org.name  org.slug  org.image_url  org.has_image  org.created_at  org.public_metadata[.path]
 *   org_membership.role  org_membership.permissions  org_membership.public_metadata[.path]
 *   session.id  session.actor
 *
 * Times are Unix seconds, as in Clerk's templates. Without an active
 * organization every `org.*` and `org_membership.*` is `null`.
 * `org_membership.permissions` lists the custom permission keys of the role
 * (system ones are not put in tokens), as `has({ permission })` sees them.
 */
import type { Json, SessionTokenContext } from '../../../store/contract.js';
import { tokenPermissions } from '../../orgs/organization-claims.js';
import type { ShortcodeResolver } from './compile-claims.js';

const seconds = (ms: number | null) => (ms === null ? null : Math.floor(ms / 1000));

/** Walks `a.b.0.c` into objects and arrays; `undefined` as soon as a step is missing. */
function dig(value: unknown, steps: string[]): unknown {
  let current = value;
  for (const step of steps) {
    if (Array.isArray(current) && /^\d+$/.test(step)) current = current[Number(step)];
    else if (current !== null && typeof current === 'object' && Object.hasOwn(current, step)) current = (current as Json)[step];
    else return undefined;
  }
  return current;
}

export function createShortcodeResolver({ session, user, organization }: SessionTokenContext): ShortcodeResolver {
  const fullName = [user.firstName, user.lastName].filter(Boolean).join(' ');
  const fields: Record<string, Record<string, () => unknown>> = {
    user: {
      id: () => user.id,
      external_id: () => user.externalId,
      first_name: () => user.firstName,
      last_name: () => user.lastName,
      full_name: () => fullName || null,
      username: () => null,
      primary_email_address: () => user.emailAddress,
      // Latchkey's addresses are the ones users signed up or were created with: verified by the instance.
      email_verified: () => true,
      primary_phone_number: () => null,
      phone_number_verified: () => false,
      image_url: () => null,
      has_image: () => false,
      two_factor_enabled: () => false,
      created_at: () => seconds(user.createdAt),
      updated_at: () => seconds(user.updatedAt),
      last_sign_in_at: () => seconds(user.lastSignInAt),
      public_metadata: () => user.publicMetadata,
      unsafe_metadata: () => user.unsafeMetadata,
    },
    org: organization
      ? {
          id: () => organization.organization.id,
          name: () => organization.organization.name,
          slug: () => organization.organization.slug,
          image_url: () => null,
          has_image: () => false,
          created_at: () => seconds(organization.organization.createdAt),
          public_metadata: () => organization.organization.publicMetadata,
        }
      : {},
    org_membership: organization
      ? {
          role: () => organization.membership.role,
          permissions: () => tokenPermissions(organization.permissions),
          public_metadata: () => organization.membership.publicMetadata,
        }
      : {},
    session: {
      id: () => session.id,
      actor: () => session.actor,
    },
  };
  return (path) => {
    const [root = '', field = '', ...rest] = path.split('.');
    if (!Object.hasOwn(fields, root) || !Object.hasOwn(fields[root]!, field)) return undefined;
    return dig(fields[root]![field]!(), rest);
  };
}
