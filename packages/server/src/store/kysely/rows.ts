/** Conversions between rows and the records of the store contract. */
import type { Json, SessionActivity, SessionRecord, SessionStatus, SigningKeyRecord, UserRecord } from '../contract.js';
import type { SessionsTable, SigningKeysTable, UsersTable } from './schema.js';

export const toJsonText = (value: unknown): string => JSON.stringify(value ?? {});
export const fromJsonText = <T = Json>(text: string | null): T | null => (text === null ? null : (JSON.parse(text) as T));

// PostgreSQL returns BIGINT as a string unless told otherwise; Number() keeps
// both dialects identical (millisecond timestamps fit in 2^53).
const num = (value: number | string): number => Number(value);
const numOrNull = (value: number | string | null): number | null => (value === null ? null : Number(value));

export function toUserRecord(row: UsersTable): UserRecord {
  return {
    id: row.id,
    emailAddress: row.email_address,
    emailAddressId: row.email_address_id,
    passwordHash: row.password_hash,
    firstName: row.first_name,
    lastName: row.last_name,
    externalId: row.external_id,
    publicMetadata: fromJsonText(row.public_metadata) ?? {},
    privateMetadata: fromJsonText(row.private_metadata) ?? {},
    unsafeMetadata: fromJsonText(row.unsafe_metadata) ?? {},
    banned: Number(row.is_banned) === 1,
    locked: Number(row.is_locked) === 1,
    createdAt: num(row.created_at),
    updatedAt: num(row.updated_at),
    lastSignInAt: numOrNull(row.last_sign_in_at),
  };
}

export function toUserRow(user: UserRecord): UsersTable {
  return {
    id: user.id,
    email_address: user.emailAddress.toLowerCase(),
    email_address_id: user.emailAddressId,
    password_hash: user.passwordHash,
    first_name: user.firstName,
    last_name: user.lastName,
    external_id: user.externalId,
    public_metadata: toJsonText(user.publicMetadata),
    private_metadata: toJsonText(user.privateMetadata),
    unsafe_metadata: toJsonText(user.unsafeMetadata),
    is_banned: user.banned ? 1 : 0,
    is_locked: user.locked ? 1 : 0,
    created_at: user.createdAt,
    updated_at: user.updatedAt,
    last_sign_in_at: user.lastSignInAt,
  };
}

export function toSessionRecord(row: SessionsTable): SessionRecord {
  return {
    id: row.id,
    userId: row.user_id,
    clientId: row.client_id,
    status: row.status as SessionStatus,
    createdAt: num(row.created_at),
    updatedAt: num(row.updated_at),
    lastActiveAt: num(row.last_active_at),
    expireAt: num(row.expire_at),
    abandonAt: numOrNull(row.abandon_at),
    endedAt: numOrNull(row.ended_at),
    lastActiveOrganizationId: row.last_active_organization_id,
    latestActivity: fromJsonText<SessionActivity>(row.latest_activity),
    actor: fromJsonText(row.actor),
  };
}

export function toSessionRow(session: SessionRecord): SessionsTable {
  return {
    id: session.id,
    user_id: session.userId,
    client_id: session.clientId,
    status: session.status,
    created_at: session.createdAt,
    updated_at: session.updatedAt,
    last_active_at: session.lastActiveAt,
    expire_at: session.expireAt,
    abandon_at: session.abandonAt,
    ended_at: session.endedAt,
    last_active_organization_id: session.lastActiveOrganizationId,
    latest_activity: session.latestActivity ? JSON.stringify(session.latestActivity) : null,
    actor: session.actor ? JSON.stringify(session.actor) : null,
  };
}

export function toSigningKeyRecord(row: SigningKeysTable): SigningKeyRecord {
  return {
    kid: row.kid,
    algorithm: row.algorithm as SigningKeyRecord['algorithm'],
    publicJwk: JSON.parse(row.public_jwk) as JsonWebKey,
    privateKeyCiphertext: row.private_key_ciphertext,
    status: row.status as SigningKeyRecord['status'],
    createdAt: num(row.created_at),
    activateAt: num(row.activate_at),
    retiredAt: numOrNull(row.retired_at),
    expiresAt: numOrNull(row.expires_at),
  };
}
