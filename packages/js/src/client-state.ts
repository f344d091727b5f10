import { orgPermissionsFromClaims } from '@latchkey/backend/internal';
import type { LatchkeyError } from './errors.js';
import { readJwtClaims } from './jwt-claims.js';
import { toActivity, toUser, type ClientJson, type ClientResource, type GetTokenOptions, type SessionJson, type SessionResource, type UserResource } from './resources.js';

/** The active organization, as the active session's latest token states it. */
export interface OrganizationState {
  id: string;
  slug: string | null;
  /** The member's role with its `org:` prefix (`org:admin`), or `null` until a token says. */
  role: string | null;
  /** Permissions with their `org:` prefix (`org:invoices:read`). */
  permissions: string[];
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
  organization: OrganizationState | null;
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

/** The organization a token's `o` claim names; falls back to the session's last active organization without a role. */
export function organizationFrom(session: SessionResource | null, jwt: string | null): OrganizationState | null {
  if (!session) return null;
  const claims = jwt ? readJwtClaims(jwt) : null;
  if (claims && claims.sid === session.id) {
    const o = claims.o;
    if (!o || typeof o.id !== 'string') return null;
    return {
      id: o.id,
      slug: typeof o.slg === 'string' ? o.slg : null,
      role: typeof o.rol === 'string' ? (o.rol.startsWith('org:') ? o.rol : `org:${o.rol}`) : null,
      permissions: orgPermissionsFromClaims(claims),
    };
  }
  return session.lastActiveOrganizationId ? { id: session.lastActiveOrganizationId, slug: null, role: null, permissions: [] } : null;
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
    error: null,
  };
}

/** `has()` over the active organization, with Clerk's rules (roles and permissions compared with their `org:` prefix). */
export function hasAuthorization(organization: OrganizationState | null, params: { role?: string; permission?: string }): boolean {
  if (!organization || params === null || typeof params !== 'object') return false;
  const { role, permission } = params;
  if (role === undefined && permission === undefined) return false;
  const withOrg = (value: string) => (value.startsWith('org:') ? value : `org:${value}`);
  if (role !== undefined && (typeof role !== 'string' || organization.role !== withOrg(role))) return false;
  if (permission !== undefined && (typeof permission !== 'string' || !organization.permissions.includes(withOrg(permission)))) return false;
  return true;
}
