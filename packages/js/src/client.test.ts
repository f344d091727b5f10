// @vitest-environment node
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLatchkey } from './client.js';
import { LatchkeyConfigError } from './errors.js';
import { createHarness, PASSWORD, sidOf, type Harness } from './test-support/setup.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function sessionStatus(sessionId: string) {
  return ((await (await h!.t.backendApi(`/v1/sessions/${sessionId}`)).json()) as { status: string }).status;
}

async function twoAccounts() {
  h = await createHarness();
  const browser = h.browser();
  const tab = browser.openTab();
  await tab.load();
  const alice = await tab.signUp({ emailAddress: 'alice@example.com', password: PASSWORD });
  const bob = await tab.signUp({ emailAddress: 'bob@example.com', password: PASSWORD });
  return { h, browser, tab, alice, bob };
}

describe('createLatchkey', () => {
  it('throws LatchkeyConfigError for a key that is not a publishable key', () => {
    expect(() => createLatchkey({ publishableKey: 'sk_live_nope' })).toThrow(LatchkeyConfigError);
    expect(() => createLatchkey({ publishableKey: '' })).toThrow(/LATCHKEY_PUBLISHABLE_KEY/);
  });

  it('touches nothing before load(): no request, state not loaded', () => {
    let calls = 0;
    const latchkey = createLatchkey({ publishableKey: 'pk_live_bG9jYWxob3N0OjQ0MDAk', fetch: async () => (calls++, new Response('{}')) });
    expect(latchkey.getState()).toMatchObject({ isLoaded: false, session: null });
    expect(latchkey.frontendApiUrl).toBe('http://localhost:4400');
    expect(calls).toBe(0);
  });
});

describe('signing in and multi-session', () => {
  it('loads signed out, signs in, and exposes session, user and an active-session cookie', async () => {
    h = await createHarness();
    const browser = h.browser();
    const tab = browser.openTab();
    await tab.load();
    expect(tab.getState()).toMatchObject({ isLoaded: true, session: null, user: null, sessions: [] });
    await tab.signUp({ emailAddress: 'alice@example.com', password: PASSWORD });
    const session = tab.getState().session!;
    expect(session.user?.primaryEmailAddress).toBe('alice@example.com');
    expect(session.expireAt.getTime()).toBeGreaterThan(session.createdAt.getTime());
    await vi.waitFor(() => expect(sidOf(browser.cookies.get('__session'))).toBe(session.id));
    expect(Number(browser.cookies.get('__client_uat'))).toBeGreaterThan(0);
  });

  it('rejects a wrong password with the server code and stays signed out', async () => {
    h = await createHarness();
    const tab = h.browser().openTab();
    await tab.signUp({ emailAddress: 'alice@example.com', password: PASSWORD });
    await tab.signOut();
    await expect(tab.signIn({ identifier: 'alice@example.com', password: 'wrong password' })).rejects.toMatchObject({
      code: 'form_identifier_or_password_invalid',
      status: 422,
    });
    expect(tab.getState().session).toBeNull();
  });

  it('switches between two signed-in accounts: state, token and __session follow the active one', async () => {
    const { browser, tab, alice, bob } = await twoAccounts();
    expect(tab.getState().sessions.map((s) => s.id).sort()).toEqual([alice.id, bob.id].sort());
    expect(tab.getState().session?.id).toBe(bob.id);
    expect(sidOf(await tab.getToken())).toBe(bob.id);
    await tab.setActive({ session: alice });
    expect(tab.getState().user?.primaryEmailAddress).toBe('alice@example.com');
    expect(sidOf(await tab.getToken())).toBe(alice.id);
    await vi.waitFor(() => expect(sidOf(browser.cookies.get('__session'))).toBe(alice.id));
    await tab.setActive({ session: bob.id });
    await vi.waitFor(() => expect(sidOf(browser.cookies.get('__session'))).toBe(bob.id));
    expect(sidOf(await tab.getToken({ sessionId: alice.id }))).toBe(alice.id);
  });

  it('session.touch() makes that session active; session.getToken() mints for it', async () => {
    const { tab, alice } = await twoAccounts();
    const aliceSession = tab.getState().sessions.find((s) => s.id === alice.id)!;
    expect(sidOf(await aliceSession.getToken())).toBe(alice.id);
    await aliceSession.touch();
    expect(tab.getState().session?.id).toBe(alice.id);
  });

  it('refuses to make an unknown organization active with the server code', async () => {
    const { tab } = await twoAccounts();
    await expect(tab.setActive({ organization: 'org_nope' })).rejects.toMatchObject({ status: 403 });
  });
});

