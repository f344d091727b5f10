/**
 * The store seam: narrow, domain-shaped operations (STYLE §1.3). The domain
 * sees these records, never database rows; every implementation passes the
 * shared suite in `store.contract.ts`.
 *
 * All timestamps are Unix milliseconds.
 */
import type { RevocationStore, WebhookStore } from './scale-out-contract.js';

export const SessionStatus = {
  Active: 'active',
  Ended: 'ended',
  Removed: 'removed',
  Revoked: 'revoked',
  Expired: 'expired',
  Abandoned: 'abandoned',
  Replaced: 'replaced',
} as const;
export type SessionStatus = (typeof SessionStatus)[keyof typeof SessionStatus];

/** Every status a session can leave `active` for. */
export type EndedSessionStatus = Exclude<SessionStatus, 'active'>;

export type Json = Record<string, unknown>;

export interface UserRecord {
  id: string;
  /** Stored lower-cased: e-mail addresses are unique case-insensitively. */
  emailAddress: string;
  emailAddressId: string;
  /** `null` for users created without a password (they cannot sign in with one). */
  passwordHash: string | null;
  firstName: string | null;
  lastName: string | null;
  externalId: string | null;
  publicMetadata: Json;
  privateMetadata: Json;
  unsafeMetadata: Json;
  banned: boolean;
  locked: boolean;
  createdAt: number;
  updatedAt: number;
  lastSignInAt: number | null;
}

export type UserPatch = Partial<
  Pick<
    UserRecord,
    | 'emailAddress'
    | 'passwordHash'
    | 'firstName'
    | 'lastName'
    | 'externalId'
    | 'publicMetadata'
    | 'privateMetadata'
    | 'unsafeMetadata'
    | 'banned'
    | 'locked'
    | 'lastSignInAt'
  >
> & { updatedAt: number };

