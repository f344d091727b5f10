import { endClientSessions } from '../../../domain/sessions/end-session.js';
import { setClientCookies, sessionCookie } from '../../client-cookies.js';
import { defineEndpoint } from '../../endpoint.js';
import { loadFrontendClient } from '../../frontend-client.js';
import { json } from '../../respond.js';

export const signOutClient = defineEndpoint({
  method: 'DELETE',
  path: '/v1/client/sessions',
  area: 'frontend',
  summary: 'Signs out every session on this browser',
  async handler(rc) {
    const client = await rc.client();
    const ended = client ? await endClientSessions(rc.domain, client.id) : [];
    setClientCookies(rc, null, null);
    rc.responseHeaders.append('set-cookie', sessionCookie(rc, null));
    const view = await loadFrontendClient(rc);
    return json({ response: { object: 'sign_out', ended_session_ids: ended }, client: view });
  },
});
