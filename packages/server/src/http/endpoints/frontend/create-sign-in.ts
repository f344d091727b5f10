import { z } from 'zod';
import { signInWithPassword } from '../../../domain/sign-in/sign-in-with-password.js';
import { setClientCookies } from '../../client-cookies.js';
import { defineEndpoint } from '../../endpoint.js';
import { loadFrontendClient, requestActivity } from '../../frontend-client.js';
import { json } from '../../respond.js';

export const createSignIn = defineEndpoint({
  method: 'POST',
  path: '/v1/client/sign_ins',
  area: 'frontend',
  summary: 'Signs in with e-mail and password (one call), adding a session to this browser',
  body: z.object({
    identifier: z.string().min(1).max(320),
    password: z.string().max(1024),
    strategy: z.literal('password').default('password'),
  }),
  rateLimits: [
    { rule: 'signInPerIp', key: ({ clientIp }) => clientIp ?? 'unknown' },
    { rule: 'signInPerIdentifier', key: ({ body }) => body.identifier.trim().toLowerCase() },
  ],
  async handler(rc) {
    const result = await signInWithPassword(rc.domain, {
      identifier: rc.body.identifier,
      password: rc.body.password,
      client: await rc.client(),
      activity: requestActivity(rc),
    });
    setClientCookies(rc, result.clientCookie, result.session.createdAt);
    const client = await loadFrontendClient({ ...rc, client: async () => result.client });
    return json({
      response: {
        object: 'sign_in_attempt',
        id: `sia_${result.session.id.slice(5)}`,
        status: 'complete',
        identifier: rc.body.identifier.trim().toLowerCase(),
        created_session_id: result.session.id,
      },
      client,
    });
  },
});
