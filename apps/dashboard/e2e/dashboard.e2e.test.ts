/**
 * The dashboard in real Chromium (Debian's /usr/bin/chromium through
 * playwright-core), served by a real Latchkey server on a 127.0.0.1 port:
 * sign in with the secret key, find a user, revoke one of their sessions and
 * see a verifier (@latchkey/backend's verifyToken with the revocation feed)
 * refuse that session's token, edit a JWT template and see the preview
 * change, change the session lifetime and see the next session's expire_at
 * follow. Screenshots of every page (desktop 1280×800 and phone width) go to
 * apps/dashboard/test-results/ (gitignored).
 */
import { mkdir, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyToken } from '@latchkey/backend';
import { createRevocationFeed, type RevocationFeed } from '@latchkey/backend/revocations';
import { createTestServer, TEST_APP_ORIGIN, type TestServer } from '@latchkey/testing';

const CHROMIUM = '/usr/bin/chromium';
const PASSWORD = 'correct horse battery staple';
const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';
const DESKTOP = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36';
const appDir = fileURLToPath(new URL('../', import.meta.url));
const distDir = fileURLToPath(new URL('../../../packages/server/dashboard-dist/', import.meta.url));
const artifacts = fileURLToPath(new URL('../test-results/', import.meta.url));

/** Newest modification time under a path (files only). */
async function newest(path: string): Promise<number> {
  const s = await stat(path).catch(() => null);
  if (!s) return 0;
  if (!s.isDirectory()) return s.mtimeMs;
  let max = 0;
  for (const name of await readdir(path)) max = Math.max(max, await newest(join(path, name)));
  return max;
}

/** The server serves packages/server/dashboard-dist: rebuild it when the sources are newer, so the test sees this code. */
async function ensureBuilt(): Promise<void> {
  const built = await newest(join(distDir, 'index.html'));
  const sources = Math.max(await newest(join(appDir, 'src')), await newest(join(appDir, 'index.html')), await newest(join(appDir, 'vite.config.ts')));
  if (built > sources) return;
  await build({ configFile: join(appDir, 'vite.config.ts'), logLevel: 'warn' });
}

let t: TestServer;
let context: BrowserContext;
let page: Page;
let workDir: string;
let feed: RevocationFeed;
let url: string;
/** A webhook receiver on its own 127.0.0.1 port. */
let receiver: { url: string; received: string[]; server: Server };

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'latchkey-dashboard-e2e-'));
  await mkdir(artifacts, { recursive: true });
  await ensureBuilt();
  const received: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => (received.push(body), res.writeHead(204).end()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver = { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received, server };
  t = await createTestServer({ listen: true, clock: false, webhooks: { pollIntervalMs: 100, retryBaseMs: 100 } });
  url = t.publicUrl;
  context = await chromium.launchPersistentContext(join(workDir, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1280, height: 800 },
  });
  page = context.pages()[0] ?? (await context.newPage());
}, 60_000);

