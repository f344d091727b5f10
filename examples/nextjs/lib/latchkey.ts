import { createPublishableKey } from '@latchkey/backend';
import { createEmbeddedLatchkey } from '@latchkey/nextjs/embedded';

/**
 * Embedded mode (the default): the auth server runs inside this app, mounted
 * at /api/latchkey, on SQLite. Standalone mode: set LATCHKEY_API_URL (and
 * LATCHKEY_PUBLISHABLE_KEY, LATCHKEY_SECRET_KEY) to use a separate server;
 * the embedded route then answers 404.
 */
export const isStandalone = Boolean(process.env.LATCHKEY_API_URL);

export const embeddedLatchkey = isStandalone ? null : createEmbeddedLatchkey();

/** What the browser needs, read at request time so one build serves both modes. */
export function browserConfig(): { publishableKey: string; frontendApiUrl: string } {
  if (isStandalone) {
    return {
      publishableKey: process.env.LATCHKEY_PUBLISHABLE_KEY ?? process.env.NEXT_PUBLIC_LATCHKEY_PUBLISHABLE_KEY ?? '',
      frontendApiUrl: process.env.LATCHKEY_API_URL!,
    };
  }
  const origin = new URL(process.env.LATCHKEY_PUBLIC_URL ?? `http://localhost:${process.env.PORT ?? 3000}`).origin;
  // The embedded server's publishable key names the app's own host.
  return { publishableKey: createPublishableKey(new URL(origin).host, 'live'), frontendApiUrl: `${origin}/api/latchkey` };
}
