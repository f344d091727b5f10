import { createTestServer, type TestServer } from '@latchkey/testing';
import { readJwtClaims } from '../jwt-claims.js';
import { APP_ORIGIN, createBrowser } from './browser.js';
import { createManualClock, type ManualClock } from './manual-clock.js';

export const PASSWORD = 'correct horse battery staple';

export interface Harness {
  t: TestServer;
  clock: ManualClock;
  /** Token mints the server received (counted on its HTTP listener). */
  mints(): number;
  browser: (options?: Parameters<typeof createBrowser>[2]) => ReturnType<typeof createBrowser>;
  close(): Promise<void>;
}

/** A real Latchkey server on loopback with a fake clock the client shares. */
export async function createHarness(settings: Parameters<typeof createTestServer>[0] = {}): Promise<Harness> {
  const t = await createTestServer({ listen: true, allowedOrigins: [APP_ORIGIN], ...settings });
  const clock = createManualClock(t.clock!);
  let mints = 0;
  t.http!.http.on('request', (req) => {
    if (req.method === 'POST' && /^\/v1\/client\/sessions\/[^/]+\/tokens(\/|$)/.test(req.url ?? '')) mints++;
  });
  const browsers: ReturnType<typeof createBrowser>[] = [];
  return {
    t,
    clock,
    mints: () => mints,
    browser(options) {
      const b = createBrowser(t, clock, options);
      browsers.push(b);
      return b;
    },
    async close() {
      for (const b of browsers) b.close();
      await t.close();
    },
  };
}

export const sidOf = (jwt: string | null) => (jwt ? readJwtClaims(jwt)?.sid : null);
export const iatOf = (jwt: string | null) => (jwt ? readJwtClaims(jwt)?.iat : null);
