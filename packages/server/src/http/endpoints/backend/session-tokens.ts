import { verify } from 'node:crypto';
import { z } from 'zod';
import { mintSessionToken } from '../../../domain/tokens/mint-session-token.js';
import { mintTemplateToken } from '../../../domain/tokens/mint-template-token.js';
import { defineEndpoint, type RequestContext } from '../../endpoint.js';
import { ApiError } from '../../errors.js';
import { ApiErrorCode } from '../../error-codes.js';
import { json } from '../../respond.js';
import { serializeToken } from '../../serializers/client.js';

const tokenBody = z.object({ expires_in_seconds: z.number().int().min(30).max(3600).optional() }).passthrough();

async function mint(rc: RequestContext<z.infer<typeof tokenBody>>) {
  const input = { sessionId: rc.params.id! };
  const { jwt } = rc.params.template
    ? await mintTemplateToken(rc.domain, { ...input, template: rc.params.template })
    : await mintSessionToken(rc.domain, input);
  return json(serializeToken(jwt));
}

export const createBackendSessionToken = defineEndpoint({
  method: 'POST',
  path: '/v1/sessions/:id/tokens',
  area: 'backend',
  summary: 'Mints a session token for an active session',
  body: tokenBody,
  handler: mint,
});

export const createBackendTemplateToken = defineEndpoint({
  method: 'POST',
  path: '/v1/sessions/:id/tokens/:template',
  area: 'backend',
  summary: 'Mints a JWT-template token for an active session',
  body: tokenBody,
  handler: mint,
});

/**
 * Clerk's refresh: an app server holding a session token that expired asks
 * for a fresh one. The expired token must carry our signature and name this
 * session; its `exp` is what we forgive, nothing else.
 */
export const refreshSession = defineEndpoint({
  method: 'POST',
  path: '/v1/sessions/:id/refresh',
  area: 'backend',
  summary: 'Exchanges an expired session token of this session for a fresh one',
  body: z
    .object({ expired_token: z.string().min(1).max(8192), request_origin: z.string().max(2048).optional() })
    .passthrough(),
  async handler(rc) {
    const claims = await verifyOwnSignature(rc, rc.body.expired_token);
    if (claims.sid !== rc.params.id) {
      throw new ApiError(422, ApiErrorCode.FormParamInvalid, 'expired_token belongs to another session', { param_name: 'expired_token' });
    }
    const origin = rc.body.request_origin;
    const azp = origin && rc.isAllowedOrigin(origin) ? origin : undefined;
    const { jwt } = await mintSessionToken(rc.domain, { sessionId: rc.params.id!, azp });
    return json(serializeToken(jwt));
  },
});

async function verifyOwnSignature(rc: RequestContext, token: string): Promise<Record<string, unknown>> {
  const invalid = () => new ApiError(422, ApiErrorCode.FormParamInvalid, 'expired_token is not a token of this instance', { param_name: 'expired_token' });
  const parts = token.split('.');
  if (parts.length !== 3) throw invalid();
  let header: { alg?: unknown; kid?: unknown };
  let payload: Record<string, unknown>;
  try {
    header = JSON.parse(Buffer.from(parts[0]!, 'base64url').toString('utf8'));
    payload = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (typeof header.kid !== 'string') throw invalid();
  const key = await rc.domain.keys.publicKey(header.kid);
  if (!key || header.alg !== key.algorithm) throw invalid();
  const data = Buffer.from(`${parts[0]}.${parts[1]}`);
  const signature = Buffer.from(parts[2]!, 'base64url');
  const ok =
    key.algorithm === 'EdDSA'
      ? verify(null, data, key.key, signature)
      : verify('sha256', data, key.algorithm === 'ES256' ? { key: key.key, dsaEncoding: 'ieee-p1363' } : key.key, signature);
  if (!ok || typeof payload !== 'object' || payload === null) throw invalid();
  return payload;
}

