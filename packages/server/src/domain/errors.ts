/**
 * Domain failures: a stable snake_case `code` (public API), a message safe to
 * show (never a secret), and optional structured `meta`. The HTTP layer maps
 * each code to its status in one table (`http/error-codes.ts`).
 */
export const DomainErrorCode = {
  IdentifierOrPasswordInvalid: 'form_identifier_or_password_invalid',
  IdentifierExists: 'form_identifier_exists',
  IdentifierInvalid: 'form_param_format_invalid',
  PasswordInvalid: 'form_password_invalid',
  UserBanned: 'user_banned',
  UserLocked: 'user_locked',
  ResourceNotFound: 'resource_not_found',
  SessionNotActive: 'session_not_active',
  SessionLimitReached: 'session_limit_reached',
  OrganizationMembershipNotFound: 'organization_membership_not_found',
  InvalidSettings: 'invalid_settings',
  TemplateNotFound: 'template_not_found',
  AlreadyAMember: 'already_a_member_in_organization',
  MembershipQuotaExceeded: 'organization_membership_quota_exceeded',
  SystemResourceImmutable: 'organization_system_resource_immutable',
  RoleInUse: 'organization_role_in_use',
  JwtTemplateInvalid: 'jwt_template_invalid',
  SessionTokenTooLarge: 'session_token_too_large',
} as const;
export type DomainErrorCode = (typeof DomainErrorCode)[keyof typeof DomainErrorCode];

export class LatchkeyDomainError extends Error {
  override readonly name = 'LatchkeyDomainError';
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly meta?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export const isDomainError = (error: unknown): error is LatchkeyDomainError =>
  error instanceof LatchkeyDomainError ||
  (typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'LatchkeyDomainError');
