import type { RequestState } from '@latchkey/backend';
import { AuthHeaders } from './constants.js';

const OVERRIDE = 'x-middleware-override-headers';
const REQUEST_PREFIX = 'x-middleware-request-';
const OURS = new Set<string>(Object.values(AuthHeaders));

/**
 * Hands the auth state to server code by rewriting the request headers Next
 * passes downstream (its `x-middleware-override-headers` protocol, the one
 * `NextResponse.next({ request: { headers } })` uses). Keeps any request
 * headers the user's handler set, and drops client-sent `x-latchkey-*` ones.
 */
export function forwardAuth(response: Response, request: Request, state: RequestState): void {
  const headers = response.headers;
  const listed = headers.get(OVERRIDE);
  const names = new Set<string>();
  if (listed !== null) {
    for (const name of listed.split(',')) if (name.trim()) names.add(name.trim());
  } else {
    request.headers.forEach((value, name) => {
      names.add(name);
      headers.set(REQUEST_PREFIX + name, value);
    });
  }
  for (const name of OURS) {
    names.delete(name);
    headers.delete(REQUEST_PREFIX + name);
  }
  const set = (name: string, value: string | null) => {
    if (value === null) return;
    names.add(name);
    headers.set(REQUEST_PREFIX + name, value);
  };
  set(AuthHeaders.Status, state.status);
  set(AuthHeaders.Reason, state.reason ?? null);
  set(AuthHeaders.Token, state.token);
  set(AuthHeaders.Url, request.url);
  headers.set(OVERRIDE, [...names].join(','));
}

/** Copies the auth state's Set-Cookie headers (a refreshed `__session`) onto the response. */
export function applyStateCookies(response: Response, state: RequestState): Response {
  const cookies = state.headers.getSetCookie();
  if (cookies.length === 0) return response;
  try {
    for (const cookie of cookies) response.headers.append('set-cookie', cookie);
    return response;
  } catch {
    // Immutable headers (a Response.redirect()): copy into a new response.
    const copy = new Response(response.body, response);
    for (const cookie of cookies) copy.headers.append('set-cookie', cookie);
    return copy;
  }
}
