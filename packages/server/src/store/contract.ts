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
  /** The session and its user in one read: what minting a token needs. */
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

export interface Store {
  readonly dialect: 'sqlite' | 'postgres';
  /** The webhook outbox, deliveries and endpoints (`scale-out-contract.ts`). */
  webhooks: WebhookStore;
  /** The revocation feed's catch-up read (`scale-out-contract.ts`). */
  revocations: RevocationStore;
  users: UserStore;
  clients: ClientStore;
  sessions: SessionStore;
  signingKeys: SigningKeyStore;
  instance: InstanceStore;
  /** Runs `fn` in one transaction; the store it is given works inside it. */
  transaction<T>(fn: (store: Store) => Promise<T>): Promise<T>;
  /** Runs pending migrations. Safe to call from several processes at once. */
  migrate(): Promise<void>;
  close(): Promise<void>;
}
