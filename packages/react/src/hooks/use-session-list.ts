import type { SessionResource, SetActiveParams } from '@latchkey/js';
import { useLatchkeyState } from './use-latchkey-state.js';

export interface UseSessionListResult {
  isLoaded: boolean;
  /** Every signed-in session on this browser; `undefined` until loaded. */
  sessions: SessionResource[] | undefined;
  setActive(params: SetActiveParams): Promise<void>;
}

/**
 * The browser's signed-in sessions (multi-session) and `setActive` to switch.
 * @example
 * const { sessions, setActive } = useSessionList();
 * await setActive({ session: sessions[1].id });
 */
export function useSessionList(): UseSessionListResult {
  const [state, latchkey] = useLatchkeyState('useSessionList');
  return { isLoaded: state.isLoaded, sessions: state.isLoaded ? state.sessions : undefined, setActive: latchkey.setActive };
}
