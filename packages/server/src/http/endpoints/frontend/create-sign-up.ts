import { z } from 'zod';
import { signUp } from '../../../domain/sign-in/sign-up.js';
import { defineEndpoint } from '../../endpoint.js';
import { requestActivity, respondWithNewSession } from '../../frontend-client.js';

export const createSignUp = defineEndpoint({
  method: 'POST',
  path: '/v1/client/sign_ups',
  area: 'frontend',
  summary: 'Creates an account with e-mail and password and signs it in on this browser',
  body: z.object({ email_address: z.string().max(320), password: z.string().max(1024) }),
  rateLimits: [
    { rule: 'signUpPerIp', key: ({ clientIp }) => clientIp ?? 'unknown' },
    { rule: 'signUpPerIdentifier', key: ({ body }) => body.email_address.trim().toLowerCase() },
  ],
  async handler(rc) {
    const result = await signUp(rc.domain, {
      emailAddress: rc.body.email_address,
      password: rc.body.password,
      client: await rc.client(),
      activity: requestActivity(rc),
    });
    return respondWithNewSession(rc, result, {
      object: 'sign_up_attempt',
      id: `sua_${result.session.id.slice(5)}`,
      email_address: result.user.emailAddress,
      created_user_id: result.user.id,
    });
  },
});
