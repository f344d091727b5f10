import type { ClientRecord, MembershipDetails, SessionRecord, UserRecord } from '../../store/contract.js';
import { serializeFrontendSession, serializeSession } from './session.js';

/** A client (browser) in Clerk's Backend API shape, with its sessions. */
export function serializeClient(client: ClientRecord, sessions: SessionRecord[]) {
  return {
    object: 'client' as const,
    id: client.id,
    session_ids: sessions.map((s) => s.id),
    sessions: sessions.map(serializeSession),
    sign_in_id: null,
    sign_up_id: null,
    last_active_session_id: client.lastActiveSessionId,
    created_at: client.createdAt,
    updated_at: client.updatedAt,
  };
}

/** The browser's own view of its client: its active sessions, each with its user. */
export function serializeFrontendClient(
  client: ClientRecord,
  sessions: { session: SessionRecord; user: UserRecord | null; memberships: MembershipDetails[] }[],
) {
  return {
    object: 'client' as const,
    id: client.id,
    sessions: sessions.map(({ session, user, memberships }) => serializeFrontendSession(session, user, memberships)),
    sign_in: null,
    sign_up: null,
    last_active_session_id: client.lastActiveSessionId,
    created_at: client.createdAt,
    updated_at: client.updatedAt,
  };
}

export const serializeToken = (jwt: string) => ({ object: 'token' as const, jwt });
