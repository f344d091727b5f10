/**
 * Test helpers for Latchkey's own suites and examples: a real server
 * (SQLite in memory by default) driven in-process or over loopback, a
 * browser with a cookie jar, and a fake clock.
 */
import { createLatchkeyServer, type LatchkeyServer, type CreateLatchkeyServerOptions, type InstanceSettings } from '@latchkey/server';
import { createNodeListener, listen, type ListeningServer } from '@latchkey/server/node';
import { randomBytes } from 'node:crypto';
import { CookieJar } from './cookie-jar.js';
import { createFakeClock, type FakeClock } from './fake-clock.js';

export { CookieJar } from './cookie-jar.js';
export { createFakeClock, type FakeClock } from './fake-clock.js';

export interface TestServerOptions extends Partial<Omit<CreateLatchkeyServerOptions, 'initialSettings'>> {
  /** Instance settings written at first start. */
  settings?: Partial<InstanceSettings>;
  /** Serve over HTTP on 127.0.0.1 (random port); `publicUrl` then points there. */
  listen?: boolean;
  /** `false` uses the real clock. @default a fake clock at 2026-01-01T00:00:00Z */
  clock?: FakeClock | false;
}

export interface TestBrowser {
  readonly jar: CookieJar;
  readonly origin: string;
  /** A Frontend API (or page) request from this browser: its cookies, its Origin, its IP. */
  fetch(path: string, init?: RequestInit & { json?: unknown }): Promise<Response>;
  signUp(emailAddress: string, password: string): Promise<{ sessionId: string; userId: string }>;
  signIn(emailAddress: string, password: string): Promise<{ sessionId: string; userId: string }>;
  /** A session token for `sessionId` (default: the browser's last active session). */
  getToken(sessionId?: string, template?: string): Promise<string>;
  /** The browser's client as `GET /v1/client` returns it. */
  client(): Promise<{ id: string; last_active_session_id: string | null; sessions: { id: string; status: string; user: { id: string } }[] } | null>;
}

export interface TestServer {
  server: LatchkeyServer;
  publicUrl: string;
  secretKey: string;
  publishableKey: string;
  clock: FakeClock | null;
  browser(options?: { origin?: string; ip?: string; userAgent?: string }): TestBrowser;
  /**
   * Options for an SDK (`@latchkey/backend` and the adapters) pointed at this
   * server: its keys, the test app origin as authorized party, the test clock,
   * and a `fetch` answered by the server in-process.
   */
  sdkOptions(extra?: Record<string, unknown>): {
    publishableKey: string;
    secretKey: string;
    apiUrl: string;
    authorizedParties: string[];
    now?: () => Date;
    fetch: typeof fetch;
  } & Record<string, unknown>;
  /** A Backend API call that must succeed: its JSON body, or an error naming the status and body. */
  backendJson(path: string, init?: RequestInit & { json?: unknown }): Promise<Record<string, any>>;
  /** A Backend API request with the secret key. */
  backendApi(path: string, init?: RequestInit & { json?: unknown }): Promise<Response>;
  /** The HTTP listener when `listen: true`. */
  http: ListeningServer | null;
  close(): Promise<void>;
}

export const TEST_APP_ORIGIN = 'http://localhost:3000';
const silent = { info() {}, warn() {}, error() {} };

export function createTestSecretKey(): string {
  return `sk_test_${randomBytes(30).toString('base64').replace(/[^A-Za-z0-9]/g, '').slice(0, 40)}`;
}

