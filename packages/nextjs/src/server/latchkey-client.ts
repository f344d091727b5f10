import type { LatchkeyClient } from '@latchkey/backend';
import { serverClient } from './resolve-options.js';

/**
 * The Backend API client bound to the same keys as the middleware (in
 * embedded mode: calls go to the in-process server).
 * @example
 * const latchkey = await latchkeyClient();
 * await latchkey.users.updateUserMetadata(userId, { public_metadata: { plan: 'pro' } });
 */
export function latchkeyClient(): Promise<LatchkeyClient> {
  return serverClient();
}
