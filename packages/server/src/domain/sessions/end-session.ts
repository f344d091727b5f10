import type { EndedSessionStatus, SessionRecord } from '../../store/contract.js';
import type { DomainContext } from '../context.js';
import { DomainErrorCode, LatchkeyDomainError } from '../errors.js';
import { emitSessionEvent, inTransaction } from '../events.js';
import { settle } from './lifecycle.js';

/**
 * Ends one session (`ended` by sign-out, `removed` from the browser,
 * `revoked` by an admin). When `clientId` is given the session must belong to
 * that browser. Ending a session that already ended is refused with
 * `session_not_active`, so callers learn what state it is in.
 */
export async function endSession(
  ctx: DomainContext,
  sessionId: string,
  to: EndedSessionStatus,
  options: { clientId?: string } = {},
): Promise<SessionRecord> {
  const found = await ctx.store.sessions.getById(sessionId);
  if (!found || (options.clientId !== undefined && found.clientId !== options.clientId)) {
    throw new LatchkeyDomainError(DomainErrorCode.ResourceNotFound, 'No session with that id');
  }
  return inTransaction(ctx, async (tx) => {
    const session = await settle(tx, found);
    const at = tx.now();
    if (session.status !== 'active' || !(await tx.store.sessions.end(session.id, to, at))) {
      const current = (await tx.store.sessions.getById(sessionId)) ?? session;
      throw new LatchkeyDomainError(DomainErrorCode.SessionNotActive, `The session is ${current.status}`, { status: current.status });
    }
    const ended = { ...session, status: to, endedAt: at, updatedAt: at };
    await moveLastActiveSession(tx, session.clientId, [session.id]);
    emitSessionEvent(tx, ended);
    return ended;
  });
}

/** Signs out every session on one browser. Returns the ids ended. */
export async function endClientSessions(ctx: DomainContext, clientId: string): Promise<string[]> {
  return inTransaction(ctx, async (tx) => {
    const at = tx.now();
    const ids = await tx.store.sessions.endMany({ clientId, to: 'ended', at });
    await tx.store.clients.setLastActiveSession(clientId, null, at);
    await announce(tx, ids);
    return ids;
  });
}

/**
 * Revokes a user's sessions on every device ("sign out everywhere"), except
 * `exceptSessionId` when given. Returns the ids revoked.
 */
export async function revokeUserSessions(
  ctx: DomainContext,
  userId: string,
  options: { exceptSessionId?: string } = {},
): Promise<string[]> {
  const at = ctx.now();
  const ids = await inTransaction(ctx, async (tx) => {
    const ended = await tx.store.sessions.endMany({ userId, exceptSessionId: options.exceptSessionId, to: 'revoked', at });
    await announce(tx, ended);
    return ended;
  });
  // Every session of the user is gone: verifiers may reject all of the
  // user's tokens issued before now in one entry (the revocation feed).
  if (!options.exceptSessionId) ctx.revocations?.revokeUserBefore(userId, at);
  return ids;
}

async function announce(ctx: DomainContext, ids: string[]): Promise<void> {
  const clients = new Set<string>();
  for (const id of ids) {
    const session = await ctx.store.sessions.getById(id);
    if (!session) continue;
    clients.add(session.clientId);
    emitSessionEvent(ctx, session);
  }
  for (const clientId of clients) await moveLastActiveSession(ctx, clientId, ids);
}

/** When a browser's last active session ended, its most recently active remaining one takes over. */
async function moveLastActiveSession(ctx: DomainContext, clientId: string, endedIds: string[]): Promise<void> {
  const client = await ctx.store.clients.getById(clientId);
  if (!client || (client.lastActiveSessionId !== null && !endedIds.includes(client.lastActiveSessionId))) return;
  const [next] = await ctx.store.sessions.list({ clientId, status: 'active', limit: 1 });
  await ctx.store.clients.setLastActiveSession(clientId, next?.id ?? null, ctx.now());
}
