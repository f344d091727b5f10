import { Cookies, Headers as HeaderNames } from '../constants.js';
import { AuthErrorReason, isTokenVerificationError, LatchkeyConfigError, TokenVerificationError, TokenVerificationErrorReason } from '../errors.js';
import type { SessionTokenClaims } from '../jwt/types.js';
import { parsePublishableKey } from '../keys/publishable-key.js';
import { isDocumentRequest, type AuthContext, type RequestLike } from './auth-object.js';
import { getCookie, setCookieName, setCookieValue } from './cookies.js';
import { handshakeUrl, verifyHandshakePayload, withoutHandshakeParams } from './handshake.js';
import { handshake, signedIn, signedOut, type RequestState } from './request-state.js';
import { createVerifierCore, frontendApiUrlFromPublishableKey, type VerifyTokenOptions } from './verify-token.js';

/** Options of `authenticateRequest`: `verifyToken`'s plus where the auth server is. */
export interface AuthenticateRequestOptions extends VerifyTokenOptions {
  /** The auth server's frontend API URL. @default the URL the publishable key encodes */
  frontendApi?: string | undefined;
  /** Where signed-out page requests are sent by `protect()`. @default `<frontendApi>/sign-in` */
  signInUrl?: string | undefined;
  /**
   * Embedded mode: the auth server's own `fetch` handler. An expired cookie
   * token is then refreshed in-process, with no redirect.
   */
  frontendApiFetch?: ((request: Request) => Promise<Response>) | undefined;
  /** Mints a JWT-template token for `auth.getToken({ template })` (the Latchkey client wires the Backend API here). */
  mintTemplateToken?: ((sessionId: string, template: string) => Promise<string>) | undefined;
  /** Handshake redirects allowed within a few seconds before giving up signed-out. @default 3 */
  maxHandshakeRedirects?: number | undefined;
}

/** Authenticates one request. Never throws for a bad, expired or missing token. */
export type RequestAuthenticator = (request: RequestLike) => Promise<RequestState>;

const bearerPattern = /^Bearer\s+(\S+)\s*$/i;
const whitespace = /\s/;

/** The Bearer token, null for a malformed Authorization header, undefined without one. */
function bearer(header: string | null | undefined): string | null | undefined {
  if (header === null || header === undefined) return undefined;
  const match = bearerPattern.exec(header);
  return match ? match[1]! : null;
}

/**
 * Builds a request authenticator once (options validated here, eagerly) for
 * a middleware to call per request.
 * @example
 * const authenticate = createAuthenticator({ publishableKey, secretKey })
 * const state = await authenticate(request)
 */
