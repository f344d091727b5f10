import { createTestServer, type TestServer } from '@latchkey/testing';
import { decodeJwt } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { PASSWORD } from '../test-support/verify-token.js';

let t: TestServer;
afterEach(async () => {
  await t?.close();
});

const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});

describe('hosted pages', () => {
  it('renders the sign-in form with the redirect kept, escaped, and no framing allowed', async () => {
    t = await createTestServer();
    const page = await t.browser().fetch('/sign-in?redirect_url=' + encodeURIComponent('http://localhost:3000/dashboard?a=1&b="x"'));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    const html = await page.text();
    const action = /<form method="post" action="([^"]*)"/.exec(html)![1]!;
    expect(new URL(action.replaceAll('&amp;', '&'), t.publicUrl).searchParams.get('redirect_url')).toBe('http://localhost:3000/dashboard?a=1&b=%22x%22');
    expect(html).not.toContain('"x"');
  });

  it('signs in through the form and lands on the allowed redirect_url with fresh cookies', async () => {
    t = await createTestServer();
    const { userId } = await t.browser().signUp('ada@example.com', PASSWORD);
    const browser = t.browser({ origin: t.publicUrl });
    const target = 'http://localhost:3000/dashboard';
    const response = await browser.fetch(`/sign-in?redirect_url=${encodeURIComponent(target)}`, form({ email_address: 'ada@example.com', password: PASSWORD }));
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(target);
    expect(browser.jar.get('__client')).toMatch(/^client_/);
    expect(Number(browser.jar.get('__client_uat'))).toBeGreaterThan(0);
    expect(decodeJwt(browser.jar.get('__session')!)).toMatchObject({ sub: userId, azp: 'http://localhost:3000' });
  });

  it('shows the error in the form on a wrong password, with the e-mail kept', async () => {
    t = await createTestServer();
    await t.browser().signUp('ada@example.com', PASSWORD);
    const response = await t.browser({ origin: t.publicUrl }).fetch('/sign-in', form({ email_address: 'ada@example.com', password: 'wrong one' }));
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toContain('role="alert"');
    expect(html).toContain('value="ada@example.com"');
  });

  it('refuses a redirect_url on an origin that is not allowed (no open redirect)', async () => {
    t = await createTestServer();
    await t.browser().signUp('ada@example.com', PASSWORD);
    for (const target of ['https://evil.example/phish', '//evil.example/x', 'javascript:alert(1)']) {
      const page = await t.browser().fetch(`/sign-in?redirect_url=${encodeURIComponent(target)}`);
      expect(page.status).toBe(400);
      expect((await page.json()).errors[0].code).toBe('redirect_url_invalid');
      const post = await t.browser({ origin: t.publicUrl }).fetch(`/sign-in?redirect_url=${encodeURIComponent(target)}`, form({ email_address: 'ada@example.com', password: PASSWORD }));
      expect(post.status).toBe(400);
      expect(post.headers.get('location')).toBeNull();
    }
  });

  it('refuses a form post from another origin (login CSRF)', async () => {
    t = await createTestServer();
    await t.browser().signUp('ada@example.com', PASSWORD);
    const response = await t.browser({ origin: 'https://evil.example' }).fetch('/sign-in', form({ email_address: 'ada@example.com', password: PASSWORD }));
    expect(response.status).toBe(403);
  });

  it('signs up through the form, then the account page shows who is signed in and signs out', async () => {
    t = await createTestServer();
    const browser = t.browser({ origin: t.publicUrl });
    const response = await browser.fetch('/sign-up', form({ email_address: 'new@example.com', password: PASSWORD }));
    expect([response.status, response.headers.get('location')]).toEqual([303, '/']);
    const account = await browser.fetch('/');
    expect(await account.text()).toContain('new@example.com');
    const out = await browser.fetch('/sign-out', { method: 'POST' });
    expect([out.status, out.headers.get('location')]).toEqual([303, '/sign-in']);
    expect(browser.jar.get('__client_uat')).toBe('0');
    expect((await browser.fetch('/')).headers.get('location')).toBe('/sign-in');
  });
});
