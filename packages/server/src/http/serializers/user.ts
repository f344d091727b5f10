import type { UserRecord } from '../../store/contract.js';

/**
 * A user in Clerk's Backend API shape (snake_case, Unix ms), so that Clerk's
 * published clients deserialize it unchanged. Latchkey users have one e-mail
 * address; the arrays Clerk has for other identifiers are present and empty.
 */
export function serializeUser(user: UserRecord, options: { includePrivate?: boolean } = { includePrivate: true }) {
  return {
    object: 'user' as const,
    id: user.id,
    external_id: user.externalId,
    primary_email_address_id: user.emailAddressId,
    primary_phone_number_id: null,
    primary_web3_wallet_id: null,
    username: null,
    first_name: user.firstName,
    last_name: user.lastName,
    image_url: '',
    has_image: false,
    public_metadata: user.publicMetadata,
    ...(options.includePrivate ? { private_metadata: user.privateMetadata } : {}),
    unsafe_metadata: user.unsafeMetadata,
    email_addresses: [
      {
        object: 'email_address' as const,
        id: user.emailAddressId,
        email_address: user.emailAddress,
        reserved: false,
        verification: { object: 'verification_admin', status: 'verified', strategy: 'admin', attempts: null, expire_at: null },
        linked_to: [],
        matches_sso_connection: false,
        created_at: user.createdAt,
        updated_at: user.updatedAt,
      },
    ],
    phone_numbers: [],
    web3_wallets: [],
    passkeys: [],
    external_accounts: [],
    saml_accounts: [],
    enterprise_accounts: [],
    password_enabled: user.passwordHash !== null,
    two_factor_enabled: false,
    totp_enabled: false,
    backup_code_enabled: false,
    banned: user.banned,
    locked: user.locked,
    lockout_expires_in_seconds: null,
    verification_attempts_remaining: null,
    create_organization_enabled: true,
    delete_self_enabled: true,
    legal_accepted_at: null,
    last_sign_in_at: user.lastSignInAt,
    last_active_at: user.lastSignInAt,
    created_at: user.createdAt,
    updated_at: user.updatedAt,
  };
}

/** What a browser may see of a user (no private metadata). */
export function serializePublicUserData(user: UserRecord) {
  return {
    first_name: user.firstName,
    last_name: user.lastName,
    image_url: '',
    has_image: false,
    identifier: user.emailAddress,
    user_id: user.id,
  };
}
