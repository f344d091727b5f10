import type { SessionActivity, SessionRecord } from '../../store/contract.js';
import type { DomainContext } from '../context.js';
import { DomainErrorCode, LatchkeyDomainError } from '../errors.js';
import { abandonAtFor, settle } from './lifecycle.js';

/**
 * Records activity on a session and makes it the browser's active one:
 * moves `last_active_at`, and `abandon_at` (never past `expire_at`), and
 * optionally switches the active organization (`null` clears it).
 */
export async function touchSession(
  ctx: DomainContext,
  sessionId: string,
  input: { clientId?: string; activity?: SessionActivity; activeOrganizationId?: string | null },
): Promise<SessionRecord> {
  const found = await ctx.store.sessions.getById(sessionId);
  if (!found || (input.clientId !== undefined && found.clientId !== input.clientId)) {
    throw new LatchkeyDomainError(DomainErrorCode.ResourceNotFound, 'No session with that id');
  }
  const session = await settle(ctx, found);
  if (session.status !== 'active') {
    throw new LatchkeyDomainError(DomainErrorCode.SessionNotActive, `The session is ${session.status}`, { status: session.status });
  }
  if (input.activeOrganizationId) await ctx.assertActiveOrganization(session.userId, input.activeOrganizationId);
  const settings = await ctx.settings.get();
  const at = ctx.now();
  const abandonAt = abandonAtFor(settings, at, session.expireAt);
  const touched = await ctx.store.sessions.touch(session.id, {
    lastActiveAt: at,
    abandonAt,
    latestActivity: input.activity,
    lastActiveOrganizationId: input.activeOrganizationId,
  });
  if (!touched) {
    const current = (await ctx.store.sessions.getById(sessionId)) ?? session;
    throw new LatchkeyDomainError(DomainErrorCode.SessionNotActive, `The session is ${current.status}`, { status: current.status });
  }
  await ctx.store.clients.setLastActiveSession(session.clientId, session.id, at);
  return {
    ...session,
    lastActiveAt: at,
    updatedAt: at,
    abandonAt,
    latestActivity: input.activity ?? session.latestActivity,
    lastActiveOrganizationId:
      input.activeOrganizationId === undefined ? session.lastActiveOrganizationId : input.activeOrganizationId,
  };
}
