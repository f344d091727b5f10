/** `@latchkey/backend/revocations`: the revocation feed `verifyToken` consults through its `revocations` option. */
export { createRevocationFeed } from './revocations/feed.js';
export type { RevocationChecker, RevocationFeed, RevocationFeedOptions, RevocationFeedState, RevocationFeedStats } from './revocations/feed.js';
