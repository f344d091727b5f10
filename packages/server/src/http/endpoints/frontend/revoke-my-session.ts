import { endSession } from '../../../domain/sessions/end-session.js';
import { defineEndpoint } from '../../endpoint.js';
import { ApiError } from '../../errors.js';
import { ApiErrorCode } from '../../error-codes.js';
import { loadFrontendClient } from '../../frontend-client.js';
import { json } from '../../respond.js';
import { serializeSession } from '../../serializers/session.js';
import { currentSession } from './current-session.js';

/**
 * Signs one of the user's devices out (Clerk's `POST /v1/me/sessions/{id}/revoke`):
 * the session must belong to the signed-in user; any other id is "not found",
 * so a browser cannot probe or end other people's sessions.
 */
export const revokeMySession = defineEndpoint({
  method: 'POST',
  path: '/v1/me/sessions/:id/revoke',
  area: 'frontend',
  summary: "Revokes one of the signed-in user's sessions on any device",
  async handler(rc) {
    const current = await currentSession(rc);
    const target = await rc.domain.store.sessions.getById(rc.params.id!);
    if (!target || target.userId !== current.userId) throw new ApiError(404, ApiErrorCode.ResourceNotFound, 'No session with that id');
    const revoked = await endSession(rc.domain, target.id, 'revoked');
    return json({ response: serializeSession(revoked), client: await loadFrontendClient(rc) });
  },
});
