import { useEffect, useState, type ReactNode } from 'react';
import { createLatchkey, type Latchkey, type LatchkeyOptions } from '@latchkey/js';
import { LatchkeyContext } from './latchkey-context.js';

export interface LatchkeyProviderProps extends Partial<Omit<LatchkeyOptions, 'publishableKey'>> {
  /** `pk_live_…` / `pk_test_…`. Not needed when `client` is given. */
  publishableKey?: string;
  /** A client created with `createLatchkey` (tests, or sharing one client outside React). */
  client?: Latchkey;
  children?: ReactNode;
}

/**
 * Makes Latchkey available to the hooks and components below it. Rendering
 * touches no browser API: the client loads in an effect, so server rendering
 * and the first client render both see `isLoaded: false`.
 * @example
 * <LatchkeyProvider publishableKey={import.meta.env.VITE_LATCHKEY_PUBLISHABLE_KEY}>
 *   <App />
 * </LatchkeyProvider>
 */
export function LatchkeyProvider({ client, children, publishableKey, ...options }: LatchkeyProviderProps) {
  const [latchkey] = useState(() => client ?? createLatchkey({ ...options, publishableKey: publishableKey ?? '' }));
  useEffect(() => {
    latchkey.load().catch(() => {
      // The failure is in the state (`error`); hooks keep reporting isLoaded: false.
    });
    return () => latchkey.destroy();
  }, [latchkey]);
  return <LatchkeyContext.Provider value={latchkey}>{children}</LatchkeyContext.Provider>;
}
