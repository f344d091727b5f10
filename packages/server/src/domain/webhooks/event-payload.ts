/**
 * The webhook body of each domain event, in Clerk's webhook shape
 * (`{ data, object: 'event', type, timestamp }`, snake_case, Unix ms) so that
 * handlers written for Clerk's `session.*` and `user.*` webhooks read
 * Latchkey's unchanged. Built when the event is stored: the body a receiver
 * gets describes the record as it was at the change, on every retry.
 */
import type { MembershipDetails, SessionRecord, UserRecord } from '../../store/contract.js';
import type { DomainEvent } from '../events.js';

/** The event types an endpoint can subscribe to. */
export const WEBHOOK_EVENT_TYPES = [
  'session.created',
  'session.ended',
  'session.removed',
  'session.revoked',
  'session.expired',
  'session.abandoned',
  'session.replaced',
  'user.created',
  'user.updated',
  'user.deleted',
  'organizationMembership.created',
  'organizationMembership.updated',
  'organizationMembership.deleted',
] as const;

function sessionData(session: SessionRecord) {
  return {
    object: 'session',
    id: session.id,
    user_id: session.userId,
    client_id: session.clientId,
    status: session.status,
    created_at: session.createdAt,
    updated_at: session.updatedAt,
    last_active_at: session.lastActiveAt,
    expire_at: session.expireAt,
    abandon_at: session.abandonAt,
    ended_at: session.endedAt,
    last_active_organization_id: session.lastActiveOrganizationId,
    actor: session.actor,
  };
}

function userData(user: UserRecord) {
  return {
    object: 'user',
    id: user.id,
    external_id: user.externalId,
    primary_email_address_id: user.emailAddressId,
    email_addresses: [{ object: 'email_address', id: user.emailAddressId, email_address: user.emailAddress }],
    first_name: user.firstName,
    last_name: user.lastName,
    public_metadata: user.publicMetadata,
    private_metadata: user.privateMetadata,
    unsafe_metadata: user.unsafeMetadata,
    password_enabled: user.passwordHash !== null,
    banned: user.banned,
    locked: user.locked,
    last_sign_in_at: user.lastSignInAt,
    created_at: user.createdAt,
    updated_at: user.updatedAt,
  };
}

/** Clerk's `organizationMembership.*` data: the membership with its organization and the member's public data. */
function membershipData({ membership, organization, user, permissions }: MembershipDetails) {
  return {
    object: 'organization_membership',
    id: membership.id,
    role: membership.role,
    permissions,
    public_metadata: membership.publicMetadata,
    private_metadata: membership.privateMetadata,
    organization: {
      object: 'organization',
      id: organization.id,
      name: organization.name,
      slug: organization.slug,
      image_url: '',
      has_image: false,
      max_allowed_memberships: organization.maxAllowedMemberships,
      admin_delete_enabled: organization.adminDeleteEnabled,
      public_metadata: organization.publicMetadata,
      private_metadata: organization.privateMetadata,
      created_at: organization.createdAt,
      updated_at: organization.updatedAt,
    },
    public_user_data: {
      user_id: user.id,
      identifier: user.emailAddress,
      first_name: user.firstName,
      last_name: user.lastName,
      image_url: '',
      has_image: false,
    },
    created_at: membership.createdAt,
    updated_at: membership.updatedAt,
  };
}

/** The JSON body for `event`, stamped with `at`. */
export function toWebhookPayload(event: DomainEvent, at: number): string {
  let data: Record<string, unknown>;
  if ('session' in event) data = sessionData(event.session);
  else if ('membership' in event) data = membershipData(event.membership);
  else if (event.type === 'user.deleted') data = { object: 'user', id: event.user.id, deleted: true };
  else data = userData(event.user);
  return JSON.stringify({ data, object: 'event', type: event.type, timestamp: at });
}
