import { z } from 'zod';
import { endSession } from '../../../domain/sessions/end-session.js';
import { settle } from '../../../domain/sessions/lifecycle.js';
import { startSession } from '../../../domain/sessions/start-session.js';
import { DomainErrorCode, LatchkeyDomainError } from '../../../domain/errors.js';
import { SessionStatus } from '../../../store/contract.js';
import { defineEndpoint } from '../../endpoint.js';
import { json } from '../../respond.js';
import { serializeSession } from '../../serializers/session.js';
import { listQuery, listResponse } from './pagination.js';

const statuses = Object.values(SessionStatus) as [SessionStatus, ...SessionStatus[]];

export const listSessions = defineEndpoint({
  method: 'GET',
  path: '/v1/sessions',
  area: 'backend',
  summary: 'Lists sessions, newest activity first, by user, client and status',
  query: listQuery.extend({
    user_id: z.string().max(64).optional(),
    client_id: z.string().max(64).optional(),
    status: z.enum(statuses).optional(),
  }),
  async handler(rc) {
    const { user_id: userId, client_id: clientId, status, limit, offset, paginated } = rc.query;
    const filter = { userId, clientId, status };
    const sessions = [];
    for (const session of await rc.domain.store.sessions.list({ ...filter, limit, offset })) {
      sessions.push(serializeSession(await settle(rc.domain, session)));
    }
    return listResponse(sessions, () => rc.domain.store.sessions.count(filter), paginated);
  },
});

export const createSession = defineEndpoint({
  method: 'POST',
  path: '/v1/sessions',
  area: 'backend',
  summary: 'Creates a session for a user on a new client (for tests and server-side sign-in)',
  body: z.object({ user_id: z.string().min(1).max(64) }),
  async handler(rc) {
    const user = await rc.domain.store.users.getById(rc.body.user_id);
    if (!user) throw new LatchkeyDomainError(DomainErrorCode.ResourceNotFound, 'No user with that id', { param_name: 'user_id' });
    if (user.banned) throw new LatchkeyDomainError(DomainErrorCode.UserBanned, 'This account is banned');
    const { session } = await startSession(rc.domain, { user, client: null, activity: null });
    return json(serializeSession(session));
  },
});

export const getSession = defineEndpoint({
  method: 'GET',
  path: '/v1/sessions/:id',
  area: 'backend',
  summary: 'Gets one session',
  async handler(rc) {
    const session = await rc.domain.store.sessions.getById(rc.params.id!);
    if (!session) throw new LatchkeyDomainError(DomainErrorCode.ResourceNotFound, 'No session with that id');
    return json(serializeSession(await settle(rc.domain, session)));
  },
});

export const revokeSession = defineEndpoint({
  method: 'POST',
  path: '/v1/sessions/:id/revoke',
  area: 'backend',
  summary: 'Revokes one session',
  async handler(rc) {
    return json(serializeSession(await endSession(rc.domain, rc.params.id!, 'revoked')));
  },
});

export { statuses as sessionStatuses };