export function createAuthenticator(options: AuthenticateRequestOptions): RequestAuthenticator {
  const frontendApi =
    options.frontendApi?.replace(/\/+$/, '') ?? (options.publishableKey ? frontendApiUrlFromPublishableKey(options.publishableKey) : null);
  const pkHost = options.publishableKey ? parsePublishableKey(options.publishableKey)?.frontendApiHost : undefined;
  // Without an explicit issuer, a token must come from the host the publishable key names.
  const issuer =
    options.issuer ??
    (pkHost
      ? (iss: string) => {
          try {
            return new URL(iss).host === pkHost;
          } catch {
            return false;
          }
        }
      : undefined);
  const { verify, verifyNow, source } = createVerifierCore<SessionTokenClaims>({ ...options, issuer });
  const signInUrl = options.signInUrl ?? (frontendApi ? `${frontendApi}/sign-in` : null);
  const now = () => (options.now?.() ?? new Date()).getTime();
  const skew = options.clockSkewInMs ?? 5000;
  const maxRedirects = options.maxHandshakeRedirects ?? 3;
  if (options.frontendApiFetch && !frontendApi) {
    throw new LatchkeyConfigError('frontendApiFetch needs frontendApi or publishableKey (LATCHKEY_PUBLISHABLE_KEY).');
  }

  const context = (request: RequestLike, token: string | null): AuthContext => ({
    request,
    token,
    signInUrl,
    mintTemplateToken: options.mintTemplateToken,
  });

  async function tryVerify(token: string) {
    try {
      return { claims: await verify(token), error: null };
    } catch (error) {
      if (isTokenVerificationError(error)) return { claims: null, error };
      throw error; // a bug or unavailable infrastructure, not an auth outcome
    }
  }

  /** Asks the auth server for fresh cookies with the browser's `__client` cookie, without a redirect. */
  async function refreshInline(request: RequestLike, clientCookie: string): Promise<string[] | null> {
    if (!frontendApi) return null;
    const url = handshakeUrl(frontendApi, request.url);
    const init: RequestInit = { headers: { cookie: `${Cookies.Client}=${clientCookie}` }, redirect: 'manual' };
    let response: Response;
    try {
      response = options.frontendApiFetch
        ? await options.frontendApiFetch(new Request(url, init))
        : await (options.fetch ?? fetch)(url, init);
    } catch {
      return null;
    }
    const location = response.headers.get('location');
    if (response.status < 300 || response.status >= 400 || !location) return null;
    const payload = new URL(location, url).searchParams.get(Cookies.Handshake);
    if (!payload) return null;
    try {
      return await verifyHandshakePayload(payload, source, now(), skew);
    } catch {
      return null;
    }
  }

  async function refresh(request: RequestLike, reason: AuthErrorReason | TokenVerificationErrorReason): Promise<RequestState> {
    const cookieHeader = request.headers.get('cookie');
    const clientCookie = getCookie(cookieHeader, Cookies.Client);
    // Same site or in-process: the `__client` cookie is here, so refresh in-line.
    if (clientCookie || options.frontendApiFetch) {
      const cookies = clientCookie ? await refreshInline(request, clientCookie) : null;
      const fresh = cookies?.find((c) => setCookieName(c) === Cookies.Session);
      if (cookies && fresh) {
        const token = setCookieValue(fresh);
        const result = await tryVerify(token);
        if (result.claims) {
          const headers = new Headers();
          for (const c of cookies) headers.append('set-cookie', c);
          return signedIn(context(request, token), result.claims, headers, AuthErrorReason.SessionTokenExpired);
        }
      }
    }
    if (!isDocumentRequest(request) || !frontendApi) return signedOut(context(request, null), reason);
    const count = Number(getCookie(cookieHeader, Cookies.RedirectCount) ?? '0') || 0;
    if (count >= maxRedirects) {
      return signedOut(context(request, null), AuthErrorReason.HandshakeRedirectLoop, 'Handshake redirect loop: check that the auth server sets cookies this app can read.');
    }
    const headers = new Headers({ location: handshakeUrl(frontendApi, request.url, reason) });
    headers.append('set-cookie', `${Cookies.RedirectCount}=${count + 1}; Path=/; Max-Age=3; SameSite=Lax; HttpOnly`);
    return handshake(reason, headers);
  }

  async function resolveHandshake(request: RequestLike, url: URL, payload: string): Promise<RequestState> {
    let cookies: string[];
    try {
      cookies = await verifyHandshakePayload(payload, source, now(), skew);
    } catch {
      return signedOut(context(request, null), AuthErrorReason.HandshakeInvalid);
    }
    const headers = new Headers({ location: withoutHandshakeParams(url) });
    for (const c of cookies) headers.append('set-cookie', c);
    headers.append('set-cookie', `${Cookies.RedirectCount}=0; Path=/; Max-Age=0; SameSite=Lax; HttpOnly`);
    return handshake(AuthErrorReason.HandshakeResolved, headers);
  }

  function bearerFailed(request: RequestLike, error: unknown): RequestState {
    if (!isTokenVerificationError(error)) throw error; // a bug or unavailable infrastructure, not an auth outcome
    return signedOut(context(request, null), error.reason, error.message);
  }

  function authenticateBearer(request: RequestLike, header: string): Promise<RequestState> {
    const token = bearer(header);
    if (token === null) return Promise.resolve(signedOut(context(request, null), AuthErrorReason.MalformedAuthorizationHeader));
    return verify(token!).then(
      (claims) => signedIn(context(request, token!), claims),
      (error) => bearerFailed(request, error),
    );
  }

  /**
   * The answers that need no await — a Bearer or cookie token verified
   * recently (cache hit, or a cached token failing its claims now), or no
   * token at all — computed synchronously, with exactly the decisions of the
   * async path below; undefined for everything else (new token, refresh,
   * handshake). Adapters call it first so that the common request passes
   * their middleware without a promise or a microtask.
   */
  function authenticateNow(request: RequestLike): RequestState | undefined {
    const header = request.headers.get(HeaderNames.Authorization);
    if (header !== null && header !== undefined) {
      if (!header.startsWith('Bearer ') || !(header.charCodeAt(7) > 32)) return undefined;
      const token = header.slice(7);
      const result = verifyNow(token);
      if (result === undefined) return undefined;
      if (result instanceof TokenVerificationError) {
        // Whitespace in the token: the pattern decides (async path).
        return whitespace.test(token) ? undefined : signedOut(context(request, null), result.reason, result.message);
      }
      return signedIn(context(request, token), result);
    }
    if (isDocumentRequest(request) && request.url.includes(Cookies.Handshake)) return undefined;
    const cookieHeader = request.headers.get('cookie');
    const token = getCookie(cookieHeader, Cookies.Session);
    const uatRaw = getCookie(cookieHeader, Cookies.ClientUat);
    const uat = uatRaw === null ? null : Number(uatRaw) || 0;
    if (!token) return uat === null || uat === 0 ? signedOut(context(request, null), AuthErrorReason.SessionTokenAndUatMissing) : undefined;
    if (uat === 0) return signedOut(context(request, null), AuthErrorReason.SessionTokenWithoutClientUat);
    const result = verifyNow(token);
    if (result === undefined) return undefined;
    if (result instanceof TokenVerificationError) {
      return result.reason === TokenVerificationErrorReason.TokenExpired && uat !== null ? undefined : signedOut(context(request, null), result.reason, result.message);
    }
    const iat = result.iat;
    if (uat !== null && typeof iat === 'number' && uat > iat) return undefined;
    return signedIn(context(request, token), result);
  }

  function authenticate(request: RequestLike): Promise<RequestState> {
    let header: string | null | undefined;
    try {
      const now = authenticateNow(request);
      if (now !== undefined) return Promise.resolve(now);
      header = request.headers.get(HeaderNames.Authorization);
    } catch (error) {
      return Promise.reject(error);
    }
    if (header === null || header === undefined) return authenticateCookie(request);
    // The API hot path, `Bearer <token>`, skips the pattern (a regex over
    // ~600 characters costs as much as a whole cache hit). A token with
    // whitespace in it can never verify (strict base64url), so success here
    // is exactly what the pattern would have said; on failure with
    // whitespace the pattern decides (malformed header, or a trimmed token).
    if (header.startsWith('Bearer ') && header.charCodeAt(7) > 32) {
      const token = header.slice(7);
      return verify(token).then(
        (claims) => signedIn(context(request, token), claims),
        (error) => (whitespace.test(token) ? authenticateBearer(request, header) : bearerFailed(request, error)),
      );
    }
    return authenticateBearer(request, header);
  }
  (authenticate as AuthenticatorWithNow)[nowKey] = authenticateNow;
  return authenticate;

  async function authenticateCookie(request: RequestLike): Promise<RequestState> {

    if (isDocumentRequest(request) && request.url.includes(Cookies.Handshake)) {
      const url = new URL(request.url);
      const payload = url.searchParams.get(Cookies.Handshake);
      if (payload) return resolveHandshake(request, url, payload);
    }

    const cookieHeader = request.headers.get('cookie');
    const token = getCookie(cookieHeader, Cookies.Session);
    const uatRaw = getCookie(cookieHeader, Cookies.ClientUat);
    const uat = uatRaw === null ? null : Number(uatRaw) || 0;

    if (!token) {
      if (uat === null || uat === 0) return signedOut(context(request, null), AuthErrorReason.SessionTokenAndUatMissing);
      return refresh(request, AuthErrorReason.ClientUatWithoutSessionToken);
    }
    // `__client_uat=0` means this browser signed out (maybe in another tab);
    // a leftover `__session` must not keep it signed in.
    if (uat === 0) return signedOut(context(request, null), AuthErrorReason.SessionTokenWithoutClientUat);

    const result = await tryVerify(token);
    if (result.claims) {
      const iat = result.claims.iat;
      // The browser's sign-in state changed after this token was minted.
      if (uat !== null && typeof iat === 'number' && uat > iat) return refresh(request, AuthErrorReason.SessionTokenOutdated);
      return signedIn(context(request, token), result.claims);
    }
    if (result.error!.reason === TokenVerificationErrorReason.TokenExpired && uat !== null) {
      return refresh(request, TokenVerificationErrorReason.TokenExpired);
    }
    return signedOut(context(request, null), result.error!.reason, result.error!.message);
  }
}

