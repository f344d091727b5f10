import type { ClientRecord, MembershipDetails, SessionRecord, UserRecord } from '../store/contract.js';
import { setClientCookies } from './client-cookies.js';
import { json } from './respond.js';
import { settle } from '../domain/sessions/lifecycle.js';
import type { RequestContext } from './endpoint.js';
import { serializeFrontendClient } from './serializers/client.js';
import { serializeFrontendSession } from './serializers/session.js';
import { toSessionActivity } from '../domain/sessions/activity.js';

/** Memberships listed per user in a user's JSON; beyond this a browser pages through the memberships (as with Clerk). */
export const FRONTEND_MEMBERSHIPS_PER_USER = 100;

/**
 * The organization memberships of these users (newest first), grouped by
 * user: one query for all of them. Only when that query fills its shared
 * cap can one user's many memberships have crowded another's out, and then
 * the others are read on their own.
 */
export async function loadMembershipsByUser(rc: RequestContext, userIds: string[]): Promise<Map<string, MembershipDetails[]>> {
  const unique = [...new Set(userIds)];
  const byUser = new Map<string, MembershipDetails[]>(unique.map((id) => [id, []]));
  if (unique.length === 0) return byUser;
  const memberships = rc.domain.store.organizationMemberships;
  const limit = FRONTEND_MEMBERSHIPS_PER_USER * unique.length;
  const rows = await memberships.list({ userIds: unique, limit, orderBy: '-created_at' });
  for (const row of rows) byUser.get(row.membership.userId)?.push(row);
  if (rows.length < limit) return byUser;
  for (const [userId, list] of byUser) {
    if (list.length >= FRONTEND_MEMBERSHIPS_PER_USER) byUser.set(userId, list.slice(0, FRONTEND_MEMBERSHIPS_PER_USER));
    else byUser.set(userId, await memberships.list({ userId, limit: FRONTEND_MEMBERSHIPS_PER_USER, orderBy: '-created_at' }));
  }
  return byUser;
}

/** The browser's client as the Frontend API returns it: its active sessions with their users and the users' memberships. */
export async function loadFrontendClient(rc: RequestContext) {
  const client = await rc.client();
  if (!client) return null;
  const fresh = (await rc.domain.store.clients.getById(client.id)) ?? client;
  const sessions = await rc.domain.store.sessions.list({ clientId: client.id, status: 'active', limit: 100 });
  const active: { session: SessionRecord; user: UserRecord | null }[] = [];
  for (const session of sessions) {
    const settled = await settle(rc.domain, session);
    if (settled.status !== 'active') continue;
    active.push({ session: settled, user: await rc.domain.store.users.getById(settled.userId) });
  }
  const memberships = await loadMembershipsByUser(rc, active.flatMap(({ user }) => (user ? [user.id] : [])));
  const withMemberships = active.map((s) => ({ ...s, memberships: (s.user && memberships.get(s.user.id)) || [] }));
  const last = active.some((s) => s.session.id === fresh.lastActiveSessionId) ? fresh.lastActiveSessionId : (active[0]?.session.id ?? null);
  return serializeFrontendClient({ ...fresh, lastActiveSessionId: last }, withMemberships);
}

/** One session with its user and the user's memberships: the `response` of a change to a session (the client view may no longer hold it). */
export async function loadFrontendSession(rc: RequestContext, session: SessionRecord) {
  const user = await rc.domain.store.users.getById(session.userId);
  const memberships = user ? ((await loadMembershipsByUser(rc, [user.id])).get(user.id) ?? []) : [];
  return serializeFrontendSession(session, user, memberships);
}

export const requestActivity = (rc: RequestContext) => toSessionActivity(rc.clientIp, rc.userAgent);

/**
 * The answer to a completed sign-in or sign-up: the browser's new cookies and
 * `{ response, client }`, the client as it is after the new session.
 */
export async function respondWithNewSession(
  rc: RequestContext,
  result: { session: { id: string; createdAt: number }; client: ClientRecord; clientCookie: string },
  response: Record<string, unknown>,
) {
  setClientCookies(rc, result.clientCookie, result.session.createdAt);
  const client = await loadFrontendClient({ ...rc, client: async () => result.client });
  return json({ response: { ...response, status: 'complete', created_session_id: result.session.id }, client });
}
