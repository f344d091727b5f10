// @vitest-environment node
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LatchkeyEventMap } from './events.js';
import { createHarness, PASSWORD, sidOf, type Harness } from './test-support/setup.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function twoTabs(withLocks = true) {
  h = await createHarness();
  const browser = h.browser({ withLocks });
  const one = browser.openTab();
  const two = browser.openTab();
  await one.load();
  await two.load();
  return { h, browser, one, two };
}

describe.each([
  ['Web Locks', true],
  ['the localStorage lease (no Web Locks)', false],
])('tabs of one browser, coordinated by %s', (_name, withLocks) => {
  it('two tabs asking for a token at the same moment cause one mint on the server', async () => {
    const { h, one, two } = await twoTabs(withLocks);
    const alice = await one.signUp({ emailAddress: 'a@example.com', password: PASSWORD });
    await vi.waitFor(() => expect(two.getState().session?.id).toBe(alice.id));
    await vi.waitFor(() => expect(h.mints()).toBe(1));
    // A second account signs in; its token is not cached anywhere yet.
    const bob = await one.signUp({ emailAddress: 'b@example.com', password: PASSWORD });
    await vi.waitFor(() => expect(h.mints()).toBe(2));
    const before = h.mints();
    const [a, b] = await Promise.all([one.getToken({ sessionId: alice.id, template: undefined }), two.getToken({ sessionId: alice.id })]);
    expect(a).toBe(b);
    expect(sidOf(a)).toBe(alice.id);
    expect(h.mints() - before).toBe(0); // alice's token from the first sign-in is still fresh: shared, not minted
    await h.clock.advance(1);
    const [c, d] = await Promise.all([one.getToken({ skipCache: true }), two.getToken({ skipCache: true })]);
    expect(c).toBe(d);
    expect(sidOf(c)).toBe(bob.id);
    expect(h.mints() - before).toBe(1);
  });

  it('the proactive refresh of the active session happens in one tab and the other reuses its token', async () => {
    const { h, one, two } = await twoTabs(withLocks);
    await one.signUp({ emailAddress: 'a@example.com', password: PASSWORD });
    await vi.waitFor(() => expect(h.mints()).toBe(1));
    expect(await two.getToken()).toBe(await one.getToken());
    await h.clock.advance(40_000);
    await vi.waitFor(() => expect(h.mints()).toBe(2));
    expect(await two.getToken()).toBe(await one.getToken());
    expect(h.mints()).toBe(2);
  });
});

describe('tabs without any coordination', () => {
  it('each mint on their own (the counter sees both: the control for the tests above)', async () => {
    h = await createHarness();
    const browser = h.browser({ withLocks: false });
    const one = browser.openTab({ storage: null, BroadcastChannel: null });
    const two = browser.openTab({ storage: null, BroadcastChannel: null });
    await one.load();
    await two.load();
    await one.signUp({ emailAddress: 'a@example.com', password: PASSWORD });
    await two.reload();
    await vi.waitFor(() => expect(h!.mints()).toBe(2));
    await h.clock.advance(1);
    await Promise.all([one.getToken({ skipCache: true }), two.getToken({ skipCache: true })]);
    expect(h.mints()).toBe(4);
  });
});

describe('events across tabs', () => {
  it('a sign-out in one tab signs the other out at once, with a signed-out event and the cookie cleared', async () => {
    const { h, browser, one, two } = await twoTabs();
    const session = await one.signUp({ emailAddress: 'a@example.com', password: PASSWORD });
    await vi.waitFor(() => expect(browser.cookies.get('__session')).toBeTruthy());
    const events: LatchkeyEventMap['signed-out'][] = [];
    two.on('signed-out', (e) => events.push(e));
    await one.signOut();
    await vi.waitFor(() => expect(two.getState().session).toBeNull());
    expect(events).toEqual([{ sessionIds: [session.id], signedOutCompletely: true }]);
    expect(browser.cookies.get('__session')).toBeNull();
    expect(browser.cookies.get('__client_uat')).toBe('0');
    expect(await two.getToken()).toBeNull();
    expect(h.mints()).toBe(1);
  });

  it('a sign-in in one tab signs the other in, with a signed-in event', async () => {
    const { one, two } = await twoTabs();
    const seen: string[] = [];
    two.on('signed-in', (e) => seen.push(e.session.user!.primaryEmailAddress!));
    await one.signUp({ emailAddress: 'a@example.com', password: PASSWORD });
    await vi.waitFor(() => expect(seen).toEqual(['a@example.com']));
    expect(two.getState().user?.primaryEmailAddress).toBe('a@example.com');
  });

  it('switching accounts in one tab switches the other tab too', async () => {
    const { one, two } = await twoTabs();
    const alice = await one.signUp({ emailAddress: 'a@example.com', password: PASSWORD });
    await one.signUp({ emailAddress: 'b@example.com', password: PASSWORD });
    await vi.waitFor(() => expect(two.getState().user?.primaryEmailAddress).toBe('b@example.com'));
    const changes: (string | null)[] = [];
    two.on('session-changed', (e) => changes.push(e.session?.id ?? null));
    await one.setActive({ session: alice.id });
    await vi.waitFor(() => expect(two.getState().session?.id).toBe(alice.id));
    expect(changes).toEqual([alice.id]);
  });
});
