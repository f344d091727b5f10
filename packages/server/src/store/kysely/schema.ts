/** Row types of the Kysely schema. Internal to `store/`: the domain never sees them. */
type Bool = number; // 0 | 1, the same on SQLite and PostgreSQL

export interface InstanceTable {
  id: number;
  secret_key_hash: string;
  settings: string;
  created_at: number;
  updated_at: number;
}

export interface SettingsAuditTable {
  id: string;
  changed_at: number;
  actor: string;
  before: string;
  after: string;
}

export interface UsersTable {
  id: string;
  email_address: string;
  email_address_id: string;
  password_hash: string | null;
  first_name: string | null;
  last_name: string | null;
  external_id: string | null;
  public_metadata: string;
  private_metadata: string;
  unsafe_metadata: string;
  is_banned: Bool;
  is_locked: Bool;
  created_at: number;
  updated_at: number;
  last_sign_in_at: number | null;
}

export interface ClientsTable {
  id: string;
  secret_hash: string;
  last_active_session_id: string | null;
  created_at: number;
  updated_at: number;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  client_id: string;
  status: string;
  created_at: number;
  updated_at: number;
  last_active_at: number;
  expire_at: number;
  abandon_at: number | null;
  ended_at: number | null;
  last_active_organization_id: string | null;
  latest_activity: string | null;
  actor: string | null;
}

export interface SigningKeysTable {
  kid: string;
  algorithm: string;
  public_jwk: string;
  private_key_ciphertext: string;
  status: string;
  created_at: number;
  activate_at: number;
  retired_at: number | null;
  expires_at: number | null;
}

export interface OrganizationsTable {
  id: string;
  name: string;
  slug: string;
  max_allowed_memberships: number;
  is_admin_delete_enabled: Bool;
  public_metadata: string;
  private_metadata: string;
  created_by: string | null;
  created_at: number;
  updated_at: number;
}

export interface OrganizationMembershipsTable {
  id: string;
  organization_id: string;
  user_id: string;
  role: string;
  public_metadata: string;
  private_metadata: string;
  created_at: number;
  updated_at: number;
}

export interface OrganizationRolesTable {
  id: string;
  key: string;
  name: string;
  description: string | null;
  /** JSON array of permission keys. */
  permissions: string;
  is_system: Bool;
  created_at: number;
  updated_at: number;
}

export interface OrganizationPermissionsTable {
  id: string;
  key: string;
  name: string;
  description: string;
  is_system: Bool;
  created_at: number;
  updated_at: number;
}

export interface JwtTemplatesTable {
  id: string;
  name: string;
  claims: string;
  lifetime_seconds: number;
  allowed_clock_skew_seconds: number;
  signing_algorithm: string | null;
  signing_key_ciphertext: string | null;
  created_at: number;
  updated_at: number;
}

export interface SessionTokenClaimsTable {
  id: number;
  claims: string;
  updated_at: number;
}

export interface Database {
  instance: InstanceTable;
  settings_audit: SettingsAuditTable;
  users: UsersTable;
  clients: ClientsTable;
  sessions: SessionsTable;
  signing_keys: SigningKeysTable;
  organizations: OrganizationsTable;
  organization_memberships: OrganizationMembershipsTable;
  organization_roles: OrganizationRolesTable;
  organization_permissions: OrganizationPermissionsTable;
  jwt_templates: JwtTemplatesTable;
  session_token_claims: SessionTokenClaimsTable;
}
