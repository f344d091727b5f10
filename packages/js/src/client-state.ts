import { orgPermissionsFromClaims } from '@latchkey/backend/internal';
import type { LatchkeyError } from './errors.js';
import { readJwtClaims } from './jwt-claims.js';
import {
  toActivity,
  toUser,
  type ClientJson,
  type ClientResource,
  type GetTokenOptions,
  type OrganizationMembershipResource,
  type SessionJson,
  type SessionResource,
  type UserResource,
} from './resources.js';

/**
 * The active organization. `role` and `permissions` are what the active
 * session's latest token states (what every server will check); the rest
 * comes from the user's membership of it, as the Frontend API lists it.
 */
export interface OrganizationState {
  id: string;
  slug: string | null;
  /** `null` until the client's membership list holds this organization. */
  name: string | null;
  /** The member's role with its `org:` prefix (`org:admin`), or `null` while neither a token nor the membership says. */
  role: string | null;
  /** Permissions with their `org:` prefix (`org:invoices:read`), as a token carries them: system ones (`org:sys_*`) are left out. */
  permissions: string[];
  /** The user's membership of it (`null` until the client's list holds it). */
  membership: OrganizationMembershipResource | null;
}

/** An immutable snapshot of the client: a new object after every change (for `useSyncExternalStore`). */
export interface LatchkeyState {
  /** `false` until the first answer from the frontend API. */
  isLoaded: boolean;
  client: ClientResource | null;
  /** Every signed-in session on this browser (multi-session). */
  sessions: SessionResource[];
  /** The active session, `null` when signed out. */
  session: SessionResource | null;
  user: UserResource | null;
  /** The active session's organization; `null` for the personal account. */
  organization: OrganizationState | null;
  /** The active user's organization memberships, newest first (`[]` when signed out). */
  organizationMemberships: OrganizationMembershipResource[];
  /** The last load failure, cleared by the next success. */
  error: LatchkeyError | null;
}

export const initialState: LatchkeyState = Object.freeze({
  isLoaded: false,
  client: null,
  sessions: [],
  session: null,
  user: null,
  organization: null,
  organizationMemberships: [],
  error: null,
});

/** What a session resource's methods call back into. */
export interface SessionActions {
  touch(sessionId: string): Promise<void>;
  end(sessionId: string): Promise<void>;
  remove(sessionId: string): Promise<void>;
  getToken(sessionId: string, options?: GetTokenOptions): Promise<string | null>;
}

export function toSession(json: SessionJson, actions: SessionActions): SessionResource {
  return {
    id: json.id,
    status: json.status,
    createdAt: new Date(json.created_at),
    lastActiveAt: new Date(json.last_active_at),
    expireAt: new Date(json.expire_at),
    abandonAt: new Date(json.abandon_at),
    lastActiveOrganizationId: json.last_active_organization_id,
    latestActivity: toActivity(json.latest_activity),
    user: json.user ? toUser(json.user) : null,
    touch: () => actions.touch(json.id),
    end: () => actions.end(json.id),
    remove: () => actions.remove(json.id),
    getToken: (options) => actions.getToken(json.id, options),
    raw: json,
  };
}

const prefixWithOrg = (value: string) => value.replace(/^(org:)*/, 'org:');
/** System permissions are not put in session tokens (Clerk's rule), so a membership's list is cut the same way. */
const tokenPermissions = (membership: OrganizationMembershipResource) => membership.permissions.filter((p) => !p.startsWith('org:sys_'));

/**
 * The active organization: what the session's latest token's `o` claim names
 * (no `o`: the personal account). Before the session has a token, the
 * session's last active organization with the role and permissions of the
 * user's membership, so the first render already matches the first token.
 */
export function organizationFrom(session: SessionResource | null, jwt: string | null): OrganizationState | null {
  if (!session) return null;
  const memberships = session.user?.organizationMemberships ?? [];
  const membershipOf = (id: string) => memberships.find((m) => m.organization.id === id) ?? null;
  const claims = jwt ? readJwtClaims(jwt) : null;
  if (claims && claims.sid === session.id) {
    const o = claims.o;
    if (!o || typeof o.id !== 'string') return null;
    const membership = membershipOf(o.id);
    return {
      id: o.id,
      slug: typeof o.slg === 'string' ? o.slg : (membership?.organization.slug ?? null),
      name: membership?.organization.name ?? null,
      role: typeof o.rol === 'string' ? prefixWithOrg(o.rol) : null,
      permissions: orgPermissionsFromClaims(claims),
      membership,
    };
  }
  const id = session.lastActiveOrganizationId;
  if (!id) return null;
  const membership = membershipOf(id);
  return {
    id,
    slug: membership?.organization.slug ?? null,
    name: membership?.organization.name ?? null,
    role: membership ? prefixWithOrg(membership.role) : null,
    permissions: membership ? tokenPermissions(membership) : [],
    membership,
  };
}

/**
 * Whether the token's organization claims and the client's membership list
 * disagree (a role changed, a membership came or went since the client was
 * read): then the list is out of date. Returns `null` when they agree.
 */
export function membershipDrift(session: SessionResource | null, jwt: string): string | null {
  const claims = readJwtClaims(jwt);
  if (!session || !claims || claims.sid !== session.id) return null;
  const orgId = typeof claims.o?.id === 'string' ? claims.o.id : null;
  const role = typeof claims.o?.rol === 'string' ? prefixWithOrg(claims.o.rol) : null;
  const membership = orgId ? session.user?.organizationMemberships.find((m) => m.organization.id === orgId) : null;
  const agrees = orgId === session.lastActiveOrganizationId && (!orgId || (membership && prefixWithOrg(membership.role) === role));
  return agrees ? null : `${session.id}|${orgId ?? ''}|${role ?? ''}`;
}

export function stateFrom(json: ClientJson | null, actions: SessionActions, activeJwt: (sessionId: string) => string | null): LatchkeyState {
  const sessions = (json?.sessions ?? []).filter((s) => s.status === 'active').map((s) => toSession(s, actions));
  const session = sessions.find((s) => s.id === json?.last_active_session_id) ?? sessions[0] ?? null;
  return {
    isLoaded: true,
    client: json ? { id: json.id, sessions, lastActiveSessionId: session?.id ?? null } : null,
    sessions,
    session,
    user: session?.user ?? null,
    organization: organizationFrom(session, session ? activeJwt(session.id) : null),
    organizationMemberships: session?.user?.organizationMemberships ?? [],
    error: null,
  };
}

/**
 * `has()` over the active organization, with the rules of
 * `@latchkey/backend`'s Auth object (and Clerk's): `role` and `permission`
 * are compared with their `org:` prefix, both must hold when both are given,
 * and anything else (no organization, no params, a non-string) is `false`.
 */
export function hasAuthorization(organization: OrganizationState | null, params: { role?: string; permission?: string }): boolean {
  if (!organization || params === null || typeof params !== 'object') return false;
  const { role, permission } = params as { role?: unknown; permission?: unknown };
  if (role === undefined && permission === undefined) return false;
  if (role !== undefined && (typeof role !== 'string' || !organization.role || prefixWithOrg(organization.role) !== prefixWithOrg(role))) return false;
  if (permission !== undefined && (typeof permission !== 'string' || !organization.permissions.includes(prefixWithOrg(permission)))) return false;
  return true;
}
