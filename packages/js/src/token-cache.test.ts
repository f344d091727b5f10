// @vitest-environment node
// The page side is a happy-dom window per browser (see test-support/browser.ts);
// the server stays on Node's own fetch, Request and Response.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LatchkeyError } from './errors.js';
import { createHarness, iatOf, PASSWORD, type Harness } from './test-support/setup.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function signedIn() {
  h = await createHarness();
  const browser = h.browser();
  const tab = browser.openTab();
  await tab.load();
  await tab.signUp({ emailAddress: 'a@example.com', password: PASSWORD });
  await vi.waitFor(() => expect(h!.mints()).toBe(1));
  return { h, browser, tab };
}

describe('token cache: refresh timing (60 s tokens, injected clock)', () => {
  it('hands out the cached token until it is due, then refreshes it ahead of expiry (37.5 s with jitter 0.5)', async () => {
    const { h, tab } = await signedIn();
    const first = await tab.getToken();
    await h.clock.advance(30_000);
    expect(await tab.getToken()).toBe(first);
    await h.clock.advance(7_000);
    expect(h.mints()).toBe(1);
    await h.clock.advance(1_000);
    await vi.waitFor(() => expect(h.mints()).toBe(2));
    const second = await tab.getToken();
    expect(second).not.toBe(first);
    expect(iatOf(second)! - iatOf(first)!).toBe(37);
  });

  it('keeps refreshing on its own, once per cycle, for as long as the page is open', async () => {
    const { h } = await signedIn();
    for (let i = 0; i < 5; i++) await h.clock.advance(40_000);
    await vi.waitFor(() => expect(h.mints()).toBe(6));
  });

  it('spreads refreshes with jitter: random 0 refreshes at 40 s, random 1 at 35 s', async () => {
    h = await createHarness();
    const early = h.browser().openTab({ random: () => 0.999 });
    const late = h.browser().openTab({ random: () => 0 });
    await early.load();
    await late.load();
    await early.signUp({ emailAddress: 'a@example.com', password: PASSWORD });
    await late.signUp({ emailAddress: 'b@example.com', password: PASSWORD });
    await vi.waitFor(() => expect(h!.mints()).toBe(2));
    await h.clock.advance(35_010);
    await vi.waitFor(() => expect(h!.mints()).toBe(3));
    await h.clock.advance(4_980);
    expect(h.mints()).toBe(3);
    await h.clock.advance(20);
    await vi.waitFor(() => expect(h!.mints()).toBe(4));
  });

  it('never hands out an expired token: after a sleep past expiry the next getToken mints a fresh one', async () => {
    const { h, tab } = await signedIn();
    const before = await tab.getToken();
    h.clock.sleep(120_000);
    const after = await tab.getToken();
    expect(iatOf(after)! - iatOf(before)!).toBe(120);
    expect(h.mints()).toBe(2);
  });

  it('serves the still-valid token at once while the network is down, and refuses one with under 5 s left', async () => {
    const { h, browser, tab } = await signedIn();
    const token = await tab.getToken();
    browser.state.offline = true;
    h.clock.sleep(45_000);
    expect(await tab.getToken()).toBe(token);
    h.clock.sleep(11_000);
    const failing = tab.getToken();
    const assertion = expect(failing).rejects.toMatchObject({ code: 'network_error', status: 0 });
    await h.clock.advance(60_000);
    await assertion;
    await expect(failing).rejects.toBeInstanceOf(LatchkeyError);
  });

  it('retries with growing waits while offline (no tight loop) and recovers when the network is back', async () => {
    const { h, browser } = await signedIn();
    browser.state.offline = true;
    const before = browser.state.requests.length;
    await h.clock.advance(5 * 60_000);
    const attempts = browser.state.requests.length - before;
    expect(attempts).toBeGreaterThan(3);
    expect(attempts).toBeLessThan(40);
    browser.state.offline = false;
    await h.clock.advance(61_000);
    await vi.waitFor(() => expect(h.mints()).toBe(2));
  });

  it('shares one mint between many callers in one tab (single flight), also with skipCache', async () => {
    const { h, tab } = await signedIn();
    await h.clock.advance(1);
    const tokens = await Promise.all(Array.from({ length: 10 }, () => tab.getToken({ skipCache: true })));
    expect(new Set(tokens).size).toBe(1);
    expect(h.mints()).toBe(2);
  });

  it('mints a new token for skipCache even when the cached one is fresh', async () => {
    const { h, tab } = await signedIn();
    const cached = await tab.getToken();
    await h.clock.advance(1_000);
    const fresh = await tab.getToken({ skipCache: true });
    expect(fresh).not.toBe(cached);
    expect(iatOf(fresh)! - iatOf(cached)!).toBe(1);
  });

  it('follows shorter token lifetimes: a 30 s token refreshes about a third of its life before expiry', async () => {
    h = await createHarness({ settings: { sessionTokenTtlSeconds: 30 } });
    const tab = h.browser().openTab();
    await tab.load();
    await tab.signUp({ emailAddress: 'a@example.com', password: PASSWORD });
    await vi.waitFor(() => expect(h!.mints()).toBe(1));
    await h.clock.advance(18_500);
    expect(h.mints()).toBe(1);
    await h.clock.advance(500);
    await vi.waitFor(() => expect(h!.mints()).toBe(2));
  });

  it('returns null, not an error, when signed out', async () => {
    h = await createHarness();
    const tab = h.browser().openTab();
    await tab.load();
    expect(await tab.getToken()).toBeNull();
    expect(h.mints()).toBe(0);
  });
});
