/**
 * The active organization in a v2 session token, in Clerk's encoding, so
 * that Clerk's `has()` (`__experimental_JWTPayloadToAuthObjectProperties`)
 * and ours read the same permissions from it:
 *
 *   fea: "o:dashboard,o:teams"                 the features of the role's permissions
 *   o:   { id, rol: "admin", slg, per: "manage,read", fpm: "3,2" }
 *
 * `per` lists the actions; `fpm` holds one decimal bitmask per feature of
 * `fea`, in the same order, whose bit j (least significant first) says the
 * role grants action j of `per`. Above: dashboard:manage, dashboard:read and
 * teams:read. Only custom permissions travel (system `org:sys_*` ones do not,
 * as with Clerk), and `fea` names each feature once.
 */
import type { OrganizationClaim } from '@latchkey/backend/internal';
import type { ActiveOrganization } from '../../store/contract.js';
import { isSystemPermission } from './keys.js';

/** The custom (non-system) permission keys of a role, sorted: what tokens and templates carry. */
export function tokenPermissions(permissions: readonly string[]): string[] {
  return [...new Set(permissions.filter((key) => !isSystemPermission(key) && /^org:[^:,]+:[^:,]+$/.test(key)))].sort();
}

export function toOrganizationClaims(active: ActiveOrganization): { o: OrganizationClaim; fea?: string } {
  const pairs = tokenPermissions(active.permissions).map((key) => {
    const [, feature, action] = key.split(':') as [string, string, string];
    return { feature, action };
  });
  const features = [...new Set(pairs.map((p) => p.feature))].sort();
  const actions = [...new Set(pairs.map((p) => p.action))].sort();
  const masks = features.map((feature) =>
    pairs
      .filter((p) => p.feature === feature)
      // BigInt: a role may grant more than 53 distinct actions; the decimal string stays exact.
      .reduce((mask, p) => mask | (1n << BigInt(actions.indexOf(p.action))), 0n),
  );
  const o: OrganizationClaim = {
    id: active.organization.id,
    rol: active.membership.role.replace(/^org:/, ''),
    slg: active.organization.slug,
    per: actions.join(','),
    fpm: masks.join(','),
  };
  return features.length > 0 ? { o, fea: features.map((f) => `o:${f}`).join(',') } : { o };
}
