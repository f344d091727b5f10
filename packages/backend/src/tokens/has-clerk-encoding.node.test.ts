/**
 * `has()` and the org fields over claims in Clerk's v2 encoding (top-level
 * `fea`, `o.per`, `o.fpm`), compared with Clerk's own published parser
 * (`@clerk/backend/internal` signedInAuthObject) on the same claims. The
 * cases go beyond what the server mints today: several features, features
 * scoped to the user only (`u:`) or both (`ou:`), masks longer or shorter
 * than the feature list, no `fea`, empty `per`. Node only: Clerk's package is
 * a root dev dependency loaded as Node would.
 */
import { signedInAuthObject as clerkSignedIn } from '@clerk/backend/internal';
import { describe, expect, it } from 'vitest';
import { signedInAuthObject } from './auth-object.js';

const base = { sub: 'user_1', sid: 'sess_1', iss: 'http://localhost:4400', iat: 1, nbf: 1, exp: 2, v: 2 };
const claimSets: Record<string, Record<string, unknown>> = {
  'admin, two org features': { ...base, fea: 'o:reports,o:billing', o: { id: 'org_1', slg: 'acme', rol: 'admin', per: 'read,manage', fpm: '3,1' } },
  'member, user-only feature skipped': { ...base, fea: 'u:profile,o:reports,ou:teams', o: { id: 'org_1', rol: 'member', per: 'read,manage,invite', fpm: '1,5' } },
  'analyst, mask wider than actions': { ...base, fea: 'o:reports', o: { id: 'org_1', rol: 'analyst', per: 'read', fpm: '7' } },
  'custom role, no permissions': { ...base, fea: 'o:reports', o: { id: 'org_2', rol: 'viewer', per: '', fpm: '' } },
  'no organization': { ...base },
};
const checks = [
  { role: 'org:admin' },
  { role: 'admin' },
  { role: 'org:member' },
  { role: 'org:analyst' },
  { role: 'org:viewer' },
  { permission: 'org:reports:read' },
  { permission: 'reports:read' },
  { permission: 'org:reports:manage' },
  { permission: 'org:billing:read' },
  { permission: 'org:billing:manage' },
  { permission: 'org:teams:read' },
  { permission: 'org:teams:invite' },
  { permission: 'org:profile:read' },
  { role: 'org:admin', permission: 'org:reports:manage' },
  { role: 'org:member', permission: 'org:reports:manage' },
];
const ctx = { request: new Request('http://localhost:3000/api'), token: 't', signInUrl: null };

describe('has() with Clerk\'s claim encoding agrees with @clerk/backend', () => {
  for (const [name, claims] of Object.entries(claimSets)) {
    it(`[${name}]`, () => {
      const ours = signedInAuthObject(ctx, Object.freeze(claims));
      const clerk = clerkSignedIn({}, 't', claims as never);
      expect(checks.map((c) => ours.has(c as never))).toEqual(checks.map((c) => clerk.has(c as never)));
      expect(ours.orgId).toBe(clerk.orgId ?? null);
      expect(ours.orgRole).toBe(clerk.orgRole ?? null);
      expect(ours.orgSlug).toBe(clerk.orgSlug ?? null);
      expect([...(ours.orgPermissions ?? [])].sort()).toEqual([...(clerk.orgPermissions ?? [])].sort());
    });
  }

  it('decodes the permissions of a frozen (cached) payload once and hands out a frozen list', () => {
    const claims = Object.freeze(claimSets['admin, two org features']!);
    const a = signedInAuthObject(ctx, claims);
    const b = signedInAuthObject(ctx, claims);
    expect(a.orgPermissions).toEqual(['org:reports:read', 'org:reports:manage', 'org:billing:read']);
    expect(b.orgPermissions).toBe(a.orgPermissions);
    expect(Object.isFrozen(a.orgPermissions)).toBe(true);
    expect(() => (a.orgPermissions as string[]).push('org:billing:manage')).toThrow(TypeError);
    expect(b.has({ permission: 'org:billing:manage' })).toBe(false);
  });
});
