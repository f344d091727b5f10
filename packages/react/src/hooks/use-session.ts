import type { SessionResource } from '@latchkey/js';
import { useLatchkeyState } from './use-latchkey-state.js';

export interface UseSessionResult {
  isLoaded: boolean;
  isSignedIn: boolean | undefined;
  /** `undefined` until loaded, `null` when signed out. Has `id, createdAt, lastActiveAt, expireAt, touch(), end()`. */
  session: SessionResource | null | undefined;
}

/**
 * The active session.
 * @example
 * const { session } = useSession();
 * session?.expireAt.toLocaleString();
 */
export function useSession(): UseSessionResult {
  const [state] = useLatchkeyState('useSession');
  if (!state.isLoaded) return { isLoaded: false, isSignedIn: undefined, session: undefined };
  return { isLoaded: true, isSignedIn: state.session !== null, session: state.session };
}
