import { z } from 'zod';
import { touchSession as touch } from '../../../domain/sessions/touch-session.js';
import { defineEndpoint } from '../../endpoint.js';
import { ApiError } from '../../errors.js';
import { ApiErrorCode } from '../../error-codes.js';
import { loadFrontendClient, loadFrontendSession, requestActivity } from '../../frontend-client.js';
import { json } from '../../respond.js';

export const touchSession = defineEndpoint({
  method: 'POST',
  path: '/v1/client/sessions/:id/touch',
  area: 'frontend',
  summary: "Records activity, makes this the browser's active session, and optionally switches its organization",
  body: z.object({ active_organization_id: z.string().max(64).nullable().optional() }),
  async handler(rc) {
    const client = await rc.client();
    if (!client) throw new ApiError(401, ApiErrorCode.SignedOut, 'This browser is signed out');
    const orgId = rc.body.active_organization_id;
    const session = await touch(rc.domain, rc.params.id!, {
      clientId: client.id,
      activity: requestActivity(rc),
      activeOrganizationId: orgId === '' ? null : orgId,
    });
    const view = await loadFrontendClient(rc);
    // The touched session is active, so the client view already holds it with its user and memberships.
    const response = view?.sessions.find((s) => s.id === session.id) ?? (await loadFrontendSession(rc, session));
    return json({ response, client: view });
  },
});
