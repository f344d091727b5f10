'use client';
import { LatchkeyProvider as ReactLatchkeyProvider, type LatchkeyProviderProps } from '@latchkey/react';

/**
 * `<LatchkeyProvider>` for the App Router's root layout. Pass the keys from
 * the server (read at request time, so one build serves every environment):
 * `publishableKey`, and `frontendApiUrl` when the auth server is embedded
 * (`<app origin>/api/latchkey`) or proxied.
 * @example
 * <LatchkeyProvider publishableKey={pk} frontendApiUrl={`${origin}/api/latchkey`}>{children}</LatchkeyProvider>
 */
export function LatchkeyProvider(props: LatchkeyProviderProps) {
  return <ReactLatchkeyProvider {...props} />;
}
