/**
 * Custom claims merged into every session token (Clerk's "customize session
 * token"): the same shortcodes as JWT templates. The session token travels
 * in the `__session` cookie, and browsers keep at most 4096 bytes of one
 * cookie (name and value), so a setting that would make a token larger is
 * refused when it is saved, measured on a token actually signed with the
 * instance key for a worst-case session: the longest allowed origin, the
 * role with the most permissions, long ids and names, an impersonator.
 * Metadata shortcodes are counted as empty (their size is the users'
 * data); a token that still grows past the limit is logged when minted.
 */
import { Cookies } from '@latchkey/backend/internal';
import type { Json, SessionTokenContext } from '../../../store/contract.js';
import type { DomainContext } from '../../context.js';
import { DomainErrorCode, LatchkeyDomainError } from '../../errors.js';
import { toOrganizationClaims } from '../../orgs/organization-claims.js';
import { compileClaims } from './compile-claims.js';
import { createShortcodeResolver } from './shortcodes.js';

/** Claims of the session token itself, which custom claims may not set. */
export const SESSION_RESERVED_CLAIMS: ReadonlySet<string> = new Set([
  'act', 'azp', 'exp', 'fea', 'fva', 'iat', 'iss', 'jti', 'nbf', 'o', 'pla', 'sid', 'sts', 'sub', 'v',
]);

/** What browsers store of one cookie, name and value together. */
export const SESSION_COOKIE_LIMIT_BYTES = 4096;

export const sessionCookieBytes = (jwt: string) => Buffer.byteLength(`${Cookies.Session}=${jwt}`);

export async function getSessionTokenClaims(ctx: DomainContext): Promise<{ claims: Json; updatedAt: number }> {
  return ctx.store.jwtTemplates.getSessionClaims();
}

/** Sets (or, with `{}`, clears) the custom session claims, after the syntax and size checks. */
export async function setSessionTokenClaims(ctx: DomainContext, claims: unknown): Promise<{ claims: Json; updatedAt: number }> {
  const compiled = compileClaims(claims, { reserved: SESSION_RESERVED_CLAIMS });
  if (Object.keys(compiled.source).length > 0) {
    const bytes = await largestSessionCookieBytes(ctx, compiled.render.bind(compiled));
    if (bytes > SESSION_COOKIE_LIMIT_BYTES) {
      throw new LatchkeyDomainError(
        DomainErrorCode.SessionTokenTooLarge,
        `claims: with these claims a session token can reach ${bytes} bytes in its cookie, over the ${SESSION_COOKIE_LIMIT_BYTES}-byte limit of browsers; move large values out of the session token (into a JWT template, or read them on the server)`,
        { param_name: 'claims', bytes, limit_bytes: SESSION_COOKIE_LIMIT_BYTES },
      );
    }
  }
  const at = ctx.now();
  await ctx.store.jwtTemplates.setSessionClaims(compiled.source, at);
  ctx.templates.reload();
  return { claims: compiled.source, updatedAt: at };
}

async function largestSessionCookieBytes(ctx: DomainContext, render: (resolve: ReturnType<typeof createShortcodeResolver>) => Json): Promise<number> {
  const [settings, signer, roles] = await Promise.all([ctx.settings.get(), ctx.keys.signer(), ctx.store.organizationRoles.list({ limit: 500 })]);
  const long = (prefix: string, length: number) => `${prefix}${'x'.repeat(length - prefix.length)}`;
  const at = ctx.now();
  const userId = long('user_', 29);
  const context = (role: { key: string; permissions: string[] } | null): SessionTokenContext => ({
    session: {
      id: long('sess_', 29), userId, clientId: long('client_', 31), status: 'active', createdAt: at, updatedAt: at, lastActiveAt: at,
      expireAt: at, abandonAt: null, endedAt: null, lastActiveOrganizationId: null, latestActivity: null, actor: { sub: long('user_', 29) },
    },
    user: {
      id: userId, emailAddress: long('a', 64), emailAddressId: long('idn_', 28), passwordHash: null, firstName: long('f', 64),
      lastName: long('l', 64), externalId: long('e', 64), publicMetadata: {}, privateMetadata: {}, unsafeMetadata: {}, banned: false,
      locked: false, createdAt: at, updatedAt: at, lastSignInAt: at,
    },
    organization: role && {
      organization: {
        id: long('org_', 28), name: long('n', 64), slug: long('s', 64), maxAllowedMemberships: 0, adminDeleteEnabled: true,
        publicMetadata: {}, privateMetadata: {}, createdBy: null, createdAt: at, updatedAt: at,
      },
      membership: {
        id: long('orgmem_', 31), organizationId: long('org_', 28), userId, role: role.key, publicMetadata: {}, privateMetadata: {},
        createdAt: at, updatedAt: at,
      },
      permissions: role.permissions,
    },
  });
  const origins = [ctx.config.publicUrl, ...ctx.config.allowedOrigins, ...settings.allowedOrigins];
  const azp = origins.reduce((a, b) => (b.length > a.length ? b : a), '');
  const iat = 9_999_999_999; // ten-digit times, whatever the clock says
  const payloads = [null, ...roles].map((role) => {
    const c = context(role);
    const org = c.organization ? toOrganizationClaims(c.organization) : null;
    return {
      ...render(createShortcodeResolver(c)),
      azp, exp: iat, ...(org?.fea ? { fea: org.fea } : {}), iat, iss: ctx.config.publicUrl,
      nbf: iat, ...(org ? { o: org.o } : {}), sid: c.session.id, sub: userId, v: 2, act: c.session.actor,
    };
  });
  // The signature has a fixed length per key: signing the longest payload is enough.
  const longest = payloads.reduce((a, b) => (JSON.stringify(b).length > JSON.stringify(a).length ? b : a));
  const largest = sessionCookieBytes(signer.sign(longest));
  return largest;
}
