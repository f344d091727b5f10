/** The Backend API shapes the dashboard reads (Clerk's, snake_case, Unix ms). */
export interface User {
  id: string;
  first_name: string | null;
  last_name: string | null;
  email_addresses: { id: string; email_address: string }[];
  primary_email_address_id: string | null;
  public_metadata: Record<string, unknown>;
  private_metadata?: Record<string, unknown>;
  unsafe_metadata: Record<string, unknown>;
  banned: boolean;
  locked: boolean;
  last_sign_in_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface Session {
  id: string;
  client_id: string | null;
  user_id: string;
  status: string;
  last_active_at: number;
  expire_at: number;
  abandon_at: number;
  created_at: number;
  latest_activity: {
    device_type: string | null;
    is_mobile: boolean;
    browser_name: string | null;
    browser_version: string | null;
    ip_address: string | null;
  } | null;
}

export interface Paginated<T> {
  data: T[];
  total_count: number;
}

export interface Organization {
  id: string;
  name: string;
  slug: string | null;
  members_count?: number;
  max_allowed_memberships: number | null;
  public_metadata: Record<string, unknown>;
  private_metadata: Record<string, unknown>;
  created_at: number;
}

export interface Membership {
  id: string;
  role: string;
  permissions: string[];
  organization: Organization;
  public_user_data: { user_id: string; identifier: string; first_name: string | null; last_name: string | null };
  created_at: number;
}

export interface Role {
  id: string;
  key: string;
  name: string;
  description: string | null;
  permissions: { key: string; name: string }[];
}

export interface JwtTemplate {
  id: string;
  name: string;
  claims: Record<string, unknown>;
  lifetime: number;
  allowed_clock_skew: number;
  custom_signing_key: boolean;
  signing_algorithm: string;
  created_at: number;
  updated_at: number;
}

export interface SigningKey {
  kid: string;
  algorithm: string;
  status: string;
  created_at: number;
  activate_at: number | null;
  retired_at: number | null;
  expires_at: number | null;
}

export interface WebhookEndpoint {
  id: string;
  url: string;
  description: string | null;
  event_types: string[] | null;
  disabled: boolean;
  created_at: number;
}

export interface WebhookAttempt {
  id: string;
  event_id: string;
  event_type: string;
  attempted_at: number;
  status_code: number | null;
  error: string | null;
  duration_ms: number | null;
  success: boolean;
}

export interface InstanceSettings {
  session_max_lifetime_seconds: number;
  inactivity_timeout_seconds: number | null;
  multi_session_mode: 'single' | 'multi';
  max_sessions_per_client: number;
  session_token_ttl_seconds: number;
  clock_skew_seconds: number;
  allowed_origins: string[];
  cookie_same_site: 'lax' | 'strict' | 'none';
  cookie_secure: boolean | null;
  cookie_domain: string | null;
  sign_in_url: string;
  sign_up_url: string;
  signing_algorithm: 'RS256' | 'ES256' | 'EdDSA';
}

export interface SettingsChange {
  id: string;
  changed_at: number;
  actor: string;
  before: Record<string, unknown>;
  after: Record<string, unknown>;
}

export const emailOf = (u: Pick<User, 'email_addresses' | 'primary_email_address_id'>) =>
  (u.email_addresses.find((e) => e.id === u.primary_email_address_id) ?? u.email_addresses[0])?.email_address ?? '(no e-mail)';
export const nameOf = (u: Pick<User, 'first_name' | 'last_name'>) => [u.first_name, u.last_name].filter(Boolean).join(' ');
