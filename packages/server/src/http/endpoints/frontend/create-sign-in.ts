import { z } from 'zod';
import { signInWithPassword } from '../../../domain/sign-in/sign-in-with-password.js';
import { defineEndpoint } from '../../endpoint.js';
import { requestActivity, respondWithNewSession } from '../../frontend-client.js';

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
    return respondWithNewSession(rc, result, {
      object: 'sign_in_attempt',
      id: `sia_${result.session.id.slice(5)}`,
      identifier: rc.body.identifier.trim().toLowerCase(),
    });
  },
});
