/**
 * The browser test: a Vite + React page using <LatchkeyProvider>, served on
 * 127.0.0.1, talking to a real Latchkey server on another 127.0.0.1 port
 * (same host, so both share cookies), in real Chromium (Debian's, driven by
 * playwright-core). Screenshots go to packages/react/test-results/.
 */
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeListener } from '@latchkey/server/node';
import { createTestServer, type TestServer } from '@latchkey/testing';
import { buildDemoApp } from './build-demo-app.js';

const CHROMIUM = '/usr/bin/chromium';
const PASSWORD = 'correct horse battery staple';
const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';
const artifacts = fileURLToPath(new URL('../test-results/', import.meta.url));

const listenOn = (server: Server) =>
  new Promise<string>((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
const closeServer = (server: Server) => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve())));

let t: TestServer;
let api: Server;
let app: Server;
let appUrl: string;
let context: BrowserContext;
let workDir: string;
let mints = 0;
/** Mints per session id, so a late refresh of another session cannot blur a count. */
const mintsBySession = new Map<string, number>();

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'latchkey-e2e-'));
  await mkdir(artifacts, { recursive: true });
  const dist = join(workDir, 'dist');
  const building = buildDemoApp(dist);

  // The auth server: listen first to learn the port its public URL (and publishable key) must name.
  let handler: ReturnType<typeof createNodeListener> | null = null;
  api = createServer((req, res) => {
    const mint = req.method === 'POST' ? /^\/v1\/client\/sessions\/([^/]+)\/tokens(\/|$)/.exec(req.url ?? '') : null;
    if (mint) {
      mints++;
      mintsBySession.set(mint[1]!, (mintsBySession.get(mint[1]!) ?? 0) + 1);
    }
    if (handler) handler(req, res);
    else res.writeHead(503).end();
  });
  const apiUrl = await listenOn(api);

  app = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const file = join(dist, path === '/' ? 'index.html' : path.replace(/\.\./g, ''));
    try {
      let body: Buffer | string = await readFile(file);
      if (file.endsWith('index.html')) {
        body = body.toString().replace('<!--latchkey-config-->', `<script>window.__LATCHKEY_PUBLISHABLE_KEY__=${JSON.stringify(t.publishableKey)}</script>`);
      }
      const type = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' }[extname(file)] ?? 'application/octet-stream';
      res.writeHead(200, { 'content-type': type }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  appUrl = await listenOn(app);
  t = await createTestServer({ publicUrl: apiUrl, clock: false, allowedOrigins: [appUrl] });
  handler = createNodeListener(t.server);
  await building;

  context = await chromium.launchPersistentContext(join(workDir, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 900, height: 700 },
  });
}, 60_000);

