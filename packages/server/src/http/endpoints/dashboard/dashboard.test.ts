/**
 * The dashboard's server side: signing in with the secret key, the
 * dashboard cookie, the CSRF rule (own origin only), the Backend API proxy,
 * and the static files (content types, cache headers, no traversal).
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestServer, TEST_APP_ORIGIN, type TestServer } from '@latchkey/testing';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DASHBOARD_COOKIE, DASHBOARD_SESSION_TTL_SECONDS } from './dashboard-session.js';
import { dashboardAssets, setDashboardAssetDir } from './static-assets.js';

let t: TestServer;
let own: string;
beforeEach(async () => {
  t = await createTestServer();
  own = new URL(t.publicUrl).origin;
});
afterEach(async () => {
  await t.close();
});

const codeOf = async (response: Response) => ((await response.json()) as { errors: { code: string }[] }).errors[0]!.code;

/** A browser on the dashboard page (its own origin), signed in unless told otherwise. */
async function dashboardBrowser(signIn = true) {
  const browser = t.browser({ origin: own });
  if (signIn) {
    const response = await browser.fetch('/dashboard/api/session', { method: 'POST', json: { secret_key: t.secretKey } });
    expect(response.status).toBe(200);
  }
  return browser;
}

describe('dashboard sign-in', () => {
  it('sets an HttpOnly, SameSite=Strict cookie scoped to /dashboard for the right secret key', async () => {
    const browser = t.browser({ origin: own });
    const response = await browser.fetch('/dashboard/api/session', { method: 'POST', json: { secret_key: t.secretKey } });
    expect(response.status).toBe(200);
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith(`${DASHBOARD_COOKIE}=`))!;
    expect(cookie).toMatch(/; Path=\/dashboard/);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Strict/);
    expect(cookie).toMatch(new RegExp(`Max-Age=${DASHBOARD_SESSION_TTL_SECONDS}`));
    expect(cookie).not.toContain(t.secretKey);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = (await response.json()) as { object: string; id: string };
    expect(body.object).toBe('dashboard_session');
    expect(browser.jar.get(DASHBOARD_COOKIE)).toMatch(new RegExp(`^${body.id}\\.[A-Za-z0-9_-]{43}$`));
    expect((await browser.fetch('/dashboard/api/session')).status).toBe(200);
  });

  it('keeps only a hash of the cookie secret at rest', async () => {
    const browser = await dashboardBrowser();
    const [id, secret] = browser.jar.get(DASHBOARD_COOKIE)!.split('.') as [string, string];
    const domain = await t.server.context();
    const stored = (await domain.cache.get(`dashboard_session:${id}`))!;
    expect(stored).not.toContain(secret);
    expect(JSON.parse(stored).secret_hash).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('refuses a wrong secret key [authentication_invalid] and sets no cookie', async () => {
    const browser = t.browser({ origin: own });
    const response = await browser.fetch('/dashboard/api/session', { method: 'POST', json: { secret_key: `${t.secretKey}x` } });
    expect(response.status).toBe(401);
    expect(await codeOf(response)).toBe('authentication_invalid');
    expect(browser.jar.get(DASHBOARD_COOKIE)).toBeUndefined();
  });

  it('refuses a missing secret key with 422 [form_param_missing]', async () => {
    const response = await t.browser({ origin: own }).fetch('/dashboard/api/session', { method: 'POST', json: {} });
    expect(response.status).toBe(422);
    expect(await codeOf(response)).toBe('form_param_missing');
  });

  it('accepts sign-in on the address the server was reached at as well as the public URL', async () => {
    const direct = 'http://127.0.0.1:4400';
    const response = await t.server.fetch(
      new Request(`${direct}/dashboard/api/session`, {
        method: 'POST',
        headers: { origin: direct, 'content-type': 'application/json' },
        body: JSON.stringify({ secret_key: t.secretKey }),
      }),
    );
    expect(response.status).toBe(200);
    const other = await t.server.fetch(
      new Request(`${direct}/dashboard/api/session`, {
        method: 'POST',
        headers: { origin: 'http://127.0.0.1:4401', 'content-type': 'application/json' },
        body: JSON.stringify({ secret_key: t.secretKey }),
      }),
    );
    expect(await codeOf(other)).toBe('origin_invalid');
  });

  it('refuses sign-in from an app origin, even an allowed one [origin_invalid]', async () => {
    const response = await t.browser({ origin: TEST_APP_ORIGIN }).fetch('/dashboard/api/session', { method: 'POST', json: { secret_key: t.secretKey } });
    expect(response.status).toBe(403);
    expect(await codeOf(response)).toBe('origin_invalid');
  });

  it('rate-limits sign-in attempts per IP [too_many_requests]', async () => {
    await t.close();
    t = await createTestServer({ rateLimits: { signInPerIp: { limit: 2, windowSeconds: 60 } } as never });
    own = new URL(t.publicUrl).origin;
    const browser = t.browser({ origin: own });
    const attempt = () => browser.fetch('/dashboard/api/session', { method: 'POST', json: { secret_key: 'sk_test_wrong' } });
    expect((await attempt()).status).toBe(401);
    expect((await attempt()).status).toBe(401);
    const limited = await attempt();
    expect(limited.status).toBe(429);
    expect(await codeOf(limited)).toBe('too_many_requests');
  });

  it('says signed_out without a cookie, with a forged cookie, and after signing out', async () => {
    const anonymous = t.browser({ origin: own });
    const none = await anonymous.fetch('/dashboard/api/session');
    expect(none.status).toBe(401);
    expect(await codeOf(none)).toBe('signed_out');

    const browser = await dashboardBrowser();
    const [id] = browser.jar.get(DASHBOARD_COOKIE)!.split('.');
    const forged = await t.browser({ origin: own }).fetch('/dashboard/api/session', {
      headers: { cookie: `${DASHBOARD_COOKIE}=${id}.${'A'.repeat(43)}` },
    });
    expect(await codeOf(forged)).toBe('signed_out');

    const cookie = browser.jar.header();
    const out = await browser.fetch('/dashboard/api/session', { method: 'DELETE' });
    expect(out.status).toBe(200);
    expect(out.headers.getSetCookie().find((c) => c.startsWith(`${DASHBOARD_COOKIE}=`))).toMatch(/Max-Age=0/);
    // The old cookie value stops working on the server, not only in this browser.
    const replay = await t.browser({ origin: own }).fetch('/dashboard/api/session', { headers: { cookie } });
    expect(await codeOf(replay)).toBe('signed_out');
  });

  it('ends a dashboard sign-in after its lifetime', async () => {
    const browser = await dashboardBrowser();
    t.clock!.advance((DASHBOARD_SESSION_TTL_SECONDS + 1) * 1000);
    const response = await browser.fetch('/dashboard/api/session');
    expect(await codeOf(response)).toBe('signed_out');
  });
});

