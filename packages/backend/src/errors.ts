/**
 * Error registries of @latchkey/backend. Two categories, never mixed:
 * misuse (bad options) throws `LatchkeyConfigError` when the object is built;
 * domain failures throw a `LatchkeyError` subclass with a stable `code`.
 * Messages never contain tokens, cookies or keys.
 */

/** Why a token was rejected. The strings are Clerk's `TokenVerificationErrorReason` values. */
export const TokenVerificationErrorReason = {
  TokenExpired: 'token-expired',
  TokenInvalid: 'token-invalid',
  TokenInvalidAlgorithm: 'token-invalid-algorithm',
  TokenInvalidAuthorizedParties: 'token-invalid-authorized-parties',
  TokenInvalidIssuer: 'token-invalid-issuer',
  TokenInvalidSignature: 'token-invalid-signature',
  TokenNotActiveYet: 'token-not-active-yet',
  TokenIatInTheFuture: 'token-iat-in-the-future',
  TokenVerificationFailed: 'token-verification-failed',
  /** Revoked according to the revocation feed (`revocations` option); not a Clerk reason. */
  TokenRevoked: 'token-revoked',
  InvalidSecretKey: 'secret-key-invalid',
  LocalJWKMissing: 'jwk-local-missing',
  RemoteJWKFailedToLoad: 'jwk-remote-failed-to-load',
  RemoteJWKInvalid: 'jwk-remote-invalid',
  RemoteJWKMissing: 'jwk-remote-missing',
  JWKFailedToResolve: 'jwk-failed-to-resolve',
  JWKKidMismatch: 'jwk-kid-mismatch',
} as const;
export type TokenVerificationErrorReason =
  (typeof TokenVerificationErrorReason)[keyof typeof TokenVerificationErrorReason];

/** What the operator can do about a rejection (Clerk's `TokenVerificationErrorAction`). */
export const TokenVerificationErrorAction = {
  ContactSupport: 'Contact support@latchkey.dev',
  EnsureClerkJWT: 'Make sure that this is a valid Latchkey session token.',
  SetClerkJWTKey: 'Set the LATCHKEY_JWT_KEY environment variable.',
  SetClerkSecretKey: 'Set the LATCHKEY_SECRET_KEY environment variable.',
  EnsureClockSync: 'Make sure your system clock is in sync (e.g. turn off and on automatic time synchronization).',
} as const;
export type TokenVerificationErrorAction =
  (typeof TokenVerificationErrorAction)[keyof typeof TokenVerificationErrorAction];

/**
 * Why `authenticateRequest` answered signed-out or handshake when no token
 * error explains it (Clerk's `AuthErrorReason` strings where they exist).
 */
export const AuthErrorReason = {
  SessionTokenAndUatMissing: 'session-token-and-uat-missing',
  SessionTokenMissing: 'session-token-missing',
  SessionTokenExpired: 'session-token-expired',
  SessionTokenOutdated: 'session-token-outdated',
  SessionTokenWithoutClientUat: 'session-token-but-no-client-uat',
  ClientUatWithoutSessionToken: 'client-uat-but-no-session-token',
  HandshakeRedirectLoop: 'handshake-redirect-loop',
  HandshakeInvalid: 'handshake-invalid',
  HandshakeResolved: 'handshake-resolved',
  RefreshFailed: 'session-token-refresh-failed',
  MalformedAuthorizationHeader: 'malformed-authorization-header',
} as const;
export type AuthErrorReason = (typeof AuthErrorReason)[keyof typeof AuthErrorReason];

/** Codes of every `LatchkeyError`; public API. */
export const LatchkeyErrorCode = {
  TokenVerification: 'ERR_TOKEN_VERIFICATION',
  Config: 'ERR_LATCHKEY_CONFIG',
  MalformedPath: 'ERR_MALFORMED_PATH',
  AuthProtect: 'ERR_AUTH_PROTECT',
  Api: 'ERR_LATCHKEY_API',
  WebhookVerification: 'ERR_WEBHOOK_VERIFICATION',
} as const;
export type LatchkeyErrorCode = (typeof LatchkeyErrorCode)[keyof typeof LatchkeyErrorCode];