afterAll(async () => {
  await context?.close();
  if (app) await closeServer(app);
  if (api) await closeServer(api);
  await t?.close();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

const who = (page: Page) => page.getByTestId('who');
const org = (page: Page) => page.getByTestId('org');
const sessionClaims = async () => {
  const value = (await context.cookies(appUrl)).find((c) => c.name === '__session')?.value;
  return value ? (JSON.parse(Buffer.from(value.split('.')[1]!, 'base64url').toString()) as Record<string, any>) : null;
};
async function backendApi(path: string, method: string, json: unknown): Promise<Record<string, any>> {
  const response = await t.backendApi(path, { method, json });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as Record<string, any>;
}
const shot = (page: Page, name: string) => page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
async function signInWith(page: Page, formName: string, email: string) {
  const form = page.getByRole('form', { name: formName });
  await form.getByLabel('Email address').fill(email);
  await form.getByLabel('Password').fill(PASSWORD);
  await form.getByRole('button', { name: 'Sign in' }).click();
}
const sessionIdOf = (page: Page, email: string) =>
  page.evaluate((e) => (window as any).latchkey.getState().sessions.find((s: any) => s.user.primaryEmailAddress === e)?.id as string, email);

describe('React in Chromium', () => {
  it('signs in, follows sign-in/switch/sign-out across tabs, revokes a device, and mints once for two tabs', async () => {
    const phone = t.browser({ origin: appUrl, ip: '203.0.113.9', userAgent: IPHONE });
    const { sessionId: phoneSession, userId: alice } = await phone.signUp('alice@example.com', PASSWORD);
    await t.browser({ origin: appUrl }).signUp('bob@example.com', PASSWORD);
    // Alice is admin of Acme Rockets and a member of Globex.
    const acme = await backendApi('/v1/organizations', 'POST', { name: 'Acme Rockets', created_by: alice });
    const globex = await backendApi('/v1/organizations', 'POST', { name: 'Globex' });
    await backendApi(`/v1/organizations/${globex.id}/memberships`, 'POST', { user_id: alice, role: 'org:member' });

    // Sign in in tab one.
    const one = context.pages()[0] ?? (await context.newPage());
    await one.goto(appUrl);
    await signInWith(one, 'Sign in', 'alice@example.com');
    await expect.poll(() => who(one).textContent()).toBe('Signed in as alice@example.com');
    await shot(one, '01-signed-in');
    const cookies = await context.cookies(appUrl);
    expect(cookies.find((c) => c.name === '__session')?.value).toMatch(/^ey/);

    // A second tab is signed in too, reusing tab one's token (no mint).
    const mintsBeforeTwo = mints;
    const two = await context.newPage();
    await two.goto(appUrl);
    await expect.poll(() => who(two).textContent()).toBe('Signed in as alice@example.com');
    expect(mints).toBe(mintsBeforeTwo);

    // Revoke the phone from <SessionList/>.
    await expect.poll(() => one.locator('.lk-session-item').count()).toBe(2);
    await shot(one, '02-session-list-two-devices');
    await one.getByRole('button', { name: /^Sign out Mobile Safari/ }).click();
    await expect.poll(() => one.locator('.lk-session-item').count()).toBe(1);
    expect((await phone.fetch(`/v1/client/sessions/${phoneSession}/tokens`, { method: 'POST' })).status).toBe(401);
    await shot(one, '03-session-list-phone-revoked');

    // Add a second account in tab one: both tabs switch to it; switch back from the menu.
    await one.getByRole('button', { name: /^Account menu for/ }).click();
    await one.getByRole('menuitem', { name: 'Add account' }).click();
    await signInWith(one, 'Add an account', 'bob@example.com');
    await expect.poll(() => who(one).textContent()).toBe('Signed in as bob@example.com');
    await expect.poll(() => who(two).textContent()).toBe('Signed in as bob@example.com');
    await one.getByRole('button', { name: 'Account menu for bob@example.com' }).click();
    await shot(one, '04-account-menu-two-accounts');
    await one.getByRole('menuitem', { name: 'Switch to alice@example.com' }).click();
    await expect.poll(() => who(one).textContent()).toBe('Signed in as alice@example.com');
    await expect.poll(() => who(two).textContent()).toBe('Signed in as alice@example.com');
    const aliceSession = await sessionIdOf(one, 'alice@example.com');
    await expect.poll(async () => (await sessionClaims())?.sid).toBe(aliceSession);

    // Switch Alice to Acme Rockets from <OrganizationSwitcher/>: the token's o claim, has() and the other tab follow.
    await expect.poll(() => org(one).textContent()).toBe('Working in your personal account');
    await one.getByRole('button', { name: 'Organization: Personal account. Switch organization' }).click();
    await expect.poll(() => one.getByRole('menuitemradio').count()).toBe(3);
    expect(await one.getByRole('menuitemradio', { name: 'Personal account' }).getAttribute('aria-checked')).toBe('true');
    await shot(one, '05-organization-switcher-open');
    await one.getByRole('menuitemradio', { name: /Acme Rockets/ }).click();
    await expect.poll(() => org(one).textContent()).toBe('Working in Acme Rockets as org:admin (admin tools)');
    await expect.poll(() => org(two).textContent()).toBe('Working in Acme Rockets as org:admin (admin tools)');
    await expect.poll(async () => (await sessionClaims())?.o).toMatchObject({ id: acme.id, rol: 'admin', slg: 'acme-rockets' });
    expect(await one.evaluate(() => (window as any).latchkey.has({ role: 'org:admin' }))).toBe(true);
    await one.getByRole('button', { name: 'Organization: Acme Rockets. Switch organization' }).click();
    await shot(one, '06-organization-switcher-acme-active');
    await one.getByRole('menuitemradio', { name: /Globex/ }).click();
    await expect.poll(() => org(two).textContent()).toBe('Working in Globex as org:member');
    expect(await two.evaluate(() => (window as any).latchkey.has({ role: 'org:admin' }))).toBe(false);
    await expect.poll(async () => (await sessionClaims())?.o?.id).toBe(globex.id);

    // Two tabs asking for a token at the same moment: one mint on the server.
    // Bob's session is not the active one; forget every cached token first.
    await one.evaluate(() => localStorage.clear());
    await Promise.all([one.reload(), two.reload()]);
    await expect.poll(() => who(one).textContent()).toBe('Signed in as alice@example.com');
    await expect.poll(() => who(two).textContent()).toBe('Signed in as alice@example.com');
    const bobSession = await sessionIdOf(one, 'bob@example.com');
    const before = mintsBySession.get(bobSession) ?? 0;
    const ask = (page: Page) => page.evaluate((id) => (window as any).latchkey.getToken({ sessionId: id }) as Promise<string>, bobSession);
    const [a, b] = await Promise.all([ask(one), ask(two)]);
    expect(a).toBe(b);
    expect(JSON.parse(atob(a.split('.')[1]!)).sid).toBe(bobSession);
    expect((mintsBySession.get(bobSession) ?? 0) - before).toBe(1);

    // Sign out of everything in tab two: tab one follows without a reload.
    await two.getByRole('button', { name: /^Account menu for/ }).click();
    await two.getByRole('menuitem', { name: 'Sign out of all accounts' }).click();
    await expect.poll(() => one.getByRole('form', { name: 'Sign in' }).isVisible()).toBe(true);
    await expect.poll(() => who(one).count()).toBe(0);
    await shot(one, '07-tab-one-followed-sign-out');
    await shot(two, '08-tab-two-signed-out');
    const after = await context.cookies(appUrl);
    expect(after.find((c) => c.name === '__session')?.value ?? '').toBe('');
    expect(after.find((c) => c.name === '__client_uat')?.value).toBe('0');
  });
});
