import { useCallback } from 'react';
import type { OrganizationMembershipResource, SetActiveParams } from '@latchkey/js';
import { useLatchkeyState } from './use-latchkey-state.js';

/**
 * The user's memberships in the shape of Clerk's paginated `userMemberships`
 * (`data`, `count`, `isLoading`…). They arrive with the client, so there is
 * one page holding them all.
 */
export interface UserMemberships {
  /** Newest membership first; `undefined` until loaded. */
  data: OrganizationMembershipResource[] | undefined;
  count: number | undefined;
  isLoading: boolean;
  isFetching: boolean;
  hasNextPage: false;
  hasPreviousPage: false;
  /** Re-reads the client (and so the memberships) from the Frontend API. */
  revalidate(): Promise<void>;
}

export interface UseOrganizationListResult {
  isLoaded: boolean;
  userMemberships: UserMemberships;
  /** Switches session and/or organization: `setActive({ organization: id | slug | null })`. */
  setActive(params: SetActiveParams): Promise<void>;
}

/**
 * The organizations the signed-in user belongs to and `setActive` to switch,
 * Clerk's `useOrganizationList()` shape.
 * @example
 * const { userMemberships, setActive } = useOrganizationList();
 * userMemberships.data?.map((m) => <button onClick={() => setActive({ organization: m.organization.id })}>{m.organization.name}</button>);
 */
export function useOrganizationList(): UseOrganizationListResult {
  const [state, latchkey] = useLatchkeyState('useOrganizationList');
  const setActive = useCallback((params: SetActiveParams) => latchkey.setActive(params), [latchkey]);
  const revalidate = useCallback(() => latchkey.reload(), [latchkey]);
  const data = state.isLoaded ? state.organizationMemberships : undefined;
  return {
    isLoaded: state.isLoaded,
    userMemberships: {
      data,
      count: data?.length,
      isLoading: !state.isLoaded,
      isFetching: !state.isLoaded,
      hasNextPage: false,
      hasPreviousPage: false,
      revalidate,
    },
    setActive,
  };
}
