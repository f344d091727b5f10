/** @latchkey/express: Latchkey session verification and route protection for Express 5. */
export { latchkeyMiddleware, requireAuth, latchkeyErrorHandler } from './middleware.js';
export type { LatchkeyMiddlewareOptions } from './middleware.js';
export { getAuth } from './get-auth.js';
export { toRequest } from './to-request.js';
export { createRouteMatcher } from '@latchkey/backend';
export type { Auth, SignedInAuth, SignedOutAuth } from '@latchkey/backend';