const nowKey = Symbol('latchkey.authenticateNow');
type AuthenticatorWithNow = RequestAuthenticator & { [nowKey]?: (request: RequestLike) => RequestState | undefined };

/**
 * @internal For the framework adapters: the state of a request when it can
 * be known without awaiting (see `authenticateNow` inside
 * `createAuthenticator`), else undefined: then call the authenticator.
 */
export function authenticateNow(authenticator: RequestAuthenticator, request: RequestLike): RequestState | undefined {
  const now = (authenticator as AuthenticatorWithNow)[nowKey];
  return now === undefined ? undefined : now(request);
}

const authenticators = new WeakMap<AuthenticateRequestOptions, RequestAuthenticator>();

/**
 * Authenticates a `Request` from its `Authorization: Bearer` header or
 * `__session` cookie and returns a `RequestState`: signed-in, signed-out, or
 * handshake (answer 307 with `state.headers`). Never throws for a bad token.
 * @example
 * const state = await authenticateRequest(request, { publishableKey, jwtKey })
 * if (state.status === 'handshake') return new Response(null, { status: 307, headers: state.headers })
 * const { userId } = state.toAuth()!
 */
export function authenticateRequest(request: RequestLike, options: AuthenticateRequestOptions): Promise<RequestState> {
  let authenticate = authenticators.get(options);
  if (!authenticate) {
    authenticate = createAuthenticator(options);
    authenticators.set(options, authenticate);
  }
  return authenticate(request);
}
