import { useSyncExternalStore } from 'react';
import type { Latchkey, LatchkeyState } from '@latchkey/js';
import { useLatchkeyClient } from '../provider/latchkey-context.js';

/** The client's state, re-rendering on change; the server (and hydration) see the not-loaded state. */
export function useLatchkeyState(hook: string): [LatchkeyState, Latchkey] {
  const latchkey = useLatchkeyClient(hook);
  const state = useSyncExternalStore(latchkey.subscribe, latchkey.getState, latchkey.getInitialState);
  return [state, latchkey];
}