describe('dashboard Backend API proxy', () => {
  it('forwards to the Backend API with the secret key for a signed-in dashboard', async () => {
    await t.backendApi('/v1/users', { method: 'POST', json: { email_address: ['ada@example.com'], password: 'correct horse battery' } });
    const browser = await dashboardBrowser();
    const response = await browser.fetch('/dashboard/api/v1/users?query=ada');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const users = (await response.json()) as { email_addresses: { email_address: string }[] }[];
    expect(users.map((u) => u.email_addresses[0]!.email_address)).toEqual(['ada@example.com']);
  });

  it('forwards bodies and records settings changes under the dashboard actor', async () => {
    const browser = await dashboardBrowser();
    const response = await browser.fetch('/dashboard/api/v1/instance', { method: 'PATCH', json: { session_max_lifetime_seconds: 3600 } });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { session_max_lifetime_seconds: number }).session_max_lifetime_seconds).toBe(3600);
    const audit = (await (await t.backendApi('/v1/instance/audit')).json()) as { actor: string }[];
    expect(audit[0]!.actor).toMatch(/^dashboard:dsess_/);
  });

  it('passes Backend API validation errors through unchanged [form_param_format_invalid]', async () => {
    const browser = await dashboardBrowser();
    const response = await browser.fetch('/dashboard/api/v1/instance', { method: 'PATCH', json: { session_max_lifetime_seconds: -5 } });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(await codeOf(response)).toMatch(/^(invalid_settings|form_param_format_invalid)$/);
  });

  it('reaches only Backend API endpoints, not Frontend API ones [resource_not_found]', async () => {
    const browser = await dashboardBrowser();
    const response = await browser.fetch('/dashboard/api/v1/client');
    expect(response.status).toBe(404);
    expect(await codeOf(response)).toBe('resource_not_found');
  });

  it('refuses a request without the dashboard cookie, even with the secret key as a bearer token [signed_out]', async () => {
    const response = await t.browser({ origin: own }).fetch('/dashboard/api/v1/users', { headers: { authorization: `Bearer ${t.secretKey}` } });
    expect(response.status).toBe(401);
    expect(await codeOf(response)).toBe('signed_out');
  });

  it('refuses a cookie-carrying request from an allowed app origin (CSRF) [origin_invalid]', async () => {
    const browser = await dashboardBrowser();
    const cookie = browser.jar.header();
    const app = t.browser({ origin: TEST_APP_ORIGIN });
    for (const [method, path] of [['GET', '/dashboard/api/v1/users'], ['POST', '/dashboard/api/v1/users/user_x/ban'], ['PATCH', '/dashboard/api/v1/instance']] as const) {
      const response = await app.fetch(path, { method, headers: { cookie, 'content-type': 'application/json' }, body: method === 'GET' ? undefined : '{}' });
      expect(response.status, `${method} ${path}`).toBe(403);
      expect(await codeOf(response)).toBe('origin_invalid');
    }
  });

  it('refuses a request with neither Origin nor Sec-Fetch-Site: same-origin [origin_invalid]', async () => {
    const browser = await dashboardBrowser();
    const headers = { cookie: browser.jar.header() };
    const bare = await t.browser({ origin: '' }).fetch('/dashboard/api/v1/users', { headers });
    expect(await codeOf(bare)).toBe('origin_invalid');
    const crossSite = await t.browser({ origin: '' }).fetch('/dashboard/api/v1/users', { headers: { ...headers, 'sec-fetch-site': 'same-site' } });
    expect(await codeOf(crossSite)).toBe('origin_invalid');
    const sameOrigin = await t.browser({ origin: '' }).fetch('/dashboard/api/v1/users', { headers: { ...headers, 'sec-fetch-site': 'same-origin' } });
    expect(sameOrigin.status).toBe(200);
  });

  it('refuses a body over the size limit with 413 [request_body_too_large]', async () => {
    const browser = await dashboardBrowser();
    const response = await browser.fetch('/dashboard/api/v1/users', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ first_name: 'x'.repeat(200_000) }),
    });
    expect(response.status).toBe(413);
    expect(await codeOf(response)).toBe('request_body_too_large');
  });
});

