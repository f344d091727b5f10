import { createContext, useContext } from 'react';
import type { Latchkey } from '@latchkey/js';

export const LatchkeyContext = createContext<Latchkey | null>(null);

/** The provider's client; throws a clear error outside `<LatchkeyProvider>`. */
export function useLatchkeyClient(hook: string): Latchkey {
  const latchkey = useContext(LatchkeyContext);
  if (!latchkey) throw new Error(`${hook} must be used inside <LatchkeyProvider>`);
  return latchkey;
}
