/**
 * @internal Shared with @latchkey/server and the framework adapters only;
 * not a public API.
 */
export { Cookies, Headers, QueryParams, SESSION_TOKEN_VERSION } from './constants.js';
export { createPublishableKey, parsePublishableKey } from './keys/publishable-key.js';
export type { KeyEnvironment, PublishableKeyParts } from './keys/publishable-key.js';
export type { OrganizationClaim, SessionTokenClaims } from './jwt/types.js';