describe('dashboard files', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'latchkey-dashboard-assets-'));
    await mkdir(join(dir, 'assets'));
    await writeFile(join(dir, 'index.html'), '<!doctype html><title>Latchkey</title><script type="module" src="./assets/index-abc123.js"></script>');
    await writeFile(join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
    await writeFile(join(dir, 'assets', 'index-def456.css'), 'body{}');
    await writeFile(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    setDashboardAssetDir(dir);
  });
  afterAll(async () => {
    setDashboardAssetDir(undefined);
    await rm(dir, { recursive: true, force: true });
  });
  const get = (path: string, headers?: HeadersInit) => t.server.fetch(new Request(new URL(path, t.publicUrl), { headers }));

  it('redirects /dashboard to /dashboard/ with a relative location', async () => {
    const response = await get('/dashboard');
    expect(response.status).toBe(308);
    expect(new URL(response.headers.get('location')!, new URL('/dashboard', t.publicUrl)).pathname).toBe('/dashboard/');
  });

  it('serves the page as HTML, revalidated every load, with a strict CSP and no framing', async () => {
    const response = await get('/dashboard/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(await response.text()).toContain('<title>Latchkey</title>');
  });

  it('answers 304 when the ETag matches', async () => {
    const first = await get('/dashboard/');
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^".+"$/);
    const again = await get('/dashboard/', { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
  });

  it('serves hashed assets with their content type, immutable for a year, and other files revalidated', async () => {
    const js = await get('/dashboard/assets/index-abc123.js');
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(js.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await js.text()).toBe('console.log(1)');
    expect((await get('/dashboard/assets/index-def456.css')).headers.get('content-type')).toBe('text/css; charset=utf-8');
    const svg = await get('/dashboard/favicon.svg');
    expect(svg.headers.get('content-type')).toBe('image/svg+xml');
    expect(svg.headers.get('cache-control')).toBe('no-cache');
  });

  it('never serves a file outside the build, however the path is written [resource_not_found]', async () => {
    const attempts = [
      '/dashboard/..%2F..%2Fpackage.json',
      '/dashboard/%2e%2e/%2e%2e/package.json',
      '/dashboard/assets/..%2f..%2f..%2fsrc%2findex.ts',
      '/dashboard/assets/%2E%2E%5C%2E%2E%5Cpackage.json',
      '/dashboard/%00index.html',
      '/dashboard/%E0%A4%A',
      '/dashboard/assets/',
      '/dashboard/assets',
      '/dashboard//etc/passwd',
      `/dashboard/${encodeURIComponent(join(dir, 'index.html'))}`,
    ];
    for (const path of attempts) {
      const response = await get(path);
      const body = await response.text();
      expect(body, path).not.toContain('"name"');
      expect(body, path).not.toContain('import ');
      expect([400, 404], path).toContain(response.status);
    }
    const response = await get('/dashboard/..%2F..%2Fpackage.json');
    expect(await codeOf(response)).toBe('resource_not_found');
  });

  it('answers a helpful 404 page when the dashboard has not been built', async () => {
    setDashboardAssetDir(null);
    try {
      const response = await get('/dashboard/');
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await response.text()).toContain('npm run build -w @latchkey/dashboard');
    } finally {
      setDashboardAssetDir(dir);
      await dashboardAssets();
    }
  });
});
