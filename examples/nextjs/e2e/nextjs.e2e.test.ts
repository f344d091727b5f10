/**
 * The seeds' Next.js app in real Chromium (Debian's, via playwright-core)
 * against `next build && next start`: once with the auth server embedded
 * (app/api/latchkey/[...path]), once against a standalone server
 * (LATCHKEY_API_URL set). Screenshots: examples/nextjs/e2e/artifacts/.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLatchkeyServer, type LatchkeyServer } from '@latchkey/server';
import { createNodeListener, listen, type ListeningServer } from '@latchkey/server/node';
import { createTestSecretKey } from '@latchkey/testing';
import { buildOnce, freePort, startApp, type RunningApp } from './harness.js';

const CHROMIUM = '/usr/bin/chromium';
const PASSWORD = 'correct horse battery staple';
const artifacts = fileURLToPath(new URL('./artifacts/', import.meta.url));
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

beforeAll(async () => {
  await mkdir(artifacts, { recursive: true });
  const build = await buildOnce();
  console.log(`next build: ${build.skipped ? 'cached' : 'built'} in ${(build.ms / 1000).toFixed(1)} s`);
}, 240_000);

for (const mode of ['embedded', 'standalone'] as const) {
  describe(`examples/nextjs [${mode}]`, () => {
    let workDir: string;
    let app: RunningApp;
    let standalone: { server: LatchkeyServer; http: ListeningServer } | null = null;
    let apiBase: string;
    let secretKey: string;
    const contexts: BrowserContext[] = [];
    const ids: Record<string, { userId: string; sessionId: string }> = {};
    let expiringCookies: { name: string; value: string }[] = [];

    const shot = (page: Page, name: string) => page.screenshot({ path: join(artifacts, `${mode}-${name}.png`), fullPage: true });
    const backend = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(`${apiBase}/v1${path}`, {
        method,
        headers: { authorization: `Bearer ${secretKey}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      const json = (await response.json()) as any;
      if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
      return json;
    };
    const newContext = async (name: string) => {
      const context = await chromium.launchPersistentContext(join(workDir, `profile-${name}`), {
        executablePath: CHROMIUM,
        headless: true,
        args: ARGS,
        viewport: { width: 1000, height: 750 },
      });
      contexts.push(context);
      return context.pages()[0] ?? (await context.newPage());
    };
    const fillCredentials = async (page: Page, email: string) => {
      await page.locator('input[name=email]').fill(email);
      await page.locator('input[name=password]').fill(PASSWORD);
      await page.locator('button[type=submit]').click();
      const error = page.locator('.lk-error');
      await Promise.race([page.waitForURL((u) => !/\/sign-(in|up)/.test(u.pathname), { timeout: 15_000 }).catch(() => {}), error.waitFor({ timeout: 15_000 }).catch(() => {})]);
      if (await error.count()) {
        await shot(page, `form-error-${email}`);
        throw new Error(`sign-in/up form error for ${email}: ${await error.first().textContent()}`);
      }
    };
    const path = (page: Page) => new URL(page.url()).pathname;
    const whoAmI = async (page: Page) => {
      await page.goto(`${app.url}/dashboard`);
      return { userId: await page.getByTestId('user-id').textContent(), sessionId: await page.getByTestId('session-id').textContent() };
    };

    beforeAll(async () => {
      workDir = await mkdtemp(join(tmpdir(), `latchkey-next-${mode}-`));
      secretKey = createTestSecretKey();
      const appPort = await freePort();
      const appOrigin = `http://localhost:${appPort}`;
      const env: Record<string, string> = { MAX_TOKEN_AGE_SECONDS: '3' };
      if (mode === 'embedded') {
        Object.assign(env, { LATCHKEY_PUBLIC_URL: appOrigin, LATCHKEY_DATABASE_URL: `sqlite:${join(workDir, 'latchkey.db')}`, LATCHKEY_SECRET_KEY: secretKey });
        apiBase = `${appOrigin}/api/latchkey`;
      } else {
        const port = await freePort();
        const server = createLatchkeyServer({
          secretKey,
          publicUrl: `http://localhost:${port}`,
          allowedOrigins: [appOrigin],
          databaseUrl: `sqlite:${join(workDir, 'standalone.db')}`,
          logger: { info() {}, warn() {}, error() {} },
        });
        await server.ready();
        standalone = { server, http: await listen(createNodeListener(server), { port, host: '127.0.0.1' }) };
        apiBase = `http://localhost:${port}`;
        Object.assign(env, { LATCHKEY_API_URL: apiBase, LATCHKEY_SECRET_KEY: secretKey, LATCHKEY_PUBLISHABLE_KEY: server.publishableKeys.live });
      }
      app = await startApp(appPort, env);
      // Short-lived session tokens, so that one saved at the start has expired by the last test.
      await backend('PATCH', '/instance', { session_token_ttl_seconds: 30 });
    }, 60_000);

    afterAll(async () => {
      if (process.env.LATCHKEY_E2E_LOGS) console.log(app?.logs());
      for (const context of contexts) await context.close().catch(() => {});
      await app?.stop();
      if (standalone) {
        await standalone.http.close();
        await standalone.server.close();
      }
      if (workDir) await rm(workDir, { recursive: true, force: true });
    });

    it('sends a signed-out visitor to /sign-in, and back to the page they wanted after sign-up', async () => {
      const page = await newContext('ada');
      await page.goto(`${app.url}/dashboard`);
      expect(path(page)).toBe('/sign-in');
      expect(new URL(page.url()).searchParams.get('redirect_url')).toBe(`${app.url}/dashboard`);
      await shot(page, 'sign-in');
      await page.getByRole('link', { name: 'Sign up' }).last().click();
      await page.waitForURL(/\/sign-up/);
      await shot(page, 'sign-up');
      await fillCredentials(page, 'ada@example.com');
      await page.waitForURL(`${app.url}/dashboard`);
      await expect.poll(() => page.getByTestId('email').textContent()).toBe('ada@example.com');
      ids.ada = (await whoAmI(page)) as { userId: string; sessionId: string };
      expect(ids.ada.userId).toMatch(/^user_/);
      await shot(page, 'dashboard');

      const grace = await newContext('grace');
      await grace.goto(`${app.url}/sign-up?redirect_url=/dashboard`);
      await fillCredentials(grace, 'grace@example.com');
      await grace.waitForURL(`${app.url}/dashboard`);
      ids.grace = (await whoAmI(grace)) as { userId: string; sessionId: string };
      // Saved now, expired by the last test: the page-load refresh check.
      expiringCookies = (await grace.context().cookies(app.url)).filter((c) => ['__session', '__client_uat', '__client'].includes(c.name));
      expect(expiringCookies.map((c) => c.name).sort()).toEqual(['__client', '__client_uat', '__session']);
    });

    it('signs in on /sign-in and returns to the original page (redirect_url)', async () => {
      const page = await newContext('ada-laptop');
      await page.goto(`${app.url}/token`);
      expect(path(page)).toBe('/sign-in');
      await fillCredentials(page, 'ada@example.com');
      await page.waitForURL(`${app.url}/token`);
      await page.getByRole('button', { name: 'Call /api/protected' }).waitFor();
    });

    it('shows the session manager: id, created, last active, expires', async () => {
      const page = contexts[0]!.pages()[0]!;
      await page.goto(`${app.url}/sessions`);
      await expect.poll(() => page.getByTestId('session-id').textContent()).toBe(ids.ada!.sessionId);
      for (const field of ['session-created', 'session-last-active', 'session-expires']) {
        expect(await page.getByTestId(field).textContent()).toMatch(/\d/);
      }
      await shot(page, 'session-manager');
    });

    it('calls /api/protected with fetchWithAuth and shows a JWT-template token', async () => {
      await backend('POST', '/jwt_templates', { name: 'example', claims: { uid: '{{user.id}}', kind: 'example' } });
      const page = contexts[0]!.pages()[0]!;
      await page.goto(`${app.url}/token`);
      await page.getByRole('button', { name: 'Call /api/protected' }).click();
      await expect.poll(async () => JSON.parse((await page.getByTestId('api-result').textContent()) ?? 'null')?.status).toBe(200);
      const api = JSON.parse((await page.getByTestId('api-result').textContent())!).body;
      expect(api).toMatchObject({ userId: ids.ada!.userId, sessionId: ids.ada!.sessionId, email: 'ada@example.com', xUserId: ids.ada!.userId });
      expect(api).toHaveProperty('role');
      await page.getByRole('button', { name: /template token/ }).click();
      await expect.poll(async () => JSON.parse((await page.getByTestId('template-result').textContent()) ?? 'null')?.body?.uid).toBe(ids.ada!.userId);
      await shot(page, 'token-helper');
    });

    it('refuses a session token older than the route allows (freshness from iat) with 401 token_too_old', async () => {
      const { jwt } = await backend('POST', `/sessions/${ids.ada!.sessionId}/tokens`);
      const call = (token: string) => fetch(`${app.url}/api/protected`, { headers: { authorization: `Bearer ${token}` } });
      expect((await call(jwt)).status).toBe(200);
      await new Promise((r) => setTimeout(r, 4_100));
      const stale = await call(jwt);
      expect(stale.status).toBe(401);
      expect(((await stale.json()) as any).errors[0].code).toBe('token_too_old');
      const fresh = await backend('POST', `/sessions/${ids.ada!.sessionId}/tokens`);
      expect((await call(fresh.jwt)).status).toBe(200);
      expect((await fetch(`${app.url}/api/protected`)).status).toBe(401);
    });

    it('rate-limits /api/rate-limited to 10 requests per 10 s per user: the 11th gets 429', async () => {
      const page = contexts[0]!.pages()[0]!;
      await page.goto(`${app.url}/sessions`);
      const statuses = await page.evaluate(async () => {
        const out: { status: number; retryAfter: string | null }[] = [];
        for (let i = 0; i < 11; i++) {
          const response = await fetch('/api/rate-limited');
          out.push({ status: response.status, retryAfter: response.headers.get('retry-after') });
        }
        return out;
      });
      expect(statuses.slice(0, 10).map((s) => s.status)).toEqual(Array(10).fill(200));
      expect(statuses[10]!.status).toBe(429);
      expect(Number(statuses[10]!.retryAfter)).toBeGreaterThan(0);
    });

    it('denies /admin to an org member (to /unauthorized) and allows an org:admin; permission-gated UI follows has()', async () => {
      const page = contexts[1]!.pages()[0]!;

      await backend('POST', '/organization_permissions', { key: 'org:data:write', name: 'Write data' });
      await backend('POST', '/organization_roles', { key: 'org:writer', name: 'Writer', permissions: ['org:data:write'] });
      const org = await backend('POST', '/organizations', { name: 'Acme', slug: 'acme' });
      await backend('POST', `/organizations/${org.id}/memberships`, { user_id: ids.ada!.userId, role: 'org:admin' });
      await backend('POST', `/organizations/${org.id}/memberships`, { user_id: ids.grace!.userId, role: 'org:writer' });

      const activate = async (p: Page) => {
        await p.goto(`${app.url}/dashboard`);
        await Promise.all([p.waitForEvent('load'), p.getByTestId(`activate-${org.id}`).click()]);
        await expect.poll(() => p.getByTestId('org-switcher').textContent()).toContain('active');
      };
      await activate(page);
      await page.goto(`${app.url}/admin`);
      expect(path(page)).toBe('/unauthorized');
      await shot(page, 'unauthorized');
      await page.goto(`${app.url}/permissions`);
      await page.getByTestId('write-button').waitFor();
      await shot(page, 'permissions-writer');

      const admin = contexts[0]!.pages()[0]!;
      await activate(admin);
      await admin.goto(`${app.url}/admin`);
      expect(path(admin)).toBe('/admin');
      expect(await admin.getByTestId('admin-title').textContent()).toBe('Admin');
      await shot(admin, 'admin');
      await admin.goto(`${app.url}/permissions`);
      await admin.getByTestId('read-only').waitFor();
      await shot(admin, 'permissions-admin');
    });

    it('switches between two accounts and revokes one in the session list, the current one marked', async () => {
      const page = contexts[0]!.pages()[0]!;
      await page.goto(`${app.url}/sign-in?redirect_url=/session-list`);
      await fillCredentials(page, 'grace@example.com');
      await page.waitForURL(`${app.url}/session-list`);
      const rows = page.getByTestId('session-list').locator('li');
      await expect.poll(() => rows.count()).toBe(2);
      await expect.poll(() => page.locator('li[data-current="true"]').textContent()).toContain('grace@example.com');
      await shot(page, 'session-list');
      await Promise.all([page.waitForEvent('load'), page.locator('li[data-current="false"]').getByRole('button', { name: 'Switch' }).click()]);
      await expect.poll(() => page.locator('li[data-current="true"]').textContent()).toContain('ada@example.com');
      expect((await whoAmI(page)).userId).toBe(ids.ada!.userId);
      await page.goto(`${app.url}/session-list`);
      await Promise.all([page.waitForEvent('load'), page.locator('li[data-current="false"]').getByRole('button', { name: 'Revoke' }).click()]);
      await expect.poll(() => rows.count()).toBe(1);
      await expect.poll(() => page.locator('li[data-current="true"]').textContent()).toContain('ada@example.com');
    });

    it('signs a second browser out when "Sign out all devices" is pressed', async () => {
      const laptop = contexts[2]!.pages()[0]!;
      await laptop.goto(`${app.url}/dashboard`);
      expect(path(laptop)).toBe('/dashboard');
      const page = contexts[0]!.pages()[0]!;
      await page.goto(`${app.url}/sessions`);
      await page.getByRole('button', { name: 'Sign out all devices' }).click();
      await page.waitForURL(`${app.url}/`);
      await expect.poll(
        async () => {
          await laptop.goto(`${app.url}/dashboard`);
          return path(laptop);
        },
        { timeout: 10_000 },
      ).toBe('/sign-in');
      await shot(laptop, 'signed-out-everywhere');
    });

    it('refreshes an expired session token on page load with no visible redirect', async () => {
      const session = expiringCookies.find((c) => c.name === '__session')!;
      const exp = JSON.parse(Buffer.from(session.value.split('.')[1]!, 'base64url').toString()).exp as number;
      const wait = exp * 1000 + 6_000 - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      // A browser holding grace's cookies as saved earlier: her session is active, its token has expired.
      const page = await newContext('refresh');
      await page.context().addCookies(expiringCookies.map((c) => ({ name: c.name, value: c.value, url: app.url })));
      const response = await page.goto(`${app.url}/dashboard`);
      expect(response!.status()).toBe(200);
      expect(response!.request().redirectedFrom()).toBeNull();
      expect(path(page)).toBe('/dashboard');
      expect(await page.getByTestId('email').textContent()).toBe('grace@example.com');
      const refreshed = (await page.context().cookies(app.url)).find((c) => c.name === '__session')!;
      expect(refreshed.value).not.toBe(session.value);
      await shot(page, 'refreshed-on-load');
    });
  });
}
