import type { LatchkeyClient, LatchkeyClientOptions } from '@latchkey/backend';

/**
 * What an embedded auth server offers the SDK: an in-process `fetch` for the
 * frontend API URL (JWKS, in-line refresh, Backend API) and the keys.
 * Implemented by `@latchkey/nextjs/embedded`; declared here so that the
 * middleware never imports the server.
 */
export interface EmbeddedRuntime {
  /** `<publicUrl><mountPath>`: where browsers reach the auth server. */
  frontendApi: string;
  publishableKey: string;
  secretKey: string;
  /** Routes requests under `frontendApi` into the server in-process; anything else goes to the network. */
  fetch: typeof fetch;
}

/** The handle `createEmbeddedLatchkey()` returns, as the middleware sees it. */
export interface EmbeddedLatchkeyHandle {
  readonly kind: 'latchkey-embedded';
  readonly mountPath: string;
  /** Starts the server on first call (store migrated, keys loaded); then the same runtime. */
  runtime(): Promise<EmbeddedRuntime>;
}

interface Registry {
  /** Set by the middleware: the options it authenticates with, for `auth()` in the same process. */
  options?: LatchkeyClientOptions;
  client?: Promise<LatchkeyClient>;
  embedded?: EmbeddedLatchkeyHandle;
}

// Next bundles the proxy and the app routes separately, so module state is
// not shared between them; `globalThis` is (one Node process).
const KEY = Symbol.for('@latchkey/nextjs');

/** @internal the process-wide registry shared by the middleware, `auth()` and the embedded handler */
export function registry(): Registry {
  const g = globalThis as { [KEY]?: Registry };
  return (g[KEY] ??= {});
}
