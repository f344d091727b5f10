import { settle } from '../../../domain/sessions/lifecycle.js';
import { defineEndpoint } from '../../endpoint.js';
import { json } from '../../respond.js';
import { serializeSession } from '../../serializers/session.js';
import { currentSession } from './current-session.js';

export const listMySessions = defineEndpoint({
  method: 'GET',
  path: '/v1/me/sessions',
  area: 'frontend',
  summary: "The signed-in user's active sessions on every device, the current one marked",
  async handler(rc) {
    const current = await currentSession(rc);
    const sessions = await rc.domain.store.sessions.list({ userId: current.userId, status: 'active', limit: 100 });
    const out = [];
    for (const session of sessions) {
      const settled = await settle(rc.domain, session);
      if (settled.status === 'active') out.push({ ...serializeSession(settled), is_current: settled.id === current.id });
    }
    return json(out);
  },
});
