/**
 * @internal Shared with @latchkey/server and the framework adapters only;
 * not a public API.
 */
export { Cookies, Headers, QueryParams, SESSION_TOKEN_VERSION } from './constants.js';
export { createPublishableKey, parsePublishableKey } from './keys/publishable-key.js';
export type { KeyEnvironment, PublishableKeyParts } from './keys/publishable-key.js';
export type { OrganizationClaim, SessionTokenClaims } from './jwt/types.js';
export { isDocumentRequest, orgPermissionsFromClaims } from './tokens/auth-object.js';
export { normalizePath } from './routes/normalize-path.js';
export { frontendApiUrlFromPublishableKey } from './tokens/verify-token.js';
export { decodeBase64Url, encodeBase64Url } from './jwt/base64url.js';
export { cryptoImplementation } from './jwt/keys.js';
export { withEnvFallbacks, EnvNames } from './tokens/env-options.js';
export { authenticateNow } from './tokens/authenticate-request.js';
