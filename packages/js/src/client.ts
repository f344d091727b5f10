import { frontendApiUrlFromPublishableKey } from '@latchkey/backend/internal';
import { resolveRetry, type RetryOptions } from './backoff.js';
import { systemClock, type Clock } from './clock.js';
import { hasAuthorization, initialState, membershipDrift, organizationFrom, stateFrom, type LatchkeyState, type SessionActions } from './client-state.js';
import { LatchkeyClientErrorCode, LatchkeyConfigError, LatchkeyError, isLatchkeyError } from './errors.js';
import { createEmitter, type LatchkeyEventName, type LatchkeyListener } from './events.js';
import { createFetchWithAuth } from './fetch-with-auth.js';
import { createFrontendApi } from './frontend-api.js';
import type { ClientJson, DeviceSessionJson, DeviceSessionResource, GetTokenOptions, OrganizationResource, SessionJson, SessionResource } from './resources.js';
import { toActivity } from './resources.js';
import { clearSessionCookie, documentCookies, writeSessionCookie, type CookieAccess, type SessionCookieOptions } from './session-cookie.js';
import { createTabSync, type BroadcastChannelConstructor, type LockManagerLike, type StorageLike, type TabSync } from './tab-sync.js';
import { createTokenCache, defaultTokenRefresh, type TokenCache, type TokenRefreshOptions } from './token-cache.js';
import { createTokenStore } from './token-store.js';

/** Options of `createLatchkey`. Everything but the key has a browser default; tests inject the rest. */
export interface LatchkeyOptions {
  /** `pk_live_…` / `pk_test_…`: names the frontend API host. */
  publishableKey: string;
  /** Talk to this URL instead of the one the key names (a proxy on the app's domain). */
  frontendApiUrl?: string;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
  /** @default the system clock and timers */
  clock?: Clock;
  /** @default Math.random */
  random?: () => number;
  /** Shared token store and fallback lock. `null` disables. @default localStorage */
  storage?: StorageLike | null;
  /** Tab-to-tab messages. `null` disables. @default globalThis.BroadcastChannel */
  BroadcastChannel?: BroadcastChannelConstructor | null;
  /** Cross-tab mint lock. `null` uses the storage lease. @default navigator.locks */
  locks?: LockManagerLike | null;
  /** Where `__session` and `__client_uat` are kept for the app's server. `null` disables. @default document.cookie */
  cookies?: CookieAccess | null;
  /** Attributes of those cookies. @default host-only, SameSite=Lax, Secure on https */
  sessionCookie?: Partial<SessionCookieOptions>;
  /** Receives `online`, `focus` and `visibilitychange` to refresh after sleep. `null` disables. @default window */
  lifecycleEvents?: EventTarget | null;
  tokenRefresh?: TokenRefreshOptions;
  retry?: RetryOptions;
}

export interface SignInParams {
  identifier: string;
  password: string;
}

export interface SignUpParams {
  emailAddress: string;
  password: string;
}

export interface SignOutOptions {
  /** Sign out only this session (the others on this browser stay). */
  sessionId?: string;
  /** Sign the user out on every device (their sessions everywhere are revoked). */
  everywhere?: boolean;
  /** Navigate here afterwards. */
  redirectUrl?: string;
}

export interface SetActiveParams {
  /** The session to make active (id or resource). @default the active one */
  session?: string | SessionResource;
  /**
   * The organization to make active: its id, its slug (one of the user's
   * memberships) or the resource; `null` for the personal account. The
   * session's next token carries it. @default unchanged
   */
  organization?: string | Pick<OrganizationResource, 'id'> | null;
}

