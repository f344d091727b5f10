/**
 * Backend API resources as they travel (DESIGN §8): snake_case, timestamps in
 * Unix milliseconds, an `object` field. Only the fields Latchkey serves are
 * typed; anything more passes through untyped.
 */

export interface PaginatedList<T> {
  data: T[];
  total_count: number;
}

export interface ListParams {
  limit?: number;
  offset?: number;
  order_by?: string;
}

export interface EmailAddressJson {
  object: 'email_address';
  id: string;
  email_address: string;
  [field: string]: unknown;
}

export interface UserJson {
  object: 'user';
  id: string;
  email_addresses: EmailAddressJson[];
  primary_email_address_id: string | null;
  public_metadata: Record<string, unknown>;
  private_metadata?: Record<string, unknown>;
  unsafe_metadata: Record<string, unknown>;
  banned: boolean;
  locked?: boolean;
  created_at: number;
  updated_at: number;
  last_sign_in_at?: number | null;
  [field: string]: unknown;
}

export type SessionStatus = 'active' | 'ended' | 'removed' | 'revoked' | 'expired' | 'abandoned' | 'replaced' | 'pending';

export interface SessionJson {
  object: 'session';
  id: string;
  user_id: string;
  client_id: string;
  status: SessionStatus;
  last_active_at: number;
  last_active_organization_id: string | null;
  expire_at: number;
  abandon_at: number | null;
  created_at: number;
  updated_at: number;
  actor?: Record<string, unknown> | null;
  latest_activity?: Record<string, unknown> | null;
  [field: string]: unknown;
}

export interface ClientJson {
  object: 'client';
  id: string;
  session_ids: string[];
  sessions: SessionJson[];
  last_active_session_id: string | null;
  created_at: number;
  updated_at: number;
  [field: string]: unknown;
}

export interface TokenJson {
  object: 'token';
  jwt: string;
}

export interface OrganizationJson {
  object: 'organization';
  id: string;
  name: string;
  slug: string;
  public_metadata: Record<string, unknown>;
  private_metadata?: Record<string, unknown>;
  members_count?: number;
  created_at: number;
  updated_at: number;
  [field: string]: unknown;
}

export interface OrganizationMembershipJson {
  object: 'organization_membership';
  id: string;
  role: string;
  permissions: string[];
  organization: OrganizationJson;
  public_user_data?: { user_id: string; [field: string]: unknown };
  created_at: number;
  updated_at: number;
  [field: string]: unknown;
}

export interface RoleJson {
  object: 'role';
  id: string;
  key: string;
  name: string;
  description?: string | null;
  permissions: PermissionJson[];
  [field: string]: unknown;
}

export interface PermissionJson {
  object: 'permission';
  id: string;
  key: string;
  name: string;
  description?: string | null;
  [field: string]: unknown;
}

export interface JwtTemplateJson {
  object: 'jwt_template';
  id: string;
  name: string;
  claims: Record<string, unknown>;
  lifetime: number;
  allowed_clock_skew: number;
  signing_algorithm?: string;
  custom_signing_key?: boolean;
  created_at: number;
  updated_at: number;
  [field: string]: unknown;
}

export interface DeletedObjectJson {
  object: string;
  id: string;
  deleted: true;
}

export interface JwksJson {
  keys: Array<JsonWebKey & { kid: string }>;
}

export interface HandshakePayloadJson {
  directives: string[];
}

/** `GET|PATCH /v1/instance`: the instance settings, snake_case (Latchkey's own resource). */
export interface InstanceSettingsJson {
  object: 'instance_settings';
  [setting: string]: unknown;
}
