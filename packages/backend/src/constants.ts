/**
 * Names shared by the auth server and every SDK: cookies, headers and query
 * parameters. Cookie names match Clerk's, so apps and proxies configured for
 * Clerk's cookies keep working.
 */
export const Cookies = {
  /** The short-lived session token (a JWT) on the app's own domain. */
  Session: '__session',
  /** The browser's client token (`<client id>.<secret>`), HttpOnly, read only by the auth server. */
  Client: '__client',
  /** Unix seconds of the client's last sign-in change; `0` when signed out. Readable by the app. */
  ClientUat: '__client_uat',
  /** Set by the handshake on the way back to the app, read and cleared by the SDK. */
  Handshake: '__clerk_handshake',
  /** Counts handshake redirects for a few seconds so that a misconfiguration cannot loop (Clerk's name). */
  RedirectCount: '__clerk_redirect_count',
} as const;

export const Headers = {
  Authorization: 'authorization',
  Origin: 'origin',
  ContentType: 'content-type',
  RetryAfter: 'retry-after',
  RequestId: 'x-request-id',
  SecFetchDest: 'sec-fetch-dest',
  Accept: 'accept',
} as const;

export const QueryParams = {
  RedirectUrl: 'redirect_url',
  Handshake: '__clerk_handshake',
  HandshakeReason: '__clerk_hs_reason',
} as const;

/** Clerk's session-token claim version; Latchkey mints only v2. */
export const SESSION_TOKEN_VERSION = 2;
