import { AuthProtectError } from '../errors.js';
import type { SessionTokenClaims } from '../jwt/types.js';
import { QueryParams } from '../constants.js';

/** What `has()` and `protect()` can ask about (Clerk's `CheckAuthorizationParams`). */
export type CheckAuthorizationParams =
  | { role: string; permission?: never }
  | { permission: string; role?: never }
  | { role: string; permission: string };

/** `protect()` takes params, or a predicate over `has`. */
export type ProtectParams = CheckAuthorizationParams | ((has: (params: CheckAuthorizationParams) => boolean) => boolean);

export interface ProtectOptions {
  /** Where a signed-out page request goes. @default the configured sign-in URL */
  unauthenticatedUrl?: string;
  /** Where a signed-in page request lacking the role/permission goes; without it: 403. */
  unauthorizedUrl?: string;
}

export interface GetTokenOptions {
  /** A JWT template name: mints through the Backend API (needs the secret key). */
  template?: string;
}

interface AuthBase {
  has(params: CheckAuthorizationParams): boolean;
  /** Signed in (and authorized) returns the signed-in Auth; otherwise throws AuthProtectError carrying the HTTP answer. */
  protect(params?: ProtectParams, options?: ProtectOptions): SignedInAuth;
  /** Throws AuthProtectError carrying a 307 to sign-in with `redirect_url`. */
  redirectToSignIn(options?: { returnBackUrl?: string | null }): never;
  getToken(options?: GetTokenOptions): Promise<string | null>;
}

/** The Auth object of a signed-in request. */
export interface SignedInAuth<Claims = SessionTokenClaims> extends AuthBase {
  isAuthenticated: true;
  userId: string;
  sessionId: string;
  sessionClaims: Claims;
  sessionStatus: string | null;
  actor: SessionTokenClaims['act'] | null;
  orgId: string | null;
  orgRole: string | null;
  orgSlug: string | null;
  orgPermissions: string[] | null;
}

/** The same shape with nulls: no branch needed to read it. */
export interface SignedOutAuth extends AuthBase {
  isAuthenticated: false;
  userId: null;
  sessionId: null;
  sessionClaims: null;
  sessionStatus: null;
  actor: null;
  orgId: null;
  orgRole: null;
  orgSlug: null;
  orgPermissions: null;
}

export type Auth<Claims = SessionTokenClaims> = SignedInAuth<Claims> | SignedOutAuth;

/**
 * What authentication reads from a request: a Web `Request` is one, and an
 * adapter can pass a light object over its framework's request instead of
 * building a `Request` per call (undici's constructor costs more than the
 * whole verification of a repeated token). `url` is read only for
 * handshakes and redirects, so it may be a lazy getter. `headers.get` takes
 * lower-case names and answers like `Headers.get` (null when absent,
 * repeated headers joined).
 */
export interface RequestLike {
  readonly url: string;
  readonly method: string;
  readonly headers: { get(name: string): string | null };
}

/** @internal what the Auth object needs from its request */
export interface AuthContext {
  request: RequestLike;
  token: string | null;
  signInUrl: string | null;
  mintTemplateToken?: ((sessionId: string, template: string) => Promise<string>) | undefined;
}

const prefixWithOrg = (value: string) => value.replace(/^(org:)*/, 'org:');

/**
 * Organization permissions from v2 claims, Clerk's encoding: `fea` lists
 * scoped features (`o:reports`), `o.per` the action names, and `o.fpm` one
 * decimal bitmask per org feature saying which actions the role grants
 * (bit j = action j). When `fea` is absent, `per` entries written as
 * `feature:action` are taken as they are.
 */
export function orgPermissionsFromClaims(claims: Record<string, unknown>): string[] {
  const memo = permissionsMemo.get(claims);
  if (memo !== undefined) return memo;
  const permissions = Object.freeze(decodeOrgPermissions(claims)) as string[];
  // Verified payloads are frozen and shared by every repeat of their token,
  // so the decoded list is computed once per token (and frozen with it).
  if (Object.isFrozen(claims)) permissionsMemo.set(claims, permissions);
  return permissions;
}

const permissionsMemo = new WeakMap<object, string[]>();

function decodeOrgPermissions(claims: Record<string, unknown>): string[] {
  const o = claims.o as { per?: unknown; fpm?: unknown } | undefined;
  if (!o || typeof o.per !== 'string' || o.per === '') return [];
  const actions = o.per.split(',').map((p) => p.trim());
  if (typeof claims.fea !== 'string') {
    return actions.filter((a) => a.includes(':')).map((a) => `org:${a}`);
  }
  const features = claims.fea
    .split(',')
    .map((f) => f.trim())
    .filter((f) => /^(o|ou|uo):/.test(f))
    .map((f) => f.slice(f.indexOf(':') + 1));
  const masks = typeof o.fpm === 'string' ? o.fpm.split(',').map((m) => (/^\d+$/.test(m.trim()) ? BigInt(m.trim()) : 0n)) : [];
  const out: string[] = [];
  for (let f = 0; f < features.length && f < masks.length; f++) {
    for (let a = 0; a < actions.length; a++) {
      if ((masks[f]! >> BigInt(a)) & 1n) out.push(`org:${features[f]}:${actions[a]}`);
    }
  }
  return out;
}

/** A page navigation (gets redirects) versus an API or fetch call (gets JSON). */
export function isDocumentRequest(request: RequestLike): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  const dest = request.headers.get('sec-fetch-dest');
  if (dest !== null) return dest === 'document' || dest === 'iframe';
  return (request.headers.get('accept') ?? '').includes('text/html');
}

