import type { ClientRecord, SessionRecord, UserRecord } from '../store/contract.js';
import { setClientCookies } from './client-cookies.js';
import { json } from './respond.js';
import { settle } from '../domain/sessions/lifecycle.js';
import type { RequestContext } from './endpoint.js';
import { serializeFrontendClient } from './serializers/client.js';
import { toSessionActivity } from '../domain/sessions/activity.js';

/** The browser's client as the Frontend API returns it: its active sessions with their users. */
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
  const last = active.some((s) => s.session.id === fresh.lastActiveSessionId) ? fresh.lastActiveSessionId : (active[0]?.session.id ?? null);
  return serializeFrontendClient({ ...fresh, lastActiveSessionId: last }, active);
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