export interface ClientRecord {
  id: string;
  /** SHA-256 of the secret half of the `__client` cookie, base64url. */
  secretHash: string;
  lastActiveSessionId: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface SessionActivity {
  ipAddress: string | null;
  userAgent: string | null;
  browserName: string | null;
  browserVersion: string | null;
  deviceType: string | null;
  isMobile: boolean;
}

export interface SessionRecord {
  id: string;
  userId: string;
  clientId: string;
  status: SessionStatus;
  createdAt: number;
  updatedAt: number;
  lastActiveAt: number;
  /** Absolute end of the session's life. */
  expireAt: number;
  /** End of the session if it stays inactive; `null` when no inactivity timeout applies. */
  abandonAt: number | null;
  /** When the session left `active`; `null` while active. */
  endedAt: number | null;
  lastActiveOrganizationId: string | null;
  latestActivity: SessionActivity | null;
  actor: Json | null;
}

export interface SessionTouch {
  lastActiveAt: number;
  abandonAt: number | null;
  latestActivity?: SessionActivity;
  /** `undefined` keeps the current organization; `null` clears it. */
  lastActiveOrganizationId?: string | null;
}

export interface SessionListFilter {
  userId?: string;
  clientId?: string;
  status?: SessionStatus;
  limit?: number;
  offset?: number;
}

export interface BulkTransition {
  /** Sessions of this client, or of this user (exactly one of the two). */
  clientId?: string;
  userId?: string;
  /** Leave this one session alone ("sign out everywhere else"). */
  exceptSessionId?: string;
  to: EndedSessionStatus;
  at: number;
}

export const SigningAlgorithm = { RS256: 'RS256', ES256: 'ES256', EdDSA: 'EdDSA' } as const;
export type SigningAlgorithm = (typeof SigningAlgorithm)[keyof typeof SigningAlgorithm];

export interface SigningKeyRecord {
  kid: string;
  algorithm: SigningAlgorithm;
  publicJwk: JsonWebKey;
  /** The PKCS#8 private key, encrypted with a key derived from the instance secret. */
  privateKeyCiphertext: string;
  /** `pending`: published, not signing yet; `active`: signing; `retired`: published until `expiresAt`. */
  status: 'pending' | 'active' | 'retired';
  createdAt: number;
  /** When a pending key starts signing. */
  activateAt: number;
  retiredAt: number | null;
  /** When a retired key's last token has expired and it may leave the JWKS. */
  expiresAt: number | null;
}

export interface InstanceRecord {
  /** SHA-256 of the secret key the instance was created with, to detect a mismatch at start. */
  secretKeyHash: string;
  settings: Json;
  createdAt: number;
  updatedAt: number;
}

export interface SettingsAuditRecord {
  id: string;
  changedAt: number;
  actor: string;
  before: Json;
  after: Json;
}

export interface ListOptions {
  limit?: number;
  offset?: number;
}

export interface UserListFilter extends ListOptions {
  /** Substring match on the e-mail address (case-insensitive). */
  query?: string;
  emailAddresses?: string[];
  userIds?: string[];
  orderBy?: 'created_at' | '-created_at' | 'last_sign_in_at' | '-last_sign_in_at' | 'email_address' | '-email_address';
}

export interface UserStore {
  create(user: UserRecord): Promise<void>;
  getById(id: string): Promise<UserRecord | null>;
  /** Looks up by e-mail address, case-insensitively. */
  getByEmail(emailAddress: string): Promise<UserRecord | null>;
  list(filter: UserListFilter): Promise<UserRecord[]>;
  count(filter: Omit<UserListFilter, 'limit' | 'offset' | 'orderBy'>): Promise<number>;
  update(id: string, patch: UserPatch): Promise<UserRecord | null>;
  delete(id: string): Promise<boolean>;
}

export interface ClientStore {
  create(client: ClientRecord): Promise<void>;
  getById(id: string): Promise<ClientRecord | null>;
  /** Replaces the cookie secret (a new `__client` value at every sign-in). */
  rotateSecret(id: string, secretHash: string, at: number): Promise<void>;
  setLastActiveSession(id: string, sessionId: string | null, at: number): Promise<void>;
}

export interface SessionStore {
  create(session: SessionRecord): Promise<void>;
  getById(id: string): Promise<SessionRecord | null>;
  /** The session and its user in one read. */
  getWithUser(id: string): Promise<{ session: SessionRecord; user: UserRecord } | null>;
  list(filter: SessionListFilter): Promise<SessionRecord[]>;
  count(filter: Omit<SessionListFilter, 'limit' | 'offset'>): Promise<number>;
  /** Moves one session out of `active`. Returns false when it was not active (someone got there first). */
  end(id: string, to: EndedSessionStatus, at: number): Promise<boolean>;
  /** Moves every matching active session out of `active`; returns the ids it moved. */
  endMany(transition: BulkTransition): Promise<string[]>;
  /** Records activity on an active session. Returns false when it was not active. */
  touch(id: string, touch: SessionTouch): Promise<boolean>;
  /**
   * Moves up to `batchSize` active sessions whose `expire_at` (then `abandon_at`)
   * has passed to `expired` (`abandoned`); returns the sessions moved, as stored.
   * Concurrent sweepers (other instances) never move the same session twice.
   */
  sweep(now: number, batchSize: number): Promise<{ expired: SessionRecord[]; abandoned: SessionRecord[] }>;
  /** Deletes up to `batchSize` non-active sessions that ended before `before`; returns how many. */
  purgeEnded(before: number, batchSize: number): Promise<number>;
}

export interface SigningKeyStore {
  list(): Promise<SigningKeyRecord[]>;
  insert(key: SigningKeyRecord): Promise<void>;
  update(kid: string, patch: Partial<Pick<SigningKeyRecord, 'status' | 'activateAt' | 'retiredAt' | 'expiresAt'>>): Promise<void>;
  delete(kid: string): Promise<void>;
}

export interface InstanceStore {
  get(): Promise<InstanceRecord | null>;
  /** Creates the instance row unless it exists; returns the row that is stored. */
  initialize(record: InstanceRecord): Promise<InstanceRecord>;
  updateSettings(settings: Json, audit: SettingsAuditRecord): Promise<void>;
  listSettingsAudit(options: ListOptions): Promise<SettingsAuditRecord[]>;
}

/** An organization (`org_…`). */
export interface OrganizationRecord {
  id: string;
  name: string;
  /** Unique, URL-safe; never starts with `org_`, so a path segment is unambiguously an id or a slug. */
  slug: string;
  /** Most members allowed; 0 means no limit. */
  maxAllowedMemberships: number;
  adminDeleteEnabled: boolean;
  publicMetadata: Json;
  privateMetadata: Json;
  createdBy: string | null;
  createdAt: number;
  updatedAt: number;
}

export type OrganizationPatch = Partial<
  Pick<OrganizationRecord, 'name' | 'slug' | 'maxAllowedMemberships' | 'adminDeleteEnabled' | 'publicMetadata' | 'privateMetadata'>
> & { updatedAt: number };

/** One user's membership of one organization, with its role key (`org:admin`). */
export interface OrganizationMembershipRecord {
  id: string;
  organizationId: string;
  userId: string;
  role: string;
  publicMetadata: Json;
  privateMetadata: Json;
  createdAt: number;
  updatedAt: number;
}

/** A membership with what every read of it shows: its organization, its user and its role's permission keys. */
export interface MembershipDetails {
  membership: OrganizationMembershipRecord;
  organization: OrganizationRecord;
  user: UserRecord;
  /** Every permission key the role grants (system ones included); empty when the role is unknown. */
  permissions: string[];
}

/** A role (`org:admin`, `org:member`, or custom) and the permission keys it grants. */
export interface OrganizationRoleRecord {
  id: string;
  key: string;
  name: string;
  description: string | null;
  /** Permission keys, stored with the role so that minting a token reads them in the same join. */
  permissions: string[];
  /** `org:admin` and `org:member`: cannot be deleted or re-keyed. */
  isSystem: boolean;
  createdAt: number;
  updatedAt: number;
}

/** A permission: `org:<feature>:<action>`; system ones are `org:sys_<feature>:<action>`. */
export interface OrganizationPermissionRecord {
  id: string;
  key: string;
  name: string;
  description: string;
  isSystem: boolean;
  createdAt: number;
  updatedAt: number;
}

export interface OrganizationListFilter extends ListOptions {
  /** Exact id, or substring of name or slug (case-insensitive). */
  query?: string;
  organizationIds?: string[];
  orderBy?: 'created_at' | '-created_at' | 'name' | '-name';
}

export interface MembershipListFilter extends ListOptions {
  /** Exactly one of the two, or neither with `userIds` (every membership of those users). */
  organizationId?: string;
  userId?: string;
  roles?: string[];
  userIds?: string[];
  orderBy?: 'created_at' | '-created_at';
}

export interface OrganizationStore {
  /** Creates the organization and, in the same transaction, its creator's membership. */
  create(organization: OrganizationRecord, creatorMembership?: OrganizationMembershipRecord): Promise<void>;
  getById(id: string): Promise<OrganizationRecord | null>;
  getBySlug(slug: string): Promise<OrganizationRecord | null>;
  list(filter: OrganizationListFilter): Promise<OrganizationRecord[]>;
  count(filter: Omit<OrganizationListFilter, 'limit' | 'offset' | 'orderBy'>): Promise<number>;
  /** Members per organization, for the ids given. */
  countMembers(organizationIds: string[]): Promise<Map<string, number>>;
  update(id: string, patch: OrganizationPatch): Promise<OrganizationRecord | null>;
  /**
   * Deletes the organization and its memberships, and clears it as the
   * active organization of every session that had it.
   */
  delete(id: string, at: number): Promise<boolean>;
}

export interface OrganizationMembershipStore {
  create(membership: OrganizationMembershipRecord): Promise<void>;
  get(organizationId: string, userId: string): Promise<MembershipDetails | null>;
  list(filter: MembershipListFilter): Promise<MembershipDetails[]>;
  count(filter: Omit<MembershipListFilter, 'limit' | 'offset' | 'orderBy'>): Promise<number>;
  update(
    organizationId: string,
    userId: string,
    patch: Partial<Pick<OrganizationMembershipRecord, 'role' | 'publicMetadata' | 'privateMetadata'>> & { updatedAt: number },
  ): Promise<MembershipDetails | null>;
  /** Deletes the membership and clears the organization as active in that user's sessions. */
  delete(organizationId: string, userId: string, at: number): Promise<boolean>;
  /** Renames a role key on every membership that holds it; returns how many. */
  renameRole(from: string, to: string, at: number): Promise<number>;
  countWithRole(role: string): Promise<number>;
}

export interface OrganizationRoleStore {
  list(options: ListOptions & { query?: string; orderBy?: 'created_at' | '-created_at' | 'key' | '-key' | 'name' | '-name' }): Promise<OrganizationRoleRecord[]>;
  count(options: { query?: string }): Promise<number>;
  getById(id: string): Promise<OrganizationRoleRecord | null>;
  getByKey(key: string): Promise<OrganizationRoleRecord | null>;
  create(role: OrganizationRoleRecord): Promise<void>;
  update(
    id: string,
    patch: Partial<Pick<OrganizationRoleRecord, 'key' | 'name' | 'description' | 'permissions'>> & { updatedAt: number },
  ): Promise<OrganizationRoleRecord | null>;
  delete(id: string): Promise<boolean>;
}

export interface OrganizationPermissionStore {
  list(options: ListOptions & { query?: string; orderBy?: 'created_at' | '-created_at' | 'key' | '-key' | 'name' | '-name' }): Promise<OrganizationPermissionRecord[]>;
  count(options: { query?: string }): Promise<number>;
  getById(id: string): Promise<OrganizationPermissionRecord | null>;
  getByKey(key: string): Promise<OrganizationPermissionRecord | null>;
  /** Every permission with one of these keys. */
  getByKeys(keys: string[]): Promise<OrganizationPermissionRecord[]>;
  create(permission: OrganizationPermissionRecord): Promise<void>;
  update(
    id: string,
    patch: Partial<Pick<OrganizationPermissionRecord, 'key' | 'name' | 'description'>> & { updatedAt: number },
  ): Promise<OrganizationPermissionRecord | null>;
  delete(id: string): Promise<boolean>;
}

/** The session's active organization as a token carries it: present only while the user is still a member. */
export interface ActiveOrganization {
  organization: OrganizationRecord;
  membership: OrganizationMembershipRecord;
  /** Every permission key the membership's role grants (system ones included). */
  permissions: string[];
}

/** Everything minting a token needs, read in one query. */
export interface SessionTokenContext {
  session: SessionRecord;
  user: UserRecord;
  organization: ActiveOrganization | null;
}

/** The token mint's read of `store.sessions`, implemented beside the organization tables it joins. */
export interface SessionTokenContextRead {
  /**
   * The session, its user and its active organization (with membership and
   * role permissions, only while the user is still a member) in one read.
   */
  getTokenContext(id: string): Promise<SessionTokenContext | null>;
}

export const TemplateSigningAlgorithm = { HS256: 'HS256', HS384: 'HS384', HS512: 'HS512' } as const;
export type TemplateSigningAlgorithm = (typeof TemplateSigningAlgorithm)[keyof typeof TemplateSigningAlgorithm];

/** A JWT template (`jtmp_…`): named claims with shortcodes, minted with `getToken({ template })`. */
export interface JwtTemplateRecord {
  id: string;
  name: string;
  claims: Json;
  lifetimeSeconds: number;
  allowedClockSkewSeconds: number;
  /** The template's own algorithm; `null`: signed with the instance's keys. */
  signingAlgorithm: TemplateSigningAlgorithm | null;
  /** The template's own secret, encrypted at rest like the instance's private keys; `null` with the instance's keys. */
  signingKeyCiphertext: string | null;
  createdAt: number;
  updatedAt: number;
}

export type JwtTemplatePatch = Partial<Omit<JwtTemplateRecord, 'id' | 'createdAt' | 'updatedAt'>> & { updatedAt: number };

export interface JwtTemplateStore {
  list(options: ListOptions): Promise<JwtTemplateRecord[]>;
  count(): Promise<number>;
  getById(id: string): Promise<JwtTemplateRecord | null>;
  getByName(name: string): Promise<JwtTemplateRecord | null>;
  create(template: JwtTemplateRecord): Promise<void>;
  update(id: string, patch: JwtTemplatePatch): Promise<JwtTemplateRecord | null>;
  delete(id: string): Promise<boolean>;
  /** Longest `lifetime + allowed clock skew` of templates signed with the instance's keys; 0 when there are none. */
  maxInstanceSignedLifetimeSeconds(): Promise<number>;
  /** The custom claims merged into every session token (`{}` when none are set). */
  getSessionClaims(): Promise<{ claims: Json; updatedAt: number }>;
  setSessionClaims(claims: Json, at: number): Promise<void>;
}

export interface Store {
  readonly dialect: 'sqlite' | 'postgres';
  /** The webhook outbox, deliveries and endpoints (`scale-out-contract.ts`). */
  webhooks: WebhookStore;
  /** The revocation feed's catch-up read (`scale-out-contract.ts`). */
  revocations: RevocationStore;
  users: UserStore;
  clients: ClientStore;
  sessions: SessionStore & SessionTokenContextRead;
  signingKeys: SigningKeyStore;
  instance: InstanceStore;
  organizations: OrganizationStore;
  organizationMemberships: OrganizationMembershipStore;
  organizationRoles: OrganizationRoleStore;
  organizationPermissions: OrganizationPermissionStore;
  jwtTemplates: JwtTemplateStore;
  /** Runs `fn` in one transaction; the store it is given works inside it. */
  transaction<T>(fn: (store: Store) => Promise<T>): Promise<T>;
  /** Runs pending migrations. Safe to call from several processes at once. */
  migrate(): Promise<void>;
  close(): Promise<void>;
}
