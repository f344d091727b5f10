import { mintSessionToken } from '../../../domain/tokens/mint-session-token.js';
import { mintTemplateToken } from '../../../domain/tokens/mint-template-token.js';
import { defineEndpoint, type RequestContext } from '../../endpoint.js';
import { ApiError } from '../../errors.js';
import { ApiErrorCode } from '../../error-codes.js';
import { json } from '../../respond.js';
import { serializeToken } from '../../serializers/client.js';

async function handler(rc: RequestContext) {
  const client = await rc.client();
  if (!client) throw new ApiError(401, ApiErrorCode.SignedOut, 'This browser is signed out');
  const input = { sessionId: rc.params.id!, clientId: client.id, azp: rc.origin ?? undefined };
  const { jwt } = rc.params.template
    ? await mintTemplateToken(rc.domain, { ...input, template: rc.params.template })
    : await mintSessionToken(rc.domain, input);
  return json(serializeToken(jwt));
}

const rateLimits = [{ rule: 'tokensPerIp' as const, key: ({ clientIp }: { clientIp: string | null }) => clientIp ?? 'unknown' }];

export const createSessionToken = defineEndpoint({
  method: 'POST',
  path: '/v1/client/sessions/:id/tokens',
  area: 'frontend',
  summary: "Mints a session token for one of this browser's sessions (azp = the allowed Origin)",
  rateLimits,
  handler,
});

export const createTemplateToken = defineEndpoint({
  method: 'POST',
  path: '/v1/client/sessions/:id/tokens/:template',
  area: 'frontend',
  summary: 'Mints a token from a JWT template for one of this browser\'s sessions',
  rateLimits,
  handler,
});
