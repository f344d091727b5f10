import type { UserResource } from '@latchkey/js';
import { useLatchkeyState } from './use-latchkey-state.js';

export interface UseUserResult {
  isLoaded: boolean;
  isSignedIn: boolean | undefined;
  /** `undefined` until loaded, `null` when signed out. */
  user: UserResource | null | undefined;
}

/**
 * The active session's user.
 * @example
 * const { user } = useUser();
 * user?.primaryEmailAddress;
 */
export function useUser(): UseUserResult {
  const [state] = useLatchkeyState('useUser');
  if (!state.isLoaded) return { isLoaded: false, isSignedIn: undefined, user: undefined };
  return { isLoaded: true, isSignedIn: state.user !== null, user: state.user };
}
