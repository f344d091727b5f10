/**
 * What every `latchkey test` mode starts from: the server answers, the secret
 * key works, a throwaway user exists and has signed in through a browser, and
 * that browser holds a session token. Cleaned up afterwards unless --keep.
 */
import { randomBytes } from 'node:crypto';
import { decodeJwt } from '@latchkey/backend/jwt';
import { TokenVerificationError } from '@latchkey/backend/errors';
import { verifyToken } from '@latchkey/backend';
import { LatchkeyApiError } from '@latchkey/backend/errors';
import type { Connection } from '../lib/api.js';
import { DiagnosticBrowser, firstError } from './browser.js';
import type { ClockReading } from './explain.js';
import { fail, passWith, type Report } from './report.js';

export interface DiagnosticOptions {
  api: Connection;
  /** The frontend API (browsers); the same server as the Backend API unless told otherwise. */
  frontendUrl: string;
  /** The app origin the test browser claims; must be allowed by the server. */
  origin: string;
  /** The issuer apps expect: the frontend API URL. */
  issuer: string;
  /** What apps accept in `azp`. */
  authorizedParties: string[];
  /** The key apps verify with (PEM or JWK text) instead of the JWKS, as LATCHKEY_JWT_KEY. */
  jwtKey?: string | undefined;
  /** For custom-claims: an existing template to check, and the claims it must produce. */
  template?: string | undefined;
  expectClaims: string[];
  keep: boolean;
}

export interface SessionFixture {
  settings: Record<string, any>;
  userId: string;
  email: string;
  password: string;
  sessionId: string;
  browser: DiagnosticBrowser;
  token: string;
  claims: Record<string, any>;
  /** Server clock vs this machine, from the token's iat. */
  clock: ClockReading;
  cleanups: (() => Promise<unknown>)[];
}

export const keySourceOf = (dx: DiagnosticOptions) => (dx.jwtKey ? 'the configured key (--jwt-key / LATCHKEY_JWT_KEY)' : `the server's JWKS (${dx.api.apiUrl}/v1/jwks)`);

/** `verifyToken` with the key source an app on this machine would use. */
export function verifyAsApp(dx: DiagnosticOptions, token: string, options: { issuer?: string; authorizedParties?: string[]; clockSkewInMs?: number; now?: () => Date } = {}) {
  const keys = dx.jwtKey ? { jwtKey: dx.jwtKey } : { secretKey: dx.api.secretKey, apiUrl: dx.api.apiUrl };
  return verifyToken(token, { ...keys, verifiedTokenCacheSize: 0, ...options });
}

/** Runs `verifyAsApp` and turns a rejection into its reason string (null when valid). */
export async function rejectionOf(promise: Promise<unknown>): Promise<string | null> {
  try {
    await promise;
    return null;
  } catch (error) {
    if (error instanceof TokenVerificationError) return error.reason;
    throw error;
  }
}

export const randomEmail = () => `latchkey-test-${randomBytes(6).toString('hex')}@example.com`;
export const randomPassword = () => randomBytes(18).toString('base64url');

export async function createUser(dx: DiagnosticOptions, fixtureCleanups: SessionFixture['cleanups'], publicMetadata?: Record<string, unknown>) {
  const email = randomEmail();
  const password = randomPassword();
  const user = await dx.api.client.users.createUser({ email_address: [email], password, ...(publicMetadata ? { public_metadata: publicMetadata } : {}) });
  if (!dx.keep) fixtureCleanups.push(() => dx.api.client.users.deleteUser(user.id));
  return { userId: user.id, email, password };
}

/** Signs `email` in on `browser`; fails with the likely cause when the server refuses or the cookie is dropped. */
export async function signIn(browser: DiagnosticBrowser, email: string, password: string, settings?: Record<string, any>): Promise<string> {
  const { status, body } = await browser.fetch('/v1/client/sign_ins', { method: 'POST', json: { identifier: email, password, strategy: 'password' } });
  const error = firstError(body);
  if (status === 403 && error?.code === 'origin_invalid') {
    fail(`sign-in refused: ${error.message}`, `origin not allowed: the server does not accept requests from ${browser.origin}. Add it to LATCHKEY_ALLOWED_ORIGINS (or pass --origin with an allowed app origin).`);
  }
  if (error?.code === 'session_limit_reached') {
    fail(`sign-in refused: ${error.message}`, `this browser already holds max_sessions_per_client=${settings?.max_sessions_per_client} sessions: raise it with latchkey sessions configure --max-sessions, or sign one out.`);
  }
  if (status !== 200 || !body?.response?.created_session_id) fail(`sign-in answered HTTP ${status}${error ? ` ${error.code}: ${error.message}` : ''}`);
  const dropped = browser.droppedClientCookieCause();
  if (dropped) fail('the sign-in succeeded but the browser did not keep the __client cookie', dropped);
  return body.response.created_session_id as string;
}