/** Starts a real Latchkey server for a test. Call `close()` in `afterEach`/`afterAll`. */
export async function createTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const { settings, listen: shouldListen, clock: clockOption, ...serverOptions } = options;
  const clock = clockOption === false ? null : (clockOption ?? createFakeClock());
  const secretKey = serverOptions.secretKey ?? createTestSecretKey();

  let http: ListeningServer | null = null;
  let handler: ((...args: Parameters<ReturnType<typeof createNodeListener>>) => void) | null = null;
  if (shouldListen) {
    http = await listen((req, res) => (handler ? handler(req, res) : res.writeHead(503).end()), { port: 0, host: '127.0.0.1' });
  }
  const publicUrl = serverOptions.publicUrl ?? http?.url ?? 'http://localhost:4400';
  const generous = { limit: 100_000, windowSeconds: 60 };
  const server = createLatchkeyServer({
    databaseUrl: 'sqlite::memory:',
    allowedOrigins: [TEST_APP_ORIGIN],
    sweepIntervalMs: 0,
    reloadIntervalMs: 0,
    logger: process.env.LATCHKEY_TEST_VERBOSE ? undefined : silent,
    ...serverOptions,
    rateLimits: {
      signInPerIp: generous,
      signInPerIdentifier: generous,
      signUpPerIp: generous,
      signUpPerIdentifier: generous,
      tokensPerIp: generous,
      ...serverOptions.rateLimits,
    },
    ...(clock ? { now: clock.now } : {}),
    secretKey,
    publicUrl,
    initialSettings: settings ?? {},
  });
  await server.ready();
  if (http) handler = createNodeListener(server);

  const withJson = (init: RequestInit & { json?: unknown } = {}, headers: Headers) => {
    const { json, ...rest } = init;
    if (json !== undefined) {
      headers.set('content-type', 'application/json');
      return { ...rest, headers, body: JSON.stringify(json) };
    }
    return { ...rest, headers };
  };

  const backendApi: TestServer['backendApi'] = (path, init = {}) => {
    const headers = new Headers(init.headers);
    headers.set('authorization', `Bearer ${secretKey}`);
    return server.fetch(new Request(new URL(path, publicUrl), withJson(init, headers)));
  };

  const browser: TestServer['browser'] = ({ origin = TEST_APP_ORIGIN, ip = '198.51.100.7', userAgent } = {}) => {
    const jar = new CookieJar();
    const request = async (path: string, init: RequestInit & { json?: unknown } = {}) => {
      const headers = new Headers(init.headers);
      if (!headers.has('origin') && origin) headers.set('origin', origin);
      if (userAgent && !headers.has('user-agent')) headers.set('user-agent', userAgent);
      const cookie = jar.header();
      if (cookie && !headers.has('cookie')) headers.set('cookie', cookie);
      const response = await server.fetch(new Request(new URL(path, publicUrl), withJson(init, headers)), { clientIp: ip });
      jar.store(response);
      return response;
    };
    const expectOk = async (response: Response) => {
      if (!response.ok) throw new Error(`${response.status} ${await response.text()}`);
      return response.json() as Promise<Record<string, any>>;
    };
    return {
      jar,
      origin,
      fetch: request,
      async signUp(emailAddress, password) {
        const body = await expectOk(await request('/v1/client/sign_ups', { method: 'POST', json: { email_address: emailAddress, password } }));
        return { sessionId: body.response.created_session_id, userId: body.response.created_user_id };
      },
      async signIn(emailAddress, password) {
        const body = await expectOk(
          await request('/v1/client/sign_ins', { method: 'POST', json: { identifier: emailAddress, password, strategy: 'password' } }),
        );
        const session = body.client.sessions.find((s: { id: string }) => s.id === body.response.created_session_id);
        return { sessionId: body.response.created_session_id, userId: session.user.id };
      },
      async getToken(sessionId, template) {
        const id = sessionId ?? (await expectOk(await request('/v1/client'))).response?.last_active_session_id;
        if (!id) throw new Error('This browser has no session');
        const body = await expectOk(await request(`/v1/client/sessions/${id}/tokens${template ? `/${template}` : ''}`, { method: 'POST' }));
        return body.jwt as string;
      },
      async client() {
        return (await expectOk(await request('/v1/client'))).response as never;
      },
    };
  };

  return {
    server,
    publicUrl,
    secretKey,
    publishableKey: server.publishableKeys.live,
    clock,
    browser,
    backendApi,
    async backendJson(path, init = {}) {
      const response = await backendApi(path, init);
      if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${response.status} ${await response.text()}`);
      return (await response.json()) as Record<string, any>;
    },
    sdkOptions: (extra = {}) => ({
      publishableKey: server.publishableKeys.live,
      secretKey,
      apiUrl: publicUrl,
      authorizedParties: [TEST_APP_ORIGIN],
      ...(clock ? { now: clock.now } : {}),
      fetch: ((input: RequestInfo | URL, init?: RequestInit) => server.fetch(new Request(input, init))) as typeof fetch,
      ...extra,
    }),
    http,
    async close() {
      await http?.close();
      await server.close();
    },
  };
}
