/**
 * The Frontend API's JSON (snake_case, Unix ms) and the camelCase resources
 * the client hands to apps. Only what the browser needs is typed; the raw
 * JSON stays reachable as `raw`.
 */
/** An organization as the Frontend API shows it inside a membership (nothing private). */
export interface OrganizationJson {
  object: 'organization';
  id: string;
  name: string;
  slug: string;
  image_url: string;
  has_image: boolean;
  public_metadata: Record<string, unknown>;
  max_allowed_memberships?: number;
  admin_delete_enabled?: boolean;
  created_at: number;
  updated_at: number;
  [field: string]: unknown;
}

/** One of the user's organization memberships (Clerk's `user.organization_memberships[]`). */
export interface OrganizationMembershipJson {
  object: 'organization_membership';
  id: string;
  /** With its `org:` prefix (`org:admin`). */
  role: string;
  /** Every permission the role grants, system ones (`org:sys_*`) included. */
  permissions: string[];
  public_metadata: Record<string, unknown>;
  organization: OrganizationJson;
  created_at: number;
  updated_at: number;
  [field: string]: unknown;
}

export interface UserJson {
  id: string;
  first_name: string | null;
  last_name: string | null;
  image_url?: string;
  primary_email_address_id?: string | null;
  email_addresses: { id?: string; email_address: string }[];
  public_metadata: Record<string, unknown>;
  unsafe_metadata: Record<string, unknown>;
  /** Newest first; absent from servers that predate organizations. */
  organization_memberships?: OrganizationMembershipJson[];
  created_at?: number;
  updated_at?: number;
  [field: string]: unknown;
}

export interface SessionActivityJson {
  device_type: string | null;
  is_mobile: boolean;
  browser_name: string | null;
  browser_version: string | null;
  ip_address: string | null;
  city?: string | null;
  country?: string | null;
}

export interface SessionJson {
  id: string;
  status: string;
  user_id?: string;
  expire_at: number;
  abandon_at: number;
  last_active_at: number;
  last_active_organization_id: string | null;
  latest_activity: SessionActivityJson | null;
  created_at: number;
  updated_at: number;
  user: UserJson | null;
  public_user_data?: { identifier: string; first_name: string | null; last_name: string | null; user_id: string } | null;
}

export interface ClientJson {
  object: 'client';
  id: string;
  sessions: SessionJson[];
  last_active_session_id: string | null;
  created_at?: number;
  updated_at?: number;
}

/** A session as `GET /v1/me/sessions` lists it (any device of the user). */
export interface DeviceSessionJson extends Omit<SessionJson, 'user' | 'public_user_data'> {
  is_current: boolean;
}

/** An organization, camelCased. */
export interface OrganizationResource {
  id: string;
  name: string;
  slug: string;
  imageUrl: string;
  hasImage: boolean;
  publicMetadata: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
  raw: OrganizationJson;
}

/** One of the user's organization memberships, camelCased (Clerk's `OrganizationMembershipResource` fields). */
export interface OrganizationMembershipResource {
  id: string;
  /** With its `org:` prefix (`org:admin`). */
  role: string;
  /** Every permission the role grants, system ones (`org:sys_*`) included, as the Frontend API lists them. */
  permissions: string[];
  publicMetadata: Record<string, unknown>;
  organization: OrganizationResource;
  createdAt: Date;
  updatedAt: Date;
  raw: OrganizationMembershipJson;
}

/** A user, camelCased. */
export interface UserResource {
  id: string;
  firstName: string | null;
  lastName: string | null;
  fullName: string | null;
  primaryEmailAddress: string | null;
  emailAddresses: string[];
  imageUrl: string;
  publicMetadata: Record<string, unknown>;
  unsafeMetadata: Record<string, unknown>;
  /** The user's organizations, newest membership first. */
  organizationMemberships: OrganizationMembershipResource[];
  raw: UserJson;
}

export interface SessionActivity {
  deviceType: string | null;
  isMobile: boolean;
  browserName: string | null;
  browserVersion: string | null;
  ipAddress: string | null;
}

/** Options of `getToken`. */
export interface GetTokenOptions {
  /** A JWT template name; without it, the session token. */
  template?: string;
  /** Ignore tokens minted before this call (still shares a mint that starts now, in this tab or another). */
  skipCache?: boolean;
}

/** One of this browser's sessions. */
export interface SessionResource {
  id: string;
  status: string;
  createdAt: Date;
  lastActiveAt: Date;
  expireAt: Date;
  abandonAt: Date;
  lastActiveOrganizationId: string | null;
  latestActivity: SessionActivity | null;
  user: UserResource | null;
  /** Records activity and makes this the browser's active session. */
  touch(): Promise<void>;
  /** Signs this session out (status `ended`). */
  end(): Promise<void>;
  /** Removes this session from the browser's account list (status `removed`). */
  remove(): Promise<void>;
  /** A token for this session (see `Latchkey.getToken`). */
  getToken(options?: GetTokenOptions): Promise<string | null>;
  raw: SessionJson;
}

/** One of the signed-in user's sessions on any device (`<SessionList/>`). */
export interface DeviceSessionResource {
  id: string;
  status: string;
  isCurrent: boolean;
  createdAt: Date;
  lastActiveAt: Date;
  expireAt: Date;
  latestActivity: SessionActivity | null;
  /** Signs that device's session out (status `revoked`). */
  revoke(): Promise<void>;
}

export interface ClientResource {
  id: string;
  sessions: SessionResource[];
  lastActiveSessionId: string | null;
}

export function toUser(json: UserJson): UserResource {
  const primary = json.email_addresses.find((e) => e.id !== undefined && e.id === json.primary_email_address_id) ?? json.email_addresses[0];
  const fullName = [json.first_name, json.last_name].filter(Boolean).join(' ');
  return {
    id: json.id,
    firstName: json.first_name,
    lastName: json.last_name,
    fullName: fullName === '' ? null : fullName,
    primaryEmailAddress: primary?.email_address ?? null,
    emailAddresses: json.email_addresses.map((e) => e.email_address),
    imageUrl: json.image_url ?? '',
    publicMetadata: json.public_metadata ?? {},
    unsafeMetadata: json.unsafe_metadata ?? {},
    organizationMemberships: (json.organization_memberships ?? []).map(toOrganizationMembership),
    raw: json,
  };
}

export function toOrganization(json: OrganizationJson): OrganizationResource {
  return {
    id: json.id,
    name: json.name,
    slug: json.slug,
    imageUrl: json.image_url ?? '',
    hasImage: json.has_image === true,
    publicMetadata: json.public_metadata ?? {},
    createdAt: new Date(json.created_at),
    updatedAt: new Date(json.updated_at),
    raw: json,
  };
}

export function toOrganizationMembership(json: OrganizationMembershipJson): OrganizationMembershipResource {
  return {
    id: json.id,
    role: json.role,
    permissions: json.permissions ?? [],
    publicMetadata: json.public_metadata ?? {},
    organization: toOrganization(json.organization),
    createdAt: new Date(json.created_at),
    updatedAt: new Date(json.updated_at),
    raw: json,
  };
}

export function toActivity(json: SessionActivityJson | null): SessionActivity | null {
  if (!json) return null;
  return {
    deviceType: json.device_type,
    isMobile: json.is_mobile,
    browserName: json.browser_name,
    browserVersion: json.browser_version,
    ipAddress: json.ip_address,
  };
}
