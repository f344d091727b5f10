export { createPublishableKey, parsePublishableKey } from './keys/publishable-key.js';
export type { KeyEnvironment, PublishableKeyParts } from './keys/publishable-key.js';
export type { OrganizationClaim, SessionTokenClaims } from './jwt/types.js';