/** Mints a session token through the Frontend API, as the browser SDK does. */
export async function mintInBrowser(browser: DiagnosticBrowser, sessionId: string): Promise<string> {
  const { status, body } = await browser.fetch(`/v1/client/sessions/${encodeURIComponent(sessionId)}/tokens`, { method: 'POST' });
  if (status !== 200 || typeof body?.jwt !== 'string') {
    const error = firstError(body);
    fail(`token request answered HTTP ${status}${error ? ` ${error.code}: ${error.message}` : ''}`, browser.droppedClientCookieCause() ?? undefined);
  }
  return body.jwt as string;
}

export async function setUp(report: Report, dx: DiagnosticOptions): Promise<SessionFixture | undefined> {
  const cleanups: SessionFixture['cleanups'] = [];
  const ok = await report.step(
    `server answers at ${dx.frontendUrl}`,
    async () => {
      let response: Response;
      try {
        response = await fetch(`${dx.frontendUrl}/v1/jwks`);
      } catch (error) {
        return fail(`no answer (${(error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message})`, 'the server is not running at this URL, or a firewall or proxy is in the way: check --api-url / LATCHKEY_API_URL.');
      }
      const jwks = (await response.json().catch(() => null)) as { keys?: unknown[] } | null;
      if (!response.ok || !Array.isArray(jwks?.keys)) fail(`GET /v1/jwks answered HTTP ${response.status} without a JWKS`, 'this URL is not a Latchkey server (or a proxy rewrites its paths).');
      return passWith(`JWKS with ${jwks!.keys!.length} key${jwks!.keys!.length === 1 ? '' : 's'}`, true);
    },
    { required: true },
  );
  if (!ok) return undefined;
  const settings = await report.step(
    'secret key accepted by the Backend API',
    async () => {
      try {
        return await dx.api.request<Record<string, any>>('GET', '/instance');
      } catch (error) {
        if (error instanceof LatchkeyApiError && error.status === 401) {
          return fail(`GET /v1/instance answered 401 ${error.errors[0]?.code ?? ''}`, `wrong secret key: it belongs to another instance (the key from ${dx.api.secretKeySource === 'file' ? './.latchkey/secret-key' : dx.api.secretKeySource === 'env' ? 'LATCHKEY_SECRET_KEY' : '--secret-key'} is not this server's). Use the key the server printed on start.`);
        }
        throw error;
      }
    },
    { required: true },
  );
  const user = await report.step('throwaway user created', async () => {
    const u = await createUser(dx, cleanups);
    return passWith(`${u.userId} (${u.email})`, u);
  }, { required: true });
  const browser = new DiagnosticBrowser(dx.frontendUrl, dx.origin);
  const sessionId = await report.step(`browser at ${dx.origin} signs in`, async () => {
    const id = await signIn(browser, user!.email, user!.password, settings);
    return passWith(id, id);
  }, { required: true });
  const minted = await report.step('browser gets a session token', async () => {
    const before = Date.now() / 1000;
    const token = await mintInBrowser(browser, sessionId!);
    const after = Date.now() / 1000;
    const claims = decodeJwt<Record<string, any>>(token).payload;
    const offsetSeconds = typeof claims.iat === 'number' ? claims.iat - (before + after) / 2 : 0;
    return passWith(`kid ${String(decodeJwt(token).header.kid)}, ${token.length} bytes`, { token, claims, clock: { offsetSeconds: Math.round(offsetSeconds), source: "the token's iat" } });
  }, { required: true });
  const fixture = { settings: settings ?? {}, ...user!, sessionId: sessionId!, browser, ...minted!, cleanups } as SessionFixture;
  if (!minted) {
    await tearDown(report, fixture);
    return undefined;
  }
  return fixture;
}

/** Runs the cleanups; a failure is reported, since it leaves a test user behind. */
export async function tearDown(report: Report, fixture: Pick<SessionFixture, 'cleanups'>): Promise<void> {
  for (const cleanup of fixture.cleanups.reverse()) {
    try {
      await cleanup();
    } catch (error) {
      report.record({ name: 'clean up', status: 'fail', detail: (error as Error).message });
    }
  }
  fixture.cleanups.length = 0;
}
