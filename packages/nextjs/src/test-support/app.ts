import { CookieJar, createFakeClock, createTestSecretKey, type FakeClock } from '@latchkey/testing';
import { createEmbeddedLatchkey, type EmbeddedLatchkey } from '../embedded/index.js';

export const APP = 'http://localhost:3000';
let n = 0;

export interface TestApp {
  embedded: EmbeddedLatchkey;
  clock: FakeClock;
  mountPath: string;
  secretKey: string;
  /** Signs a new user up in a fresh browser; returns its cookie jar and ids. */
  signUp(email: string): Promise<{ jar: CookieJar; sessionId: string; userId: string; token: string }>;
  /** Mints a session token for the browser's session (as the browser's JS would). */
  mint(jar: CookieJar, sessionId: string): Promise<string>;
  /** A Backend API call with the secret key. */
  backend(method: string, path: string, body?: unknown): Promise<Response>;
  close(): Promise<void>;
}

/** A real embedded auth server on SQLite in memory, mounted at a path of its own, on a fake clock. */
export async function createTestApp(): Promise<TestApp> {
  const clock = createFakeClock();
  const mountPath = `/api/latchkey-test-${++n}-${process.pid}`;
  const secretKey = createTestSecretKey();
  const embedded = createEmbeddedLatchkey({
    mountPath,
    publicUrl: APP,
    databaseUrl: 'sqlite::memory:',
    secretKey,
    server: { now: clock.now, sweepIntervalMs: 0, reloadIntervalMs: 0, logger: { info() {}, warn() {}, error() {} } },
  });
  const call = async (jar: CookieJar | null, method: string, path: string, body?: unknown, extra: Record<string, string> = {}) => {
    const headers = new Headers({ origin: APP, ...extra });
    if (jar) headers.set('cookie', jar.header());
    if (body !== undefined) headers.set('content-type', 'application/json');
    const response = await embedded.handle(
      new Request(`${APP}${mountPath}${path}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) }),
    );
    jar?.store(response);
    return response;
  };
  const mint = async (jar: CookieJar, sessionId: string) => {
    const response = await call(jar, 'POST', `/v1/client/sessions/${sessionId}/tokens`);
    if (!response.ok) throw new Error(`mint: ${response.status} ${await response.text()}`);
    return ((await response.json()) as { jwt: string }).jwt;
  };
  return {
    embedded,
    clock,
    mountPath,
    secretKey,
    async signUp(email) {
      const jar = new CookieJar();
      const response = await call(jar, 'POST', '/v1/client/sign_ups', { email_address: email, password: 'correct horse battery' });
      if (!response.ok) throw new Error(`sign-up: ${response.status} ${await response.text()}`);
      const body = (await response.json()) as { response: { created_session_id: string; created_user_id: string } };
      const sessionId = body.response.created_session_id;
      return { jar, sessionId, userId: body.response.created_user_id, token: await mint(jar, sessionId) };
    },
    mint,
    backend: (method, path, body) => call(null, method, path, body, { authorization: `Bearer ${secretKey}` }),
    async close() {
      await (await embedded.server()).close();
    },
  };
}
