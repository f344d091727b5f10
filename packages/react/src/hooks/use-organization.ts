import { useCallback } from 'react';
import type { OrganizationState } from '@latchkey/js';
import { useLatchkeyState } from './use-latchkey-state.js';

/** The active organization as `useOrganization()` gives it. */
export interface ActiveOrganization {
  id: string;
  /** `null` only for the moment between a token naming a new membership and the client re-reading its list. */
  name: string | null;
  slug: string | null;
  imageUrl: string;
  publicMetadata: Record<string, unknown>;
}

/** The user's membership of the active organization. */
export interface ActiveMembership {
  /** `orgmem_…`; `null` only while the client's membership list has not caught up with the token. */
  id: string | null;
  /** With its `org:` prefix (`org:admin`). */
  role: string | null;
  /**
   * Every permission the role grants, as the Frontend API lists them (system
   * permissions `org:sys_*` included, which tokens and so `has()` leave out).
   */
  permissions: string[];
  publicMetadata: Record<string, unknown>;
}

export interface UseOrganizationResult {
  isLoaded: boolean;
  /** The active organization, `null` for the personal account, `undefined` until loaded. */
  organization: ActiveOrganization | null | undefined;
  /** The user's membership of it (role and permissions); same `null`/`undefined` rules. */
  membership: ActiveMembership | null | undefined;
  /** Switches the active organization (id or slug; `null` for the personal account). */
  setActive(organization: string | null): Promise<void>;
}

function toOrganization(org: OrganizationState): ActiveOrganization {
  const resource = org.membership?.organization;
  return {
    id: org.id,
    name: org.name,
    slug: org.slug,
    imageUrl: resource?.imageUrl ?? '',
    publicMetadata: resource?.publicMetadata ?? {},
  };
}

function toMembership(org: OrganizationState): ActiveMembership {
  const m = org.membership;
  return m
    ? { id: m.id, role: m.role, permissions: m.permissions, publicMetadata: m.publicMetadata }
    : { id: null, role: org.role, permissions: org.permissions, publicMetadata: {} };
}

/**
 * The active session's organization, Clerk's `useOrganization()` shape: it
 * follows `setActive({ organization })` (here or in another tab) and the
 * session token's `o` claim.
 * @example
 * const { organization, membership } = useOrganization();
 * return <h2>{organization ? `${organization.name} (${membership?.role})` : 'Personal account'}</h2>;
 */
export function useOrganization(): UseOrganizationResult {
  const [state, latchkey] = useLatchkeyState('useOrganization');
  const setActive = useCallback((organization: string | null) => latchkey.setActive({ organization }), [latchkey]);
  if (!state.isLoaded) return { isLoaded: false, organization: undefined, membership: undefined, setActive };
  const org = state.organization;
  return {
    isLoaded: true,
    organization: org ? toOrganization(org) : null,
    membership: org ? toMembership(org) : null,
    setActive,
  };
}
