import type { MembershipDetails, SessionRecord, UserRecord } from '../../store/contract.js';
import { serializeFrontendMembership } from './frontend-membership.js';
import { serializePublicUserData, serializeUser } from './user.js';

function serializeActivity(session: SessionRecord) {
  const a = session.latestActivity;
  if (!a) return null;
  return {
    object: 'session_activity' as const,
    id: `sess_activity_${session.id.slice(5)}`,
    device_type: a.deviceType,
    is_mobile: a.isMobile,
    browser_name: a.browserName,
    browser_version: a.browserVersion,
    ip_address: a.ipAddress,
    city: null,
    country: null,
  };
}

/** A session in Clerk's Backend API shape. */
export function serializeSession(session: SessionRecord) {
  return {
    object: 'session' as const,
    id: session.id,
    client_id: session.clientId,
    user_id: session.userId,
    status: session.status,
    last_active_at: session.lastActiveAt,
    last_active_organization_id: session.lastActiveOrganizationId,
    latest_activity: serializeActivity(session),
    actor: session.actor,
    expire_at: session.expireAt,
    abandon_at: session.abandonAt ?? session.expireAt,
    created_at: session.createdAt,
    updated_at: session.updatedAt,
  };
}

/**
 * A session as the browser sees it (Frontend API): with its user, without
 * private metadata, and the user's organization memberships as Clerk's
 * Frontend API lists them (`memberships`: that user's, read by the caller).
 */
export function serializeFrontendSession(session: SessionRecord, user: UserRecord | null, memberships: MembershipDetails[]) {
  const { client_id: _clientId, ...rest } = serializeSession(session);
  const userJson = user ? { ...serializeUser(user, { includePrivate: false }), organization_memberships: memberships.map(serializeFrontendMembership) } : null;
  return {
    ...rest,
    user: userJson,
    public_user_data: user ? serializePublicUserData(user) : null,
  };
}
