import { createLatchkeyClient, type LatchkeyClient, type LatchkeyClientOptions } from '@latchkey/backend';
import { withEnvFallbacks } from '@latchkey/backend/internal';
import { createRevocationFeed } from '@latchkey/backend/revocations';
import { registry, type EmbeddedLatchkeyHandle } from './registry.js';

/** Options of `latchkeyMiddleware` (and of `auth()` through it). */
export interface LatchkeyNextOptions extends LatchkeyClientOptions {
  /**
   * The embedded auth server (from `createEmbeddedLatchkey()`): tokens are
   * verified against its keys, refreshed in-process, and the Backend API is
   * called in-process. Without it, the auth server is standalone and found
   * through `LATCHKEY_API_URL` / `LATCHKEY_PUBLISHABLE_KEY`.
   */
  embedded?: EmbeddedLatchkeyHandle | null | undefined;
  /** Where signed-out page requests go. @default `LATCHKEY_SIGN_IN_URL`, else `/sign-in` */
  signInUrl?: string | undefined;
  /**
   * Follow the auth server's revocation feed, so a revoked session (sign out
   * everywhere, ban) is refused at once rather than when its token expires.
   * Needs the secret key. @default true when the secret key is known
   */
  revocationFeed?: boolean | undefined;
}

function withRevocationFeed(options: LatchkeyClientOptions, wanted: boolean | undefined): LatchkeyClientOptions {
  if (wanted === false || options.revocations || !options.secretKey || !options.apiUrl) return options;
  const feed = createRevocationFeed({
    apiUrl: options.apiUrl,
    secretKey: options.secretKey,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  return { ...options, revocations: feed };
}

function env(): Record<string, string | undefined> {
  const e = process.env;
  // Next inlines NEXT_PUBLIC_* into client bundles; the server reads it too, as a last resort.
  return {
    ...e,
    LATCHKEY_PUBLISHABLE_KEY: e.LATCHKEY_PUBLISHABLE_KEY || e.NEXT_PUBLIC_LATCHKEY_PUBLISHABLE_KEY,
    LATCHKEY_SIGN_IN_URL: e.LATCHKEY_SIGN_IN_URL || e.NEXT_PUBLIC_LATCHKEY_SIGN_IN_URL,
  };
}

/**
 * Turns middleware options into backend client options: embedded runtime
 * first, then explicit options, then `LATCHKEY_*` environment variables.
 * @internal
 */
export async function resolveClientOptions(options: LatchkeyNextOptions = {}): Promise<LatchkeyClientOptions> {
  const { embedded, revocationFeed, ...rest } = options;
  const signInUrl = rest.signInUrl ?? env().LATCHKEY_SIGN_IN_URL ?? '/sign-in';
  if (embedded) {
    const runtime = await embedded.runtime();
    return withRevocationFeed({
      ...rest,
      publishableKey: rest.publishableKey ?? runtime.publishableKey,
      secretKey: rest.secretKey ?? runtime.secretKey,
      apiUrl: rest.apiUrl ?? runtime.frontendApi,
      frontendApi: rest.frontendApi ?? runtime.frontendApi,
      fetch: rest.fetch ?? runtime.fetch,
      frontendApiFetch: rest.frontendApiFetch ?? runtime.fetch,
      signInUrl,
    }, revocationFeed);
  }
  const resolved = withEnvFallbacks({ ...rest, signInUrl }, env());
  // Standalone: the frontend API is where LATCHKEY_API_URL points, when set.
  return withRevocationFeed({ ...resolved, frontendApi: resolved.frontendApi ?? resolved.apiUrl }, revocationFeed);
}

/**
 * The backend client `auth()` uses: the middleware's own when it ran in this
 * process, otherwise one built from the environment.
 * @internal
 */
export function serverClient(): Promise<LatchkeyClient> {
  const r = registry();
  if (!r.client) {
    const options = r.options ? Promise.resolve(r.options) : resolveClientOptions({ embedded: r.embedded ?? null });
    r.client = options.then((o) => createLatchkeyClient(o));
    r.client.catch(() => {
      r.client = undefined; // a config error now must not stick once the config is fixed
    });
  }
  return r.client;
}
