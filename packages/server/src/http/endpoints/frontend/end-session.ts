import { endSession as end } from '../../../domain/sessions/end-session.js';
import type { EndedSessionStatus } from '../../../store/contract.js';
import { setClientCookies } from '../../client-cookies.js';
import { defineEndpoint, type RequestContext } from '../../endpoint.js';
import { ApiError } from '../../errors.js';
import { ApiErrorCode } from '../../error-codes.js';
import { loadFrontendClient, loadFrontendSession } from '../../frontend-client.js';
import { json } from '../../respond.js';

const endAs = (to: EndedSessionStatus) => async (rc: RequestContext) => {
  const client = await rc.client();
  if (!client) throw new ApiError(401, ApiErrorCode.SignedOut, 'This browser is signed out');
  const session = await end(rc.domain, rc.params.id!, to, { clientId: client.id });
  const view = await loadFrontendClient(rc);
  // __client_uat tracks whether the browser still has a signed-in session.
  setClientCookies(rc, null, view && view.sessions.length > 0 ? rc.domain.now() : null);
  return json({ response: await loadFrontendSession(rc, session), client: view });
};

export const endSession = defineEndpoint({
  method: 'POST',
  path: '/v1/client/sessions/:id/end',
  area: 'frontend',
  summary: 'Signs one session on this browser out (status ended)',
  handler: endAs('ended'),
});

export const removeSession = defineEndpoint({
  method: 'POST',
  path: '/v1/client/sessions/:id/remove',
  area: 'frontend',
  summary: "Removes one session from this browser's account list (status removed)",
  handler: endAs('removed'),
});