/** Base class: every error this package throws on purpose has a stable `code`. */
export class LatchkeyError extends Error {
  static readonly kind: string = 'LatchkeyError';
  readonly code: LatchkeyErrorCode;
  constructor(code: LatchkeyErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = 'LatchkeyError';
  }
}

/** A token was rejected; `reason` is Clerk's reason string. */
export class TokenVerificationError extends LatchkeyError {
  static override readonly kind = 'TokenVerificationError';
  readonly reason: TokenVerificationErrorReason;
  readonly action: TokenVerificationErrorAction | undefined;
  constructor(options: {
    reason: TokenVerificationErrorReason;
    message: string;
    action?: TokenVerificationErrorAction;
    cause?: unknown;
  }) {
    super(LatchkeyErrorCode.TokenVerification, options.message, { cause: options.cause });
    this.name = 'TokenVerificationError';
    this.reason = options.reason;
    this.action = options.action;
  }
}

/** Misuse: options are missing or invalid. Thrown when the object is constructed. */
export class LatchkeyConfigError extends LatchkeyError {
  static override readonly kind = 'LatchkeyConfigError';
  constructor(message: string) {
    super(LatchkeyErrorCode.Config, message);
    this.name = 'LatchkeyConfigError';
  }
}

/** A request path with malformed percent-encoding or forbidden characters; answer 400. */
export class MalformedPathError extends LatchkeyError {
  static override readonly kind = 'MalformedPathError';
  readonly status = 400;
  constructor(message: string) {
    super(LatchkeyErrorCode.MalformedPath, message);
    this.name = 'MalformedPathError';
  }
}

/**
 * Thrown by `auth.protect()` and `auth.redirectToSignIn()`: carries the exact
 * HTTP answer (401/403 JSON, or a 307 to sign-in) that adapters send as is.
 * `status`/`statusCode` let frameworks that know nothing of it still answer right.
 */
export class AuthProtectError extends LatchkeyError {
  static override readonly kind = 'AuthProtectError';
  readonly status: number;
  readonly statusCode: number;
  readonly response: Response;
  constructor(response: Response, message: string) {
    super(LatchkeyErrorCode.AuthProtect, message);
    this.name = 'AuthProtectError';
    this.status = response.status;
    this.statusCode = response.status;
    this.response = response;
  }
}

/** One entry of a Backend API error body. */
export interface LatchkeyApiErrorEntry {
  code: string;
  message: string;
  long_message?: string;
  meta?: Record<string, unknown>;
}

/** The Backend API answered with a non-2xx status. */
export class LatchkeyApiError extends LatchkeyError {
  static override readonly kind = 'LatchkeyApiError';
  readonly status: number;
  readonly errors: LatchkeyApiErrorEntry[];
  constructor(status: number, errors: LatchkeyApiErrorEntry[], message: string) {
    super(LatchkeyErrorCode.Api, message);
    this.name = 'LatchkeyApiError';
    this.status = status;
    this.errors = errors;
  }
}

/** A webhook's signature, id or timestamp did not check out. */
export class WebhookVerificationError extends LatchkeyError {
  static override readonly kind = 'WebhookVerificationError';
  constructor(message: string) {
    super(LatchkeyErrorCode.WebhookVerification, message);
    this.name = 'WebhookVerificationError';
  }
}

const codes = new Set<string>(Object.values(LatchkeyErrorCode));

/**
 * Cross-bundle check: true for any LatchkeyError, even one from another copy
 * of this package (checks `code` and `name`, not only `instanceof`).
 * @example if (isLatchkeyError(e, 'ERR_TOKEN_VERIFICATION')) console.log(e.code)
 */
export function isLatchkeyError(error: unknown, code?: LatchkeyErrorCode): error is LatchkeyError {
  if (error instanceof LatchkeyError) return code === undefined || error.code === code;
  if (typeof error !== 'object' || error === null) return false;
  const c = (error as { code?: unknown }).code;
  const name = (error as { name?: unknown }).name;
  return (
    typeof c === 'string' &&
    codes.has(c) &&
    typeof name === 'string' &&
    name.endsWith('Error') &&
    (code === undefined || c === code)
  );
}

/** True for a TokenVerificationError from any copy of this package. */
export function isTokenVerificationError(error: unknown): error is TokenVerificationError {
  return isLatchkeyError(error, LatchkeyErrorCode.TokenVerification) && 'reason' in error;
}
