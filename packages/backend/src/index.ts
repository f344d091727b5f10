/**
 * @latchkey/backend: verify Latchkey session tokens and authenticate requests
 * on any runtime. A few values plus types; specialised entries live on
 * subpaths (`./errors`, `./jwt`, `./webhooks`, `./internal`).
 */
export { createLatchkeyClient } from './api/client.js';
export type { LatchkeyClient, LatchkeyClientOptions } from './api/client.js';
export { verifyToken, createTokenVerifier } from './tokens/verify-token.js';
export type { TokenVerifier, VerifyTokenOptions } from './tokens/verify-token.js';
export { authenticateRequest, createAuthenticator } from './tokens/authenticate-request.js';
export type { AuthenticateRequestOptions, RequestAuthenticator } from './tokens/authenticate-request.js';
export type { AuthReason, AuthStatus, HandshakeState, RequestState, SignedInState, SignedOutState } from './tokens/request-state.js';
export type { Auth, CheckAuthorizationParams, GetTokenOptions, ProtectOptions, ProtectParams, RequestLike, SignedInAuth, SignedOutAuth } from './tokens/auth-object.js';
export { createRouteMatcher } from './routes/route-matcher.js';
export type { RouteMatcherInput, RouteMatcherParam, RoutePattern } from './routes/route-matcher.js';
export { createPublishableKey, parsePublishableKey } from './keys/publishable-key.js';
export type { KeyEnvironment, PublishableKeyParts } from './keys/publishable-key.js';
export type { OrganizationClaim, SessionTokenClaims } from './jwt/types.js';
export type * from './api/resources.js';
