/**
 * @latchkey/js: the browser client. Keeps a browser signed in (token cache
 * with refresh before expiry, shared across tabs), multi-session,
 * sign-out in every flavour, and `fetchWithAuth`. No framework.
 */
export { createLatchkey } from './client.js';
export type { Latchkey, LatchkeyOptions, SetActiveParams, SignInParams, SignOutOptions, SignUpParams } from './client.js';
export type { LatchkeyState, OrganizationState } from './client-state.js';
export { createFetchWithAuth } from './fetch-with-auth.js';
export { LatchkeyClientErrorCode, LatchkeyConfigError, LatchkeyError, isLatchkeyError } from './errors.js';
export type { ApiErrorJson } from './errors.js';
export type { LatchkeyEventMap, LatchkeyEventName, LatchkeyListener } from './events.js';
export type { Clock } from './clock.js';
export type { RetryOptions } from './backoff.js';
export type { TokenRefreshOptions } from './token-cache.js';
export type { CookieAccess, SessionCookieOptions } from './session-cookie.js';
export type { BroadcastChannelConstructor, LockManagerLike, StorageLike } from './tab-sync.js';
export type {
  ClientJson,
  ClientResource,
  DeviceSessionResource,
  GetTokenOptions,
  OrganizationJson,
  OrganizationMembershipJson,
  OrganizationMembershipResource,
  OrganizationResource,
  SessionActivity,
  SessionJson,
  SessionResource,
  UserJson,
  UserResource,
} from './resources.js';