afterAll(async () => {
  feed?.close();
  await context?.close();
  await t?.close();
  if (receiver) await new Promise<void>((resolve) => (receiver.server.closeAllConnections(), receiver.server.close(() => resolve())));
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

const shot = (name: string, p: Page = page) => p.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
const backendJson = async <T>(path: string, init?: RequestInit & { json?: unknown }) => {
  const response = await t.backendApi(path, init);
  expect(response.status, `${init?.method ?? 'GET'} ${path}`).toBe(200);
  return (await response.json()) as T;
};

describe('the admin dashboard in Chromium', () => {
  it('signs in, revokes a session a verifier then refuses, previews a template edit, and applies a new session lifetime', async () => {
    // Two users; Ada is signed in on a laptop and a phone.
    const laptop = t.browser({ origin: TEST_APP_ORIGIN, ip: '198.51.100.20', userAgent: DESKTOP });
    const phone = t.browser({ origin: TEST_APP_ORIGIN, ip: '203.0.113.9', userAgent: IPHONE });
    const { userId: adaId } = await laptop.signUp('ada@example.com', PASSWORD);
    const { sessionId: phoneSession } = await phone.signIn('ada@example.com', PASSWORD);
    await t.browser({ origin: TEST_APP_ORIGIN }).signUp('grace@example.com', PASSWORD);
    await backendJson(`/v1/users/${adaId}`, { method: 'PATCH', json: { public_metadata: { plan: 'pro' } } });
    const template = await backendJson<{ id: string }>('/v1/jwt_templates', { method: 'POST', json: { name: 'partner-api', claims: { email: '{{user.primary_email_address}}' } } });
    await backendJson('/v1/organizations', { method: 'POST', json: { name: 'Analytical Engines', slug: 'engines', created_by: adaId } });

    // Sign in with the keyboard only: the secret key field is the first stop.
    await page.goto(`${url}/dashboard`);
    expect(new URL(page.url()).pathname).toBe('/dashboard/');
    await page.getByLabel('Secret key').waitFor();
    await shot('01-sign-in');
    await page.keyboard.press('Tab');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('secret-key');
    await page.keyboard.type(t.secretKey);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    await expect.poll(() => page.getByTestId('stat-active-sessions').textContent()).toBe('3');
    await page.getByRole('img', { name: /Bar chart: 3 sign-ins/ }).waitFor();
    await shot('02-overview');
    // The secret key stays out of the browser: it holds only the HttpOnly dashboard cookie.
    const cookies = await context.cookies(`${url}/dashboard/`);
    expect(cookies.map((c) => c.name)).toEqual(['__latchkey_dashboard']);
    expect(cookies[0]).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/dashboard' });
    expect(JSON.stringify(await page.evaluate(() => ({ ...localStorage, ...sessionStorage })))).not.toContain(t.secretKey);

    // Find Ada.
    await page.getByRole('link', { name: 'Users' }).click();
    await page.getByRole('searchbox', { name: 'Search users' }).fill('ada');
    await expect.poll(() => page.locator('tbody tr').count()).toBe(1);
    await shot('03-users');
    await page.getByRole('link', { name: 'ada@example.com' }).click();
    await page.getByRole('heading', { name: 'ada@example.com' }).waitFor();
    await expect.poll(() => page.locator('tr[data-session-id]').count()).toBe(2);
    await shot('04-user-detail');

    // A verifier with the revocation feed accepts the phone's token…
    const token = await phone.getToken(phoneSession);
    feed = createRevocationFeed({ apiUrl: url, secretKey: t.secretKey });
    await feed.ready();
    const verifier = { secretKey: t.secretKey, apiUrl: url, authorizedParties: [TEST_APP_ORIGIN], revocations: feed };
    expect((await verifyToken(token, verifier)).sid).toBe(phoneSession);

    // …until the phone's session is revoked in the dashboard.
    await page.getByRole('button', { name: `Revoke session ${phoneSession}` }).click();
    await page.getByText(`Session ${phoneSession} revoked.`).waitFor();
    await expect.poll(() => page.locator('tr[data-session-id]').count()).toBe(1);
    await expect
      .poll(() => verifyToken(token, verifier).then(() => 'accepted', (e: { reason?: string }) => e.reason), { timeout: 5000 })
      .toBe('token-revoked');
    expect((await backendJson<{ status: string }>(`/v1/sessions/${phoneSession}`)).status).toBe('revoked');
    await page.getByLabel('Show ended sessions').check();
    await page.locator(`tr[data-session-id="${phoneSession}"] .badge-revoked`).waitFor();
    await shot('05-user-session-revoked');

    // Phone width: the same page still works.
    await page.setViewportSize({ width: 390, height: 844 });
    await shot('06-user-detail-phone');
    await page.setViewportSize({ width: 1280, height: 800 });

    // Edit a JWT template and see the preview follow.
    await page.getByRole('link', { name: 'JWT templates' }).click();
    await page.getByRole('link', { name: 'partner-api' }).click();
    await page.getByLabel('Find a user').fill('ada@example.com');
    await expect.poll(() => page.getByLabel('User', { exact: true }).inputValue()).toBe(adaId);
    const payload = page.getByTestId('preview-payload');
    await expect.poll(async () => JSON.parse((await payload.textContent()) ?? '{}').email).toBe('ada@example.com');
    expect(JSON.parse((await payload.textContent())!).plan).toBeUndefined();
    await shot('07-jwt-template');
    const claims = page.getByLabel('Claims (JSON with shortcodes)');
    await claims.fill(JSON.stringify({ email: '{{user.primary_email_address}}', plan: '{{user.public_metadata.plan}}', aud: 'partner' }, null, 2));
    await page.getByRole('button', { name: 'Save template' }).click();
    await expect.poll(async () => JSON.parse((await payload.textContent()) ?? '{}').plan).toBe('pro');
    expect(JSON.parse((await payload.textContent())!).aud).toBe('partner');
    await shot('08-jwt-template-edited');
    expect((await backendJson<{ claims: Record<string, string> }>(`/v1/jwt_templates/${template.id}`)).claims.plan).toBe('{{user.public_metadata.plan}}');

    // Change the session lifetime; the next session's expire_at follows.
    await page.getByRole('link', { name: 'Session settings' }).click();
    const lifetime = page.getByLabel('Maximum session lifetime');
    await expect.poll(() => lifetime.inputValue()).toBe('7d');
    // The CLI's rules: refused before anything is sent.
    await lifetime.fill('30s');
    await page.getByText('Maximum session lifetime must be between 1m and 3650d (got 30s)').waitFor();
    await lifetime.fill('2h');
    await page.getByRole('button', { name: 'Save 1 change' }).click();
    await page.getByText('Saved: session_max_lifetime_seconds.').waitFor();
    await page.getByRole('cell', { name: /^dashboard:dsess_/ }).first().waitFor();
    await shot('09-settings');
    expect((await backendJson<{ session_max_lifetime_seconds: number }>('/v1/instance')).session_max_lifetime_seconds).toBe(7200);

    const { sessionId: nextSession } = await t.browser({ origin: TEST_APP_ORIGIN, userAgent: DESKTOP }).signIn('ada@example.com', PASSWORD);
    const next = await backendJson<{ created_at: number; expire_at: number }>(`/v1/sessions/${nextSession}`);
    expect(next.expire_at - next.created_at).toBe(7200 * 1000);
    await page.goto(`${url}/dashboard/#/users/${adaId}`);
    const row = page.locator(`tr[data-session-id="${nextSession}"] [data-testid="expire-at"]`);
    await expect.poll(() => row.getAttribute('data-value')).toBe(String(next.expire_at));

    // The remaining pages render.
    await page.getByRole('link', { name: 'Organizations' }).click();
    await page.getByRole('link', { name: 'Analytical Engines' }).click();
    await page.getByRole('link', { name: 'ada@example.com' }).waitFor();
    await shot('10-organization');
    await page.getByRole('link', { name: 'Signing keys' }).click();
    await expect.poll(() => page.locator('tbody tr').count()).toBe(1);
    await page.getByLabel('Algorithm').selectOption('ES256');
    await page.getByRole('button', { name: 'Rotate (after the publish delay)' }).click();
    await page.getByText(/is published and starts signing at/).waitFor();
    await expect.poll(() => page.locator('tbody tr').count()).toBe(2);
    await page.getByRole('cell', { name: 'ES256' }).waitFor();
    await shot('11-signing-keys');
    const keys = await backendJson<{ algorithm: string }[]>('/v1/signing_keys');
    expect(keys.map((k) => k.algorithm).sort()).toEqual(['ES256', 'RS256']);

    // A webhook endpoint added in the dashboard, and its delivery attempts.
    await page.getByRole('link', { name: 'Webhooks' }).click();
    await page.getByText('No webhook endpoints yet.').waitFor();
    await page.getByText('New endpoint').click();
    await page.getByLabel('URL').fill(`${receiver.url}/hooks`);
    await page.getByLabel('Description (optional)').fill('Local receiver');
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    await page.getByText(/Signing secret \(verify deliveries with it\): whsec_/).waitFor();
    await page.getByRole('link', { name: `${receiver.url}/hooks` }).click();
    await page.getByText('No delivery attempts yet.').waitFor();
    await t.browser({ origin: TEST_APP_ORIGIN }).signUp('ada.lovelace@example.com', PASSWORD);
    await expect
      .poll(async () => (await page.getByRole('button', { name: 'Refresh' }).click(), page.locator('.badge-delivered').count()), { timeout: 10_000, interval: 300 })
      .toBeGreaterThan(0);
    expect(receiver.received.length).toBeGreaterThan(0);
    await shot('12-webhooks');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('link', { name: 'Overview' }).click();
    await page.getByRole('img', { name: /Bar chart/ }).waitFor();
    await shot('13-overview-phone');

    // Error and empty states.
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${url}/dashboard/#/users/user_doesnotexist`);
    await page.getByRole('alert').filter({ hasText: 'resource_not_found' }).waitFor();
    await shot('14-error-state');
    await page.goto(`${url}/dashboard/#/users?query=nobody-here`);
    await page.getByText('No user matches “nobody-here”.').waitFor();

    // Signing out forgets the dashboard sign-in: the next load asks for the key again.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Secret key').waitFor();
    await page.reload();
    await page.getByLabel('Secret key').waitFor();
  });
});
