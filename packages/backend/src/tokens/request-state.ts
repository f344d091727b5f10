import type { AuthErrorReason, TokenVerificationErrorReason } from '../errors.js';
import type { SessionTokenClaims } from '../jwt/types.js';
import { signedInAuthObject, signedOutAuthObject, type AuthContext, type SignedInAuth, type SignedOutAuth } from './auth-object.js';

export const AuthStatus = { SignedIn: 'signed-in', SignedOut: 'signed-out', Handshake: 'handshake' } as const;
export type AuthStatus = (typeof AuthStatus)[keyof typeof AuthStatus];

/** Why a request is not plainly signed in. */
export type AuthReason = AuthErrorReason | TokenVerificationErrorReason;

interface StateBase {
  /** Headers the adapter must put on its response (Set-Cookie from a refresh; Location for a handshake). */
  headers: Headers;
  message: string | null;
}

export interface SignedInState<Claims = SessionTokenClaims> extends StateBase {
  status: 'signed-in';
  reason: AuthReason | null;
  token: string;
  isSignedIn: true;
  toAuth(): SignedInAuth<Claims>;
}

export interface SignedOutState extends StateBase {
  status: 'signed-out';
  reason: AuthReason | null;
  token: null;
  isSignedIn: false;
  toAuth(): SignedOutAuth;
}

/** Answer with a 307 and `headers` (Location, Set-Cookie) before running any handler. */
export interface HandshakeState extends StateBase {
  status: 'handshake';
  reason: AuthReason;
  token: null;
  isSignedIn: false;
  toAuth(): null;
}

/** The outcome of `authenticateRequest`: a value, never an exception. */
export type RequestState<Claims = SessionTokenClaims> = SignedInState<Claims> | SignedOutState | HandshakeState;

// `toAuth` is an own property (Clerk's shape) built lazily; the arrows come
// from these helpers so that no name-keeping transpiler wraps them per request.
function lazySignedIn<Claims extends Record<string, unknown>>(ctx: AuthContext, claims: Claims): () => SignedInAuth<Claims> {
  let auth: SignedInAuth<Claims> | undefined;
  return () => (auth ??= signedInAuthObject(ctx, claims));
}

function lazySignedOut(ctx: AuthContext): () => SignedOutAuth {
  let auth: SignedOutAuth | undefined;
  return () =>
    (auth ??= signedOutAuthObject(ctx.token === null ? ctx : { request: ctx.request, token: null, signInUrl: ctx.signInUrl, mintTemplateToken: ctx.mintTemplateToken }));
}

export function signedIn<Claims extends Record<string, unknown>>(
  ctx: AuthContext,
  claims: Claims,
  headers = new Headers(),
  reason: AuthReason | null = null,
): SignedInState<Claims> {
  return {
    status: 'signed-in',
    reason,
    message: null,
    headers,
    token: ctx.token!,
    isSignedIn: true,
    toAuth: lazySignedIn(ctx, claims),
  };
}

export function signedOut(ctx: AuthContext, reason: AuthReason | null, message: string | null = null, headers = new Headers()): SignedOutState {
  return {
    status: 'signed-out',
    reason,
    message,
    headers,
    token: null,
    isSignedIn: false,
    toAuth: lazySignedOut(ctx),
  };
}

export function handshake(reason: AuthReason, headers: Headers, message: string | null = null): HandshakeState {
  return { status: 'handshake', reason, message, headers, token: null, isSignedIn: false, toAuth: () => null };
}
