import { z } from 'zod';
import { QueryParams } from '@latchkey/backend/internal';
import { mintSessionToken } from '../../../domain/tokens/mint-session-token.js';
import { createSecret } from '../../../domain/ids.js';
import { isDomainError } from '../../../domain/errors.js';
import { clientUatCookie, sessionCookie } from '../../client-cookies.js';
import { defineEndpoint, type RequestContext } from '../../endpoint.js';
import { ApiError } from '../../errors.js';
import { ApiErrorCode } from '../../error-codes.js';
import { redirect } from '../../respond.js';

export const HANDSHAKE_TTL_SECONDS = 60;

/**
 * The handshake: an app whose page request carried an expired `__session`
 * (or none) while `__client_uat` says the browser is signed in sends the
 * browser here. We read `__client`, mint a fresh token for the browser's
 * active session and send the browser back to `redirect_url` (allowed
 * origins only) with the cookies to set, as a short-lived JWT signed by the
 * instance key (`__clerk_handshake`) — or, with `format=nonce`, a nonce the
 * app's server exchanges through the Backend API.
 */
export const handshake = defineEndpoint({
  method: 'GET',
  path: '/v1/client/handshake',
  area: 'frontend',
  summary: "Refreshes the app's session cookie and redirects back (allowed origins only)",
  query: z.object({ redirect_url: z.string().min(1).max(4096), format: z.enum(['token', 'nonce']).default('token') }),
  async handler(rc) {
    const target = parseRedirect(rc, rc.query.redirect_url);
    const directives = await handshakeDirectives(rc, target.origin);
    if (rc.query.format === 'nonce') {
      const nonce = createSecret(rc.domain.random);
      await rc.domain.cache.set(`handshake:${nonce}`, JSON.stringify(directives), HANDSHAKE_TTL_SECONDS);
      target.searchParams.set('__clerk_handshake_nonce', nonce);
    } else {
      const signer = await rc.domain.keys.signer();
      const iat = Math.floor(rc.domain.now() / 1000);
      target.searchParams.set(QueryParams.Handshake, signer.sign({ handshake: directives, iat, exp: iat + HANDSHAKE_TTL_SECONDS }));
    }
    return redirect(target.toString(), 307);
  },
});

function parseRedirect(rc: RequestContext, value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ApiError(400, ApiErrorCode.RedirectUrlInvalid, 'redirect_url must be an absolute URL');
  }
  if (!rc.isAllowedOrigin(url.origin)) {
    throw new ApiError(400, ApiErrorCode.RedirectUrlInvalid, 'redirect_url must point at an allowed origin');
  }
  return url;
}

async function handshakeDirectives(rc: RequestContext, azp: string): Promise<string[]> {
  const client = await rc.client();
  if (client?.lastActiveSessionId) {
    try {
      const { jwt, session } = await mintSessionToken(rc.domain, { sessionId: client.lastActiveSessionId, clientId: client.id, azp });
      return [sessionCookie(rc, jwt), clientUatCookie(rc, session.createdAt)];
    } catch (error) {
      // An ended or vanished session signs the browser out of the app.
      if (!isDomainError(error)) throw error;
    }
  }
  return [sessionCookie(rc, null), clientUatCookie(rc, null)];
}
