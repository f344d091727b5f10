import type { OrganizationState } from '@latchkey/js';
import { useLatchkeyState } from './use-latchkey-state.js';

export interface UseOrganizationResult {
  isLoaded: boolean;
  /** The active organization (`id`, `slug`), `null` for the personal account, `undefined` until loaded. */
  organization: { id: string; slug: string | null } | null | undefined;
  /** The member's `role` and `permissions` in it, as the session token states them. */
  membership: { role: string | null; permissions: string[] } | null | undefined;
  /** Switches the active organization (`null` for the personal account). */
  setActive(organization: string | null): Promise<void>;
}

/**
 * The active organization of the active session, read from its token's `o` claim.
 * @example
 * const { organization, membership } = useOrganization();
 */
export function useOrganization(): UseOrganizationResult {
  const [state, latchkey] = useLatchkeyState('useOrganization');
  const setActive = (organization: string | null) => latchkey.setActive({ organization });
  if (!state.isLoaded) return { isLoaded: false, organization: undefined, membership: undefined, setActive };
  const org: OrganizationState | null = state.organization;
  return {
    isLoaded: true,
    organization: org ? { id: org.id, slug: org.slug } : null,
    membership: org ? { role: org.role, permissions: org.permissions } : null,
    setActive,
  };
}
