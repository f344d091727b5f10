/** `@latchkey/backend/jwt`: the pure JWT layer (no I/O) and key sources. */
export { verifyJwt } from './jwt/verify.js';
export type { VerifyJwtOptions, VerifiedJwt } from './jwt/verify.js';
export { decodeJwt } from './jwt/decode.js';
export type { DecodedJwt, JwtHeader } from './jwt/decode.js';
export { importVerificationKey } from './jwt/keys.js';
export type { KeyResolver, VerificationKey } from './jwt/keys.js';
export type { JwsAlgorithm } from './jwt/crypto-types.js';
export { createRemoteJwks } from './jwks/remote.js';
export type { RemoteJwksOptions } from './jwks/remote.js';
export { createLocalKeySource } from './jwks/local.js';
export type { KeySource } from './jwks/key-source.js';
export type { OrganizationClaim, SessionTokenClaims } from './jwt/types.js';
