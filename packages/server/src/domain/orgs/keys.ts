/**
 * Role and permission keys, as Clerk writes them: roles `org:<role>`,
 * permissions `org:<feature>:<action>`. System permissions have a feature
 * starting with `sys_`; they are never carried in tokens (as with Clerk:
 * check them with `has({ role })`), which keeps the session cookie small.
 */
import { DomainErrorCode, LatchkeyDomainError } from '../errors.js';

export const ADMIN_ROLE = 'org:admin';
export const MEMBER_ROLE = 'org:member';
/** The role given to whoever creates an organization (Clerk's default "creator role"). */
export const CREATOR_ROLE = ADMIN_ROLE;

const SEGMENT = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/** Clerk's `has()` rule: one `org:` prefix, however many (or none) were written. */
export const withOrgPrefix = (key: string): string => key.trim().replace(/^(org:)*/, 'org:');

export const isSystemPermission = (key: string): boolean => key.startsWith('org:sys_');

const invalid = (param: string, message: string) =>
  new LatchkeyDomainError(DomainErrorCode.IdentifierInvalid, message, { param_name: param });

/** `admin` or `org:admin` → `org:admin`; refuses anything that is not one lowercase segment. */
export function normalizeRoleKey(key: string, param = 'key'): string {
  const normalized = withOrgPrefix(key);
  if (!SEGMENT.test(normalized.slice(4))) {
    throw invalid(param, `${param}: a role key is org: followed by lowercase letters, digits, _ or - (as in org:billing_manager)`);
  }
  return normalized;
}

/** `reports:read` or `org:reports:read` → `org:reports:read`, split into feature and action. */
export function parsePermissionKey(key: string, param = 'key'): { key: string; feature: string; action: string } {
  const normalized = withOrgPrefix(key);
  const [feature = '', action = '', ...rest] = normalized.slice(4).split(':');
  if (rest.length > 0 || !SEGMENT.test(feature) || !SEGMENT.test(action)) {
    throw invalid(param, `${param}: a permission key is org:<feature>:<action> in lowercase letters, digits, _ or - (as in org:invoices:read)`);
  }
  return { key: normalized, feature, action };
}

/** Role and permission names: what people read in a dashboard, 1 to 256 characters. */
export function assertDisplayName(name: string): string {
  const trimmed = name.trim();
  if (trimmed.length === 0 || trimmed.length > 256) throw invalid('name', 'name: 1 to 256 characters');
  return trimmed;
}