describe('every sign-out', () => {
  it('signOut() ends every session on this browser and clears the cookies', async () => {
    const { browser, tab, alice, bob } = await twoAccounts();
    const events: string[][] = [];
    tab.on('signed-out', (e) => events.push(e.sessionIds.sort()));
    await tab.signOut();
    expect(tab.getState()).toMatchObject({ session: null, sessions: [], user: null });
    expect(events).toEqual([[alice.id, bob.id].sort()]);
    expect([await sessionStatus(alice.id), await sessionStatus(bob.id)]).toEqual(['ended', 'ended']);
    expect(browser.cookies.get('__session')).toBeNull();
    expect(browser.cookies.get('__client_uat')).toBe('0');
    expect(browser.window.localStorage.length).toBe(0);
  });

  it('signOut({ sessionId }) ends that session only; the other account becomes active', async () => {
    const { browser, tab, alice, bob } = await twoAccounts();
    await tab.signOut({ sessionId: bob.id });
    expect(tab.getState().sessions.map((s) => s.id)).toEqual([alice.id]);
    expect(tab.getState().session?.id).toBe(alice.id);
    expect(await sessionStatus(bob.id)).toBe('ended');
    await vi.waitFor(() => expect(sidOf(browser.cookies.get('__session'))).toBe(alice.id));
  });

  it('signOut({ everywhere: true }) revokes the user on every device, and the other device learns at its next refresh', async () => {
    h = await createHarness();
    const laptop = h.browser().openTab();
    const phone = h.browser({ userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148 Safari/604.1' }).openTab();
    await laptop.signUp({ emailAddress: 'alice@example.com', password: PASSWORD });
    const onPhone = await phone.signIn({ identifier: 'alice@example.com', password: PASSWORD });
    const phoneSignedOut = new Promise((resolve) => phone.on('signed-out', resolve));
    await laptop.signOut({ everywhere: true });
    expect(laptop.getState().session).toBeNull();
    expect(await sessionStatus(onPhone.id)).toBe('revoked');
    await h.clock.advance(40_000);
    await expect(phoneSignedOut).resolves.toEqual({ sessionIds: [onPhone.id], signedOutCompletely: true });
    expect(phone.getState().session).toBeNull();
  });

  it('session.end() signs that session out and session.remove() removes it from the browser', async () => {
    const { tab, alice, bob } = await twoAccounts();
    await tab.getState().sessions.find((s) => s.id === bob.id)!.end();
    await tab.getState().sessions.find((s) => s.id === alice.id)!.remove();
    expect(tab.getState().session).toBeNull();
    expect([await sessionStatus(bob.id), await sessionStatus(alice.id)]).toEqual(['ended', 'removed']);
  });

  it('ending a session that is already gone answers its code and leaves the state current', async () => {
    const { tab, bob } = await twoAccounts();
    const stale = tab.getState().sessions.find((s) => s.id === bob.id)!;
    await h!.t.backendApi(`/v1/sessions/${bob.id}/revoke`, { method: 'POST' });
    await expect(stale.end()).rejects.toMatchObject({ code: 'session_not_active', status: 401 });
    expect(tab.getState().sessions.map((s) => s.id)).not.toContain(bob.id);
  });
});

describe('devices', () => {
  it("lists the user's devices with the current one marked, and revokes another device", async () => {
    h = await createHarness();
    const laptop = h.browser().openTab();
    const phone = h.browser().openTab();
    await laptop.signUp({ emailAddress: 'alice@example.com', password: PASSWORD });
    const onPhone = await phone.signIn({ identifier: 'alice@example.com', password: PASSWORD });
    const devices = await laptop.listDeviceSessions();
    expect(devices).toHaveLength(2);
    expect(devices.filter((d) => d.isCurrent).map((d) => d.id)).toEqual([laptop.getState().session!.id]);
    await devices.find((d) => d.id === onPhone.id)!.revoke();
    expect(await sessionStatus(onPhone.id)).toBe('revoked');
    expect(await laptop.listDeviceSessions()).toHaveLength(1);
    await h.clock.advance(1);
    expect(await phone.getToken({ skipCache: true })).toBeNull();
    expect(phone.getState().session).toBeNull();
  });

  it('revokeOtherDevices() keeps this device signed in', async () => {
    h = await createHarness();
    const laptop = h.browser().openTab();
    const phone = h.browser().openTab();
    await laptop.signUp({ emailAddress: 'alice@example.com', password: PASSWORD });
    const onPhone = await phone.signIn({ identifier: 'alice@example.com', password: PASSWORD });
    await laptop.revokeOtherDevices();
    expect(await sessionStatus(onPhone.id)).toBe('revoked');
    expect(laptop.getState().session).not.toBeNull();
  });
});

describe('fetchWithAuth', () => {
  it('adds the session token as a bearer token, and nothing when signed out', async () => {
    h = await createHarness();
    const seen: (string | null)[] = [];
    const tab = h.browser().openTab();
    const appFetch: typeof fetch = async (_input, init) => (seen.push(new Headers(init?.headers).get('authorization')), new Response('ok'));
    await tab.load();
    const withAuth = createLatchkey({ publishableKey: h.t.publishableKey }).fetchWithAuth;
    expect(typeof withAuth).toBe('function');
    const { createFetchWithAuth } = await import('./fetch-with-auth.js');
    const call = createFetchWithAuth(() => tab.getToken(), appFetch);
    await call('/api/me');
    await tab.signUp({ emailAddress: 'alice@example.com', password: PASSWORD });
    await call('/api/me');
    await call('/api/me', { headers: { authorization: 'Bearer mine' } });
    expect(seen).toEqual([null, `Bearer ${await tab.getToken()}`, 'Bearer mine']);
  });
});