/** The browser client. Create one per page with `createLatchkey`. */
export interface Latchkey {
  readonly frontendApiUrl: string;
  getState(): LatchkeyState;
  /** The state before load; also what server rendering sees. */
  getInitialState(): LatchkeyState;
  /** Calls `listener` after every state change. Returns the unsubscribe. */
  subscribe(listener: () => void): () => void;
  on<E extends LatchkeyEventName>(event: E, listener: LatchkeyListener<E>): () => void;
  /** Loads the client and starts refresh and tab sync. Idempotent; safe to call again after `destroy()`. */
  load(): Promise<void>;
  /** Reloads the client from the frontend API. */
  reload(): Promise<void>;
  /** Stops timers, listeners and the tab channel (the state stays). */
  destroy(): void;
  /** A token for the active session (or `sessionId`), `null` when signed out. Never an expired one. */
  getToken(options?: GetTokenOptions & { sessionId?: string }): Promise<string | null>;
  setActive(params: SetActiveParams): Promise<void>;
  signIn(params: SignInParams): Promise<SessionResource>;
  signUp(params: SignUpParams): Promise<SessionResource>;
  /** No options: every session on this browser. `{ sessionId }`: one. `{ everywhere: true }`: the user on all devices. */
  signOut(options?: SignOutOptions): Promise<void>;
  /** The signed-in user's sessions on every device, the current one marked. */
  listDeviceSessions(): Promise<DeviceSessionResource[]>;
  /** Signs the user out on every other device. */
  revokeOtherDevices(): Promise<void>;
  /** `fetch` with `Authorization: Bearer <session token>` added when signed in. */
  fetchWithAuth(input: RequestInfo | URL, init?: RequestInit): Promise<Response>;
  /** Whether the active organization grants a role or permission, as the active session's token states them. */
  has(params: { role?: string; permission?: string }): boolean;
}

type Mutation = { response: unknown; client: ClientJson | null };

const sameOrganization = (a: LatchkeyState['organization'], b: LatchkeyState['organization']) =>
  a === b ||
  (a !== null &&
    b !== null &&
    a.id === b.id &&
    a.slug === b.slug &&
    a.name === b.name &&
    a.role === b.role &&
    a.membership === b.membership &&
    a.permissions.join() === b.permissions.join());

function optional<T>(read: () => T | undefined): T | null {
  try {
    return read() ?? null;
  } catch {
    return null; // localStorage throws in sandboxed frames and with storage disabled.
  }
}

/**
 * Creates the browser client. Nothing touches the network, timers or
 * `window` until `load()`, so it can be created during server rendering.
 * @example
 * const latchkey = createLatchkey({ publishableKey: 'pk_live_…' });
 * await latchkey.load();
 * const res = await latchkey.fetchWithAuth('/api/me');
 */
