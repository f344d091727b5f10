/**
 * @latchkey/nextjs/server: the middleware/proxy and server-side auth for
 * Next.js 15 and 16 (App Router and Pages Router).
 */
export { latchkeyMiddleware } from './latchkey-middleware.js';
export type { LatchkeyMiddleware, LatchkeyMiddlewareHandler, MiddlewareAuth } from './latchkey-middleware.js';
export type { LatchkeyNextOptions } from './resolve-options.js';
export { auth } from './auth.js';
export type { AuthFunction, ServerAuth } from './auth.js';
export { currentUser } from './current-user.js';
export { getAuth } from './get-auth.js';
export type { PagesRequest } from './get-auth.js';
export { latchkeyClient } from './latchkey-client.js';
export { defaultMatcher, isStaticPath, AuthHeaders } from './constants.js';
export { LatchkeyNextError, LatchkeyNextErrorCode } from './errors.js';
export type { EmbeddedLatchkeyHandle, EmbeddedRuntime } from './registry.js';
export { createRouteMatcher } from '@latchkey/backend';
export type { Auth, SignedInAuth, SignedOutAuth, ProtectOptions, ProtectParams, CheckAuthorizationParams, UserJson } from '@latchkey/backend';
