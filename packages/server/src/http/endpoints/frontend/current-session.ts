import type { SessionRecord } from '../../../store/contract.js';
import { settle } from '../../../domain/sessions/lifecycle.js';
import type { RequestContext } from '../../endpoint.js';
import { ApiError } from '../../errors.js';
import { ApiErrorCode } from '../../error-codes.js';

/**
 * The session a `/v1/me/*` request speaks for: `?_clerk_session_id=` (or
 * `session_id`) naming one of this browser's sessions, else the browser's
 * last active session. 401 when the browser has no active session.
 */
export async function currentSession(rc: RequestContext): Promise<SessionRecord> {
  const client = await rc.client();
  const requested = rc.url.searchParams.get('_clerk_session_id') ?? rc.url.searchParams.get('session_id');
  const id = requested ?? client?.lastActiveSessionId;
  const found = client && id ? await rc.domain.store.sessions.getById(id) : null;
  const session = found && found.clientId === client!.id ? await settle(rc.domain, found) : null;
  if (!session || session.status !== 'active') throw new ApiError(401, ApiErrorCode.SignedOut, 'This browser is signed out');
  return session;
}
