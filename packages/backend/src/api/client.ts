import { LatchkeyConfigError } from '../errors.js';
import type { SessionTokenClaims } from '../jwt/types.js';
import { createAuthenticator, type AuthenticateRequestOptions, type RequestAuthenticator } from '../tokens/authenticate-request.js';
import type { RequestLike } from '../tokens/auth-object.js';
import type { RequestState } from '../tokens/request-state.js';
import { createTokenVerifier, frontendApiUrlFromPublishableKey, type TokenVerifier } from '../tokens/verify-token.js';
import { clientsApi, instanceApi, jwksApi, jwtTemplatesApi } from './endpoints/misc.js';
import { organizationsApi } from './endpoints/organizations.js';
import { sessionsApi } from './endpoints/sessions.js';
import { usersApi } from './endpoints/users.js';
import { createApiRequest, type ApiRequest } from './request.js';

/** Options bound once for the app's lifetime (build-time options, STYLE §2.4). */
export type LatchkeyClientOptions = AuthenticateRequestOptions;

/**
 * The server-side SDK entry: a typed Backend API client (Clerk's shapes,
 * DESIGN §8) plus `verifyToken` and `authenticateRequest` bound to the same
 * keys, so the JWKS and verified-token caches are shared.
 * @example
 * const latchkey = createLatchkeyClient({ secretKey: process.env.LATCHKEY_SECRET_KEY, publishableKey })
 * const user = await latchkey.users.getUser('user_123')
 * const state = await latchkey.authenticateRequest(request)
 */
export function createLatchkeyClient<Claims = SessionTokenClaims>(options: LatchkeyClientOptions = {}) {
  const apiUrl = options.apiUrl ?? (options.publishableKey ? frontendApiUrlFromPublishableKey(options.publishableKey) : null);
  let request: ApiRequest;
  if (options.secretKey) {
    if (!apiUrl) throw new LatchkeyConfigError('apiUrl (LATCHKEY_API_URL) or publishableKey (LATCHKEY_PUBLISHABLE_KEY) is required with secretKey.');
    request = createApiRequest({ secretKey: options.secretKey, apiUrl, ...(options.apiVersion ? { apiVersion: options.apiVersion } : {}), ...(options.fetch ? { fetch: options.fetch } : {}) });
  } else {
    request = () => Promise.reject(new LatchkeyConfigError('The Backend API needs secretKey (LATCHKEY_SECRET_KEY).'));
  }
  const sessions = sessionsApi(request);
  const mintTemplateToken =
    options.mintTemplateToken ?? (options.secretKey ? async (sessionId: string, template: string) => (await sessions.getToken(sessionId, template)).jwt : undefined);
  const bound = { ...options, ...(apiUrl ? { apiUrl } : {}), mintTemplateToken };

  let verifier: TokenVerifier<Claims> | undefined;
  let authenticator: RequestAuthenticator | undefined;
  return {
    sessions,
    users: usersApi(request),
    clients: clientsApi(request),
    organizations: organizationsApi(request),
    jwtTemplates: jwtTemplatesApi(request),
    jwks: jwksApi(request),
    instance: instanceApi(request),
    /** Verifies a session token with the client's keys and options. */
    verifyToken(token: string): Promise<Claims> {
      verifier ??= createTokenVerifier<Claims>(bound);
      return verifier(token);
    },
    /** Authenticates a request with the client's keys and options. */
    authenticateRequest(req: RequestLike): Promise<RequestState> {
      authenticator ??= createAuthenticator(bound);
      return authenticator(req);
    },
  };
}

export type LatchkeyClient = ReturnType<typeof createLatchkeyClient>;
