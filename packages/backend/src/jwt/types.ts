/**
 * The active organization as carried in a v2 session token (Clerk's encoding):
 * `rol` is the role key without the `org:` prefix, `per` the permission
 * feature:action names without the prefix, and `fpm` a bitmask per feature
 * saying which of `per` the role grants, so that `per` stays short.
 */
export interface OrganizationClaim {
  id: string;
  slg?: string;
  rol?: string;
  per?: string;
  fpm?: string;
}

/** Claims of a Latchkey session token: Clerk's v2 session token shape. */
export interface SessionTokenClaims {
  /** User id (`user_…`). */
  sub: string;
  /** Session id (`sess_…`). */
  sid: string;
  /** The instance's frontend API URL. */
  iss: string;
  /** The origin that asked for the token, when it was an allowed origin. */
  azp?: string;
  iat: number;
  nbf: number;
  exp: number;
  /** Claim-format version: always 2. */
  v: 2;
  /** The active organization, absent when there is none. */
  o?: OrganizationClaim;
  /** Session status, present only when the session is not plainly active (e.g. `pending`). */
  sts?: string;
  /** Impersonation: who acts as `sub`. */
  act?: { sub: string; [claim: string]: unknown };
  [claim: string]: unknown;
}