function json(status: number, code: string, message: string): Response {
  return new Response(JSON.stringify({ errors: [{ code, message }] }), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

function redirect(location: string): Response {
  return new Response(null, { status: 307, headers: { location } });
}

function signInRedirect(ctx: AuthContext, target: string | null, returnBackUrl: string | null): Response | null {
  if (!target) return null;
  const url = new URL(target, ctx.request.url);
  if (returnBackUrl) url.searchParams.set(QueryParams.RedirectUrl, returnBackUrl);
  return redirect(url.toString());
}

// The Auth object is built for every authenticated request, so it is one
// object literal with its fields and four closures: no spread (V8 takes a
// slow path, ~10 µs, for `{ ...base, ...fields }`) and no prototype methods,
// because Clerk code destructures them (`const { has, protect } = auth`).
// The closures reach the object through a box rather than a named arrow:
// name-keeping transpilers (tsx) wrap every named arrow in a
// defineProperty call, per request.
interface AuthBox {
  auth?: Auth;
}

function hasFor(box: AuthBox): (params: CheckAuthorizationParams) => boolean {
  return (params) => {
    const a = box.auth!;
    if (!a.isAuthenticated || !a.orgId) return false;
    if (params === null || typeof params !== 'object') return false;
    const { role, permission } = params as { role?: unknown; permission?: unknown };
    if (role === undefined && permission === undefined) return false;
    if (role !== undefined && (typeof role !== 'string' || !a.orgRole || prefixWithOrg(a.orgRole) !== prefixWithOrg(role))) return false;
    if (permission !== undefined && (typeof permission !== 'string' || !a.orgPermissions?.includes(prefixWithOrg(permission)))) return false;
    return true;
  };
}

function redirectToSignInFor(ctx: AuthContext): (options?: { returnBackUrl?: string | null }) => never {
  return (options) => {
    const response =
      signInRedirect(ctx, ctx.signInUrl, options?.returnBackUrl === undefined ? ctx.request.url : options.returnBackUrl) ??
      json(401, 'signed_out', 'Sign in to continue.');
    throw new AuthProtectError(response, 'Redirecting to sign-in.');
  };
}

function protectFor(ctx: AuthContext, box: AuthBox, has: (params: CheckAuthorizationParams) => boolean): AuthBase['protect'] {
  return (params, options) => {
    const a = box.auth!;
    if (!a.isAuthenticated) {
      const page = isDocumentRequest(ctx.request);
      const response = page ? signInRedirect(ctx, options?.unauthenticatedUrl ?? ctx.signInUrl, ctx.request.url) : null;
      throw new AuthProtectError(response ?? json(401, 'signed_out', 'Sign in to continue.'), 'Not signed in.');
    }
    if (params !== undefined) {
      const allowed = typeof params === 'function' ? params(has) : has(params);
      if (!allowed) {
        const page = isDocumentRequest(ctx.request);
        const response = page && options?.unauthorizedUrl ? redirect(new URL(options.unauthorizedUrl, ctx.request.url).toString()) : null;
        throw new AuthProtectError(response ?? json(403, 'forbidden', 'You lack the role or permission this needs.'), 'Not authorized.');
      }
    }
    return a as SignedInAuth;
  };
}

function getTokenFor(ctx: AuthContext, box: AuthBox): AuthBase['getToken'] {
  return async (options) => {
    const a = box.auth!;
    if (!a.isAuthenticated) return null;
    if (!options?.template) return ctx.token;
    if (!ctx.mintTemplateToken) {
      throw new TypeError('getToken({ template }) needs secretKey (LATCHKEY_SECRET_KEY) to call the Backend API.');
    }
    return ctx.mintTemplateToken(a.sessionId, options.template);
  };
}

/** @internal builds the signed-in Auth object from verified claims */
export function signedInAuthObject<Claims extends Record<string, unknown>>(ctx: AuthContext, claims: Claims): SignedInAuth<Claims> {
  const o = claims.o as { id?: unknown; rol?: unknown; slg?: unknown } | undefined;
  const orgId = typeof o?.id === 'string' ? o.id : null;
  const box: AuthBox = {};
  const has = hasFor(box);
  const auth: SignedInAuth<Claims> = {
    has,
    redirectToSignIn: redirectToSignInFor(ctx),
    protect: protectFor(ctx, box, has) as SignedInAuth<Claims>['protect'],
    getToken: getTokenFor(ctx, box),
    isAuthenticated: true,
    userId: claims.sub as string,
    sessionId: (claims.sid as string | undefined) ?? '',
    sessionClaims: claims,
    sessionStatus: typeof claims.sts === 'string' ? claims.sts : null,
    actor: (claims.act as SessionTokenClaims['act']) ?? null,
    orgId,
    orgRole: orgId && typeof o?.rol === 'string' ? `org:${o.rol}` : null,
    orgSlug: orgId && typeof o?.slg === 'string' ? o.slg : null,
    orgPermissions: orgId ? orgPermissionsFromClaims(claims) : null,
  };
  box.auth = auth as unknown as Auth;
  return auth;
}

/** @internal the signed-out Auth object: same shape, nulls */
export function signedOutAuthObject(ctx: AuthContext): SignedOutAuth {
  const box: AuthBox = {};
  const has = hasFor(box);
  const auth: SignedOutAuth = {
    has,
    redirectToSignIn: redirectToSignInFor(ctx),
    protect: protectFor(ctx, box, has),
    getToken: getTokenFor(ctx, box),
    isAuthenticated: false,
    userId: null,
    sessionId: null,
    sessionClaims: null,
    sessionStatus: null,
    actor: null,
    orgId: null,
    orgRole: null,
    orgSlug: null,
    orgPermissions: null,
  };
  box.auth = auth;
  return auth;
}
