/**
 * @latchkey/react: `<LatchkeyProvider>`, the hooks (Clerk's names and
 * shapes) and ready components. Safe to render on the server: nothing
 * touches `window` before the provider's effect runs.
 */
export { LatchkeyProvider } from './provider/latchkey-provider.js';
export type { LatchkeyProviderProps } from './provider/latchkey-provider.js';
export { useAuth } from './hooks/use-auth.js';
export type { UseAuthResult } from './hooks/use-auth.js';
export { useSession } from './hooks/use-session.js';
export type { UseSessionResult } from './hooks/use-session.js';
export { useSessionList } from './hooks/use-session-list.js';
export type { UseSessionListResult } from './hooks/use-session-list.js';
export { useUser } from './hooks/use-user.js';
export type { UseUserResult } from './hooks/use-user.js';
export { useOrganization } from './hooks/use-organization.js';
export type { ActiveMembership, ActiveOrganization, UseOrganizationResult } from './hooks/use-organization.js';
export { useOrganizationList } from './hooks/use-organization-list.js';
export type { UseOrganizationListResult, UserMemberships } from './hooks/use-organization-list.js';
export { useLatchkey } from './hooks/use-latchkey.js';
export { SignedIn, SignedOut, Protect } from './components/control-components.js';
export type { ProtectProps } from './components/control-components.js';
export { SignIn } from './components/sign-in.js';
export type { SignInProps } from './components/sign-in.js';
export { SignUp } from './components/sign-up.js';
export type { SignUpProps } from './components/sign-up.js';
export { UserButton } from './components/user-button.js';
export type { UserButtonProps } from './components/user-button.js';
export { SessionList } from './components/session-list.js';
export type { SessionListProps } from './components/session-list.js';
export { OrganizationSwitcher } from './components/organization-switcher.js';
export type { OrganizationSwitcherProps } from './components/organization-switcher.js';
export type {
  GetTokenOptions,
  Latchkey,
  LatchkeyState,
  SessionResource,
  UserResource,
  DeviceSessionResource,
  SignOutOptions,
  SetActiveParams,
  OrganizationMembershipResource,
  OrganizationResource,
  OrganizationState,
} from '@latchkey/js';
