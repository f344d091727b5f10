import type { Auth, ProtectOptions, ProtectParams, SignedInAuth } from '@latchkey/backend';
import { isLatchkeyError, LatchkeyErrorCode, type AuthProtectError } from '@latchkey/backend/errors';
import { headers } from 'next/headers.js';
import { forbidden, notFound, redirect, unauthorized } from 'next/navigation.js';
import { AuthHeaders } from './constants.js';
import { LatchkeyNextError, LatchkeyNextErrorCode } from './errors.js';
import { serverClient } from './resolve-options.js';

type HeaderReader = { get(name: string): string | null };

/** The Auth object of server code, with `protect()` and `redirectToSignIn()` speaking Next's control flow. */
export type ServerAuth = Auth & {
  /** Signed in (and authorized) returns the Auth; otherwise redirects to sign-in (pages) or answers 401/403. */
  protect(params?: ProtectParams, options?: ProtectOptions): SignedInAuth;
  redirectToSignIn(options?: { returnBackUrl?: string | null }): never;
};

/**
 * Rebuilds the Auth object from what the middleware forwarded. The token is
 * verified again (a verified-token cache hit) so a forged header is worth
 * nothing; document-ness comes from the real request's headers.
 * @internal also used by `getAuth()` for the Pages Router
 */
export async function authFromHeaders(h: HeaderReader, caller: string): Promise<ServerAuth> {
  const status = h.get(AuthHeaders.Status);
  if (status === null) {
    throw new LatchkeyNextError(
      LatchkeyNextErrorCode.MiddlewareMissing,
      `${caller} was called but latchkeyMiddleware() did not run for this request. Export it from proxy.ts (Next 16) or middleware.ts (Next 15) and make sure config.matcher covers this route.`,
    );
  }
  const url = h.get(AuthHeaders.Url) ?? 'http://localhost/';
  const token = h.get(AuthHeaders.Token);
  const forwarded = new Headers();
  for (const name of ['accept', 'sec-fetch-dest']) {
    const value = h.get(name);
    if (value !== null) forwarded.set(name, value);
  }
  if (token) forwarded.set('authorization', `Bearer ${token}`);
  const client = await serverClient();
  // A Bearer token, or none: never a handshake, so toAuth() is the Auth object.
  const state = await client.authenticateRequest(new Request(url, { headers: forwarded }));
  return withNextControlFlow(state.toAuth()!);
}

/** Turns the backend's `AuthProtectError` (a ready HTTP answer) into Next's redirect / 401 / 403. */
function toNextControlFlow(error: unknown): never {
  if (!isLatchkeyError(error, LatchkeyErrorCode.AuthProtect)) throw error;
  const response = (error as AuthProtectError).response;
  const location = response.headers.get('location');
  if (location) redirect(location);
  try {
    if (response.status === 403) forbidden();
    unauthorized();
  } catch (interrupt) {
    // Without `experimental.authInterrupts` Next refuses both; answer 404 then, as Clerk does.
    if ((interrupt as { digest?: unknown })?.digest) throw interrupt;
    notFound();
  }
  throw error; // unreachable: both branches above throw
}

function withNextControlFlow(auth: Auth): ServerAuth {
  return {
    ...auth,
    protect(params?: ProtectParams, options?: ProtectOptions) {
      try {
        return auth.protect(params, options);
      } catch (error) {
        return toNextControlFlow(error);
      }
    },
    redirectToSignIn(options?: { returnBackUrl?: string | null }): never {
      try {
        return auth.redirectToSignIn(options);
      } catch (error) {
        return toNextControlFlow(error);
      }
    },
  } as ServerAuth;
}

/** `auth()` with `auth.protect()` as a shortcut, like Clerk's. */
export interface AuthFunction {
  (): Promise<ServerAuth>;
  /** `(await auth()).protect(...)`: redirects to sign-in (pages), or 401/403 (`experimental.authInterrupts`; 404 without it). */
  protect(params?: ProtectParams, options?: ProtectOptions): Promise<SignedInAuth>;
}

/**
 * The Auth object of the current request, in route handlers, server
 * components and server actions (App Router). Needs `latchkeyMiddleware()`.
 * @example
 * const { userId, has } = await auth();
 * await auth.protect({ role: 'org:admin' });
 */
export const auth: AuthFunction = Object.assign(async () => authFromHeaders(await headers(), 'auth()'), {
  async protect(params?: ProtectParams, options?: ProtectOptions) {
    return (await authFromHeaders(await headers(), 'auth.protect()')).protect(params, options);
  },
});