export function createLatchkey(options: LatchkeyOptions): Latchkey {
  const derived = options.publishableKey ? frontendApiUrlFromPublishableKey(options.publishableKey) : null;
  if (!derived && !options.frontendApiUrl) {
    throw new LatchkeyConfigError('publishableKey must be a pk_live_… or pk_test_… key (LATCHKEY_PUBLISHABLE_KEY)');
  }
  const frontendApiUrl = (options.frontendApiUrl ?? derived!).replace(/\/+$/, '');
  const namespace = `latchkey:${new URL(frontendApiUrl).host}`;
  const clock = options.clock ?? systemClock;
  const random = options.random ?? Math.random;
  const retry = resolveRetry(options.retry);
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init));
  const api = createFrontendApi({ baseUrl: frontendApiUrl, fetch: doFetch, clock, random, retry });
  const storage = options.storage !== undefined ? options.storage : optional(() => globalThis.localStorage);
  const cookies = options.cookies !== undefined ? options.cookies : documentCookies();
  const cookieOptions: SessionCookieOptions = {
    secure: optional(() => globalThis.location?.protocol) === 'https:',
    ...options.sessionCookie,
  };
  const store = createTokenStore(storage, namespace, clock.now);
  const emitter = createEmitter();
  const listeners = new Set<() => void>();

  let state: LatchkeyState = initialState;
  let clientJson: ClientJson | null = null;
  let sync: TabSync | null = null;
  let cache: TokenCache | null = null;
  let loading: Promise<void> | null = null;
  let teardown: (() => void)[] = [];
  /** The last token/membership-list disagreement a reload was started for (one reload per disagreement, never a loop). */
  let reloadedForDrift: string | null = null;

  const setState = (next: LatchkeyState) => {
    state = next;
    for (const listener of [...listeners]) listener();
  };

  const actions: SessionActions = {
    touch: (id) => touch(id, undefined),
    end: (id) => mutate({ method: 'POST', path: `/v1/client/sessions/${encodeURIComponent(id)}/end` }),
    remove: (id) => mutate({ method: 'POST', path: `/v1/client/sessions/${encodeURIComponent(id)}/remove` }),
    getToken: (id, tokenOptions) => getToken({ ...tokenOptions, sessionId: id }),
  };

  const activeJwt = (sessionId: string) => cache?.peek(sessionId)?.jwt ?? null;

  /** Makes `json` the client; announces what changed; tells the other tabs when the change happened here. */
  function applyClient(json: ClientJson | null, origin: 'here' | 'other-tab'): void {
    const before = state;
    clientJson = json;
    const next = stateFrom(json, actions, activeJwt);
    const ids = new Set(next.sessions.map((s) => s.id));
    const gone = before.sessions.filter((s) => !ids.has(s.id)).map((s) => s.id);
    const added = before.isLoaded ? next.sessions.filter((s) => !before.sessions.some((b) => b.id === s.id)) : [];
    if (gone.length > 0) cache?.forget(gone);
    // Start the new active session's refresh before telling the other tabs, so
    // this tab is first in line for the mint lock and they reuse its token.
    cache?.keepFresh(next.session?.id ?? null);
    if (!next.session && cookies) clearSessionCookie(cookies, cookieOptions);
    setState(next);
    const cached = next.session ? cache?.peek(next.session.id) : null;
    if (cached && cookies && before.session?.id !== next.session?.id) writeSessionCookie(cookies, cached.jwt, cached.iat, cookieOptions);
    if (origin === 'here') sync?.post({ type: 'client', client: json });
    if (gone.length > 0) emitter.emit('signed-out', { sessionIds: gone, signedOutCompletely: next.sessions.length === 0 });
    for (const session of added) emitter.emit('signed-in', { session });
    const orgId = next.organization?.id ?? null;
    if (before.isLoaded && (before.session?.id !== next.session?.id || (before.organization?.id ?? null) !== orgId)) {
      emitter.emit('session-changed', { session: next.session, organizationId: orgId });
    }
  }

  async function mutate(request: Parameters<typeof api>[0]): Promise<void> {
    await ensureLoaded();
    try {
      const body = await api<Mutation>(request);
      applyClient(body.client, 'here');
    } catch (error) {
      if (isLatchkeyError(error) && (error.code === 'signed_out' || error.code === 'session_not_active')) await reloadAndAnnounce();
      throw error;
    }
  }

  async function touch(sessionId: string, organization: string | null | undefined): Promise<void> {
    const body = organization === undefined ? {} : { active_organization_id: organization ?? '' };
    await mutate({ method: 'POST', path: `/v1/client/sessions/${encodeURIComponent(sessionId)}/touch`, body, retry: true });
  }

  async function reloadAndAnnounce(): Promise<void> {
    const body = await api<{ response: ClientJson | null }>({ method: 'GET', path: '/v1/client', retry: true });
    applyClient(body.response, 'here');
  }

  function start(): void {
    const BroadcastChannelImpl = options.BroadcastChannel !== undefined ? options.BroadcastChannel : optional(() => globalThis.BroadcastChannel as unknown as BroadcastChannelConstructor);
    const locks = options.locks !== undefined ? options.locks : optional(() => globalThis.navigator?.locks as unknown as LockManagerLike);
    sync = createTabSync({ namespace, clock, random, locks, storage, BroadcastChannel: BroadcastChannelImpl });
    cache = createTokenCache({
      clock,
      random,
      sync,
      store,
      retry,
      refresh: { ...defaultTokenRefresh, ...options.tokenRefresh },
      mint: async (sessionId, template) => {
        const path = `/v1/client/sessions/${encodeURIComponent(sessionId)}/tokens${template ? `/${encodeURIComponent(template)}` : ''}`;
        return (await api<{ jwt: string }>({ method: 'POST', path, retry: true })).jwt;
      },
      onToken(sessionId, template, token) {
        if (template || sessionId !== state.session?.id) return;
        if (cookies) writeSessionCookie(cookies, token.jwt, token.iat, cookieOptions);
        const before = state.organization;
        const organization = organizationFrom(state.session, token.jwt);
        if (!sameOrganization(organization, before)) setState({ ...state, organization });
        emitter.emit('token-refreshed', { sessionId, template: null, expiresAt: token.expiresAt });
        if ((organization?.id ?? null) !== (before?.id ?? null)) {
          emitter.emit('session-changed', { session: state.session, organizationId: organization?.id ?? null });
        }
        // A role change, or a membership added or removed, shows in the token
        // first: read the client again so the membership list follows.
        const drift = membershipDrift(state.session, token.jwt);
        if (drift && drift !== reloadedForDrift) {
          reloadedForDrift = drift;
          reloadAndAnnounce().catch(() => {});
        }
      },
      onSessionGone: () => reloadAndAnnounce(),
      organizationOf: (sessionId) =>
        sessionId === state.session?.id
          ? (state.organization?.id ?? null)
          : (state.sessions.find((s) => s.id === sessionId)?.lastActiveOrganizationId ?? null),
    });
    const tokenCache = cache;
    teardown.push(
      sync.subscribe((message) => {
        if (message.type === 'client') applyClient(message.client, 'other-tab');
        else if (message.type === 'token') tokenCache.adopt(message.key, message.token);
      }),
    );
    const target = options.lifecycleEvents !== undefined ? options.lifecycleEvents : optional(() => (typeof window === 'undefined' ? undefined : window));
    const wake = () => tokenCache.refreshIfDue();
    for (const type of ['online', 'focus', 'visibilitychange']) target?.addEventListener(type, wake);
    const doc = optional(() => (typeof document === 'undefined' ? undefined : document));
    if (target && doc && doc !== target) doc.addEventListener('visibilitychange', wake);
    teardown.push(() => {
      for (const type of ['online', 'focus', 'visibilitychange']) target?.removeEventListener(type, wake);
      doc?.removeEventListener('visibilitychange', wake);
    });
  }

  function load(): Promise<void> {
    if (loading) return loading;
    start();
    loading = (async () => {
      try {
        const body = await api<{ response: ClientJson | null }>({ method: 'GET', path: '/v1/client', retry: true });
        applyClient(body.response, 'other-tab');
      } catch (error) {
        loading = null;
        const e = isLatchkeyError(error) ? error : new LatchkeyError({ code: LatchkeyClientErrorCode.NetworkError, message: String(error), cause: error });
        setState({ ...state, error: e });
        throw e;
      }
    })();
    return loading;
  }

  async function ensureLoaded(): Promise<void> {
    if (!state.isLoaded || !cache) await load();
  }

  async function getToken(tokenOptions: GetTokenOptions & { sessionId?: string } = {}): Promise<string | null> {
    await ensureLoaded();
    const sessionId = tokenOptions.sessionId ?? state.session?.id;
    if (!sessionId || !state.sessions.some((s) => s.id === sessionId)) return null;
    try {
      return (await cache!.get(sessionId, tokenOptions.template, tokenOptions.skipCache === true)).jwt;
    } catch (error) {
      if (isLatchkeyError(error) && (error.code === 'signed_out' || error.code === 'session_not_active')) return null;
      throw error;
    }
  }

  /** An organization id from what `setActive` was given: an id, a slug of one of the session user's memberships, or a resource. */
  function resolveOrganizationId(sessionId: string, organization: string | Pick<OrganizationResource, 'id'> | null): string | null {
    if (organization === null || organization === '') return null;
    if (typeof organization !== 'string') return organization.id;
    if (organization.startsWith('org_')) return organization;
    const memberships = state.sessions.find((s) => s.id === sessionId)?.user?.organizationMemberships ?? [];
    return memberships.find((m) => m.organization.slug === organization)?.organization.id ?? organization;
  }

  async function afterSignIn(body: Mutation & { response: { created_session_id: string } }): Promise<SessionResource> {
    applyClient(body.client, 'here');
    const session = state.sessions.find((s) => s.id === body.response.created_session_id);
    if (!session) throw new LatchkeyError({ code: LatchkeyClientErrorCode.InvalidResponse, message: 'The new session is missing from the client' });
    return session;
  }

  const latchkey: Latchkey = {
    frontendApiUrl,
    getState: () => state,
    getInitialState: () => initialState,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    on: (event, listener) => emitter.on(event, listener),
    load,
    reload: async () => {
      await ensureLoaded();
      await reloadAndAnnounce();
    },
    destroy() {
      for (const fn of teardown) fn();
      teardown = [];
      cache?.stop();
      sync?.close();
      cache = null;
      sync = null;
      loading = null;
    },
    getToken,
    async setActive({ session, organization }) {
      await ensureLoaded();
      const id = typeof session === 'string' ? session : (session?.id ?? state.session?.id);
      if (!id) throw new LatchkeyError({ code: LatchkeyClientErrorCode.SignedOut, message: 'There is no session to make active' });
      const orgId = organization === undefined ? undefined : resolveOrganizationId(id, organization);
      await touch(id, orgId);
      if (orgId === undefined) return;
      // A token whose `o` names another organization is out of date: mint one
      // now, so that `has()`, `orgId` and the __session cookie follow at once.
      const cached = cache?.peek(id);
      const target = state.sessions.find((s) => s.id === id) ?? null;
      if (cached && (organizationFrom(target, cached.jwt)?.id ?? null) === orgId) return;
      cache?.invalidate(id);
      await getToken({ sessionId: id });
    },
    async signIn({ identifier, password }) {
      await ensureLoaded();
      return afterSignIn(await api({ method: 'POST', path: '/v1/client/sign_ins', body: { identifier, password, strategy: 'password' } }));
    },
    async signUp({ emailAddress, password }) {
      await ensureLoaded();
      return afterSignIn(await api({ method: 'POST', path: '/v1/client/sign_ups', body: { email_address: emailAddress, password } }));
    },
    async signOut(signOutOptions = {}) {
      await ensureLoaded();
      const { sessionId, everywhere, redirectUrl } = signOutOptions;
      if (everywhere) {
        const current = sessionId ?? state.session?.id;
        await mutate({ method: 'POST', path: '/v1/me/sessions/revoke', query: { _clerk_session_id: current }, body: { scope: 'all' } });
      } else if (sessionId) {
        await mutate({ method: 'POST', path: `/v1/client/sessions/${encodeURIComponent(sessionId)}/end` });
      } else {
        await mutate({ method: 'DELETE', path: '/v1/client/sessions' });
        store.clear();
      }
      if (redirectUrl) globalThis.location?.assign(redirectUrl);
    },
    async listDeviceSessions() {
      await ensureLoaded();
      const current = state.session?.id;
      if (!current) return [];
      const list = await api<DeviceSessionJson[]>({ method: 'GET', path: '/v1/me/sessions', query: { _clerk_session_id: current }, retry: true });
      return list.map((s) => ({
        id: s.id,
        status: s.status,
        isCurrent: s.is_current,
        createdAt: new Date(s.created_at),
        lastActiveAt: new Date(s.last_active_at),
        expireAt: new Date(s.expire_at),
        latestActivity: toActivity(s.latest_activity),
        revoke: () =>
          mutate({ method: 'POST', path: `/v1/me/sessions/${encodeURIComponent(s.id)}/revoke`, query: { _clerk_session_id: current } }),
      }));
    },
    async revokeOtherDevices() {
      await ensureLoaded();
      await mutate({ method: 'POST', path: '/v1/me/sessions/revoke', query: { _clerk_session_id: state.session?.id }, body: { scope: 'others' } });
    },
    fetchWithAuth: createFetchWithAuth(() => getToken(), doFetch),
    has: (params) => hasAuthorization(state.organization, params),
  };
  return latchkey;
}

export type { SessionJson };
