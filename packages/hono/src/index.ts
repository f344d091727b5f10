/** @latchkey/hono: Latchkey session verification and route protection for Hono 4. */
export { latchkeyMiddleware, requireAuth } from './middleware.js';
export type { LatchkeyMiddlewareOptions } from './middleware.js';
export { getAuth } from './get-auth.js';
export { toRequest } from './to-request.js';
export { createRouteMatcher } from '@latchkey/backend';
export type { Auth, SignedInAuth, SignedOutAuth } from '@latchkey/backend';
