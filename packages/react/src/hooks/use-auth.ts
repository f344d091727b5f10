import { useCallback } from 'react';
import type { GetTokenOptions, SignOutOptions } from '@latchkey/js';
import { useLatchkeyState } from './use-latchkey-state.js';

export interface UseAuthResult {
  isLoaded: boolean;
  /** `undefined` until loaded. */
  isSignedIn: boolean | undefined;
  /** `undefined` until loaded, `null` when signed out. */
  userId: string | null | undefined;
  sessionId: string | null | undefined;
  orgId: string | null | undefined;
  orgRole: string | null | undefined;
  orgSlug: string | null | undefined;
  has(params: { role?: string; permission?: string }): boolean;
  getToken(options?: GetTokenOptions): Promise<string | null>;
  signOut(options?: SignOutOptions): Promise<void>;
}

/**
 * Who is signed in, with Clerk's `useAuth()` shape.
 * @example
 * const { isSignedIn, getToken } = useAuth();
 * const res = await fetch('/api', { headers: { Authorization: `Bearer ${await getToken()}` } });
 */
export function useAuth(): UseAuthResult {
  const [state, latchkey] = useLatchkeyState('useAuth');
  const getToken = useCallback((options?: GetTokenOptions) => latchkey.getToken(options), [latchkey]);
  const signOut = useCallback((options?: SignOutOptions) => latchkey.signOut(options), [latchkey]);
  const has = useCallback((params: { role?: string; permission?: string }) => latchkey.has(params), [latchkey, state.organization]);
  const pending = !state.isLoaded;
  const org = state.organization;
  return {
    isLoaded: state.isLoaded,
    isSignedIn: pending ? undefined : state.session !== null,
    userId: pending ? undefined : (state.user?.id ?? null),
    sessionId: pending ? undefined : (state.session?.id ?? null),
    orgId: pending ? undefined : (org?.id ?? null),
    orgRole: pending ? undefined : (org?.role ?? null),
    orgSlug: pending ? undefined : (org?.slug ?? null),
    has,
    getToken,
    signOut,
  };
}
