import { z } from 'zod';
import { revokeUserSessions } from '../../../domain/sessions/end-session.js';
import { sessionCookie, setClientCookies } from '../../client-cookies.js';
import { defineEndpoint } from '../../endpoint.js';
import { loadFrontendClient } from '../../frontend-client.js';
import { json } from '../../respond.js';
import { currentSession } from './current-session.js';

export const revokeMySessions = defineEndpoint({
  method: 'POST',
  path: '/v1/me/sessions/revoke',
  area: 'frontend',
  summary: 'Signs the user out everywhere: every other device (`others`) or every device including this one (`all`)',
  body: z.object({ scope: z.enum(['others', 'all']) }),
  async handler(rc) {
    const current = await currentSession(rc);
    const revoked = await revokeUserSessions(rc.domain, current.userId, {
      exceptSessionId: rc.body.scope === 'others' ? current.id : undefined,
    });
    const view = await loadFrontendClient(rc);
    if (rc.body.scope === 'all') {
      setClientCookies(rc, null, view && view.sessions.length > 0 ? rc.domain.now() : null);
      if (!view || view.sessions.length === 0) rc.responseHeaders.append('set-cookie', sessionCookie(rc, null));
    }
    return json({ response: { object: 'sessions_revoked', revoked_session_ids: revoked }, client: view });
  },
});
