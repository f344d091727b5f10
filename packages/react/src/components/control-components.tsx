import type { ReactNode } from 'react';
import { useAuth } from '../hooks/use-auth.js';

/** Renders its children only once loaded and signed in. */
export function SignedIn({ children }: { children?: ReactNode }) {
  const { isSignedIn } = useAuth();
  return isSignedIn ? <>{children}</> : null;
}

/** Renders its children only once loaded and signed out. */
export function SignedOut({ children }: { children?: ReactNode }) {
  const { isLoaded, isSignedIn } = useAuth();
  return isLoaded && !isSignedIn ? <>{children}</> : null;
}

export type ProtectProps = {
  children?: ReactNode;
  /** Shown when signed out or not authorized. @default nothing */
  fallback?: ReactNode;
} & ({ role: string; permission?: never; condition?: never } | { permission: string; role?: never; condition?: never } | { condition: (has: (params: { role?: string; permission?: string }) => boolean) => boolean; role?: never; permission?: never } | { role?: never; permission?: never; condition?: never });

/**
 * Renders its children when signed in and, if asked, when the active
 * organization grants `role` or `permission` (or `condition(has)` holds).
 * A UI convenience only: the server must check the token too.
 * @example
 * <Protect permission="org:invoices:read" fallback={<p>Not allowed</p>}><Invoices /></Protect>
 */
export function Protect({ children, fallback = null, ...check }: ProtectProps) {
  const { isLoaded, isSignedIn, has } = useAuth();
  if (!isLoaded) return null;
  if (!isSignedIn) return <>{fallback}</>;
  let allowed = true;
  if (check.condition) allowed = check.condition(has);
  else if (check.role !== undefined) allowed = has({ role: check.role });
  else if (check.permission !== undefined) allowed = has({ permission: check.permission });
  return <>{allowed ? children : fallback}</>;
}
