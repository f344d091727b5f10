/** @latchkey/fastify: Latchkey session verification and route protection for Fastify 5. */
export { latchkeyPlugin, requireAuth, sendProtectError } from './middleware.js';
export type { LatchkeyPluginOptions } from './middleware.js';
export { getAuth } from './get-auth.js';
export { toRequest } from './to-request.js';
export { createRouteMatcher } from '@latchkey/backend';
export type { Auth, SignedInAuth, SignedOutAuth } from '@latchkey/backend';
