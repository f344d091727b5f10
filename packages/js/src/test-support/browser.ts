import { CookieJar, type TestServer } from '@latchkey/testing';
import { Window } from 'happy-dom';
import { createLatchkey, type LatchkeyOptions } from '../index.js';
import type { CookieAccess } from '../session-cookie.js';
import { createLockManager } from './lock-manager.js';
import type { ManualClock } from './manual-clock.js';

export const APP_ORIGIN = 'http://localhost:3000';

/**
 * One emulated browser for the client tests: the auth server's cookies in a
 * jar (the network side: `__client` is HttpOnly there), the app's page in a
 * happy-dom window (`document.cookie` for `__session`, `localStorage`), one
 * lock manager and the BroadcastChannel namespace shared by its tabs. The
 * server is real, on loopback; `offline` makes requests fail like a dropped
 * network does.
 */
export function createBrowser(t: TestServer, clock: ManualClock, options: { userAgent?: string; withLocks?: boolean } = {}) {
  const jar = new CookieJar();
  const window = new Window({ url: `${APP_ORIGIN}/` });
  const locks = options.withLocks === false ? null : createLockManager();
  const channelName = `test-${Math.random().toString(36).slice(2)}`;
  const state = {
    offline: false,
    requests: [] as string[],
    /** Awaited after the server answered and before the page sees the answer (to hold a response back). */
    beforeResponse: null as ((request: string) => Promise<void>) | null,
  };

  const fetchFromPage: typeof fetch = async (input, init = {}) => {
    const url = new URL(String(input));
    state.requests.push(`${init.method ?? 'GET'} ${url.pathname}`);
    if (state.offline) throw new TypeError('Failed to fetch');
    const headers = new Headers(init.headers);
    headers.set('origin', APP_ORIGIN);
    if (options.userAgent) headers.set('user-agent', options.userAgent);
    const cookie = jar.header();
    if (cookie) headers.set('cookie', cookie);
    const response = await fetch(url, { ...init, headers });
    jar.store(response);
    await state.beforeResponse?.(`${init.method ?? 'GET'} ${url.pathname}`);
    return response;
  };

  const cookies: CookieAccess = {
    get(name) {
      for (const part of window.document.cookie.split(';')) {
        const eq = part.indexOf('=');
        if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
      }
      return null;
    },
    set(name, value, attributes) {
      window.document.cookie = `${name}=${encodeURIComponent(value)}; ${attributes}`;
    },
  };

  // Tabs of one origin share localStorage, cookies, locks and channels: each
  // tab is its own client instance over the same browser state.
  const BroadcastChannelNamed = class extends BroadcastChannel {
    constructor(name: string) {
      super(`${channelName}:${name}`);
    }
  };
  const tabs: ReturnType<typeof createLatchkey>[] = [];
  return {
    jar,
    window,
    cookies,
    state,
    openTab(overrides: Partial<LatchkeyOptions> = {}) {
      const tab = createLatchkey({
        publishableKey: t.publishableKey,
        fetch: fetchFromPage,
        clock,
        random: () => 0.5,
        storage: window.localStorage,
        BroadcastChannel: BroadcastChannelNamed,
        locks,
        cookies,
        lifecycleEvents: null,
        ...overrides,
      });
      tabs.push(tab);
      return tab;
    },
    close() {
      for (const tab of tabs) tab.destroy();
      void window.happyDOM.close();
    },
  };
}
