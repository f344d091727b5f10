import type { SessionTokenContext } from '../../store/contract.js';
import type { DomainContext } from '../context.js';
import { DomainErrorCode, LatchkeyDomainError } from '../errors.js';
import { settle } from '../sessions/lifecycle.js';

export interface TokenRequest {
  sessionId: string;
  /** When given, the session must belong to this browser. */
  clientId?: string;
  /** The requesting origin, already checked against the allowed origins. */
  azp?: string;
}

/**
 * What every token is minted from, in one store read: the session (which
 * must be active), its user (not banned) and its active organization (only
 * while the user is still a member). Refused with `session_not_active` (and
 * the status in `meta.status`) unless the session is active.
 */
export async function loadTokenContext(ctx: DomainContext, input: TokenRequest): Promise<SessionTokenContext> {
  const found = await ctx.store.sessions.getTokenContext(input.sessionId);
  if (!found || (input.clientId !== undefined && found.session.clientId !== input.clientId)) {
    throw new LatchkeyDomainError(DomainErrorCode.ResourceNotFound, 'No session with that id');
  }
  const session = await settle(ctx, found.session);
  if (session.status !== 'active') {
    throw new LatchkeyDomainError(DomainErrorCode.SessionNotActive, `The session is ${session.status}`, { status: session.status });
  }
  if (found.user.banned) {
    throw new LatchkeyDomainError(DomainErrorCode.UserBanned, 'This account is banned');
  }
  return { ...found, session };
}
