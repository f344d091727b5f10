/**
 * Instance settings: data in the store, changed through the Backend API (or
 * the CLI and dashboard on top of it), audited, and applied without a
 * restart. Boot configuration (database, secret, listen address) is not here.
 */
import { z } from 'zod';

export const instanceSettingsSchema = z
  .object({
    /** Absolute session lifetime. @default 604800 (7 days) */
    sessionMaxLifetimeSeconds: z.number().int().min(60).max(10 * 365 * 24 * 3600),
    /** End a session after this long without activity; `null` turns it off. @default null */
    inactivityTimeoutSeconds: z.number().int().min(60).nullable(),
    /** `single`: a new sign-in on a browser replaces its session; `multi`: several accounts per browser. */
    multiSessionMode: z.enum(['single', 'multi']),
    /** Active sessions one browser may hold in multi-session mode. @default 5 */
    maxSessionsPerClient: z.number().int().min(1).max(50),
    /** Lifetime of session tokens. @default 60 */
    sessionTokenTtlSeconds: z.number().int().min(30).max(3600),
    /** Allowed clock skew, also the `nbf` back-dating of minted tokens. @default 5 */
    clockSkewSeconds: z.number().int().min(0).max(300),
    /** App origins allowed beyond those given at boot (CORS, `azp`, redirects). */
    allowedOrigins: z.array(z.url()).max(100),
    cookieSameSite: z.enum(['lax', 'strict', 'none']),
    /** `null`: Secure exactly when the public URL is https. */
    cookieSecure: z.boolean().nullable(),
    /** Domain attribute for cookies the app must read (`__client_uat`); `null`: host-only. */
    cookieDomain: z.string().min(1).max(253).nullable(),
    /** Where signed-out page requests are sent; relative to the frontend API, or absolute. */
    signInUrl: z.string().min(1).max(2048),
    signUpUrl: z.string().min(1).max(2048),
    /** Algorithm of newly generated signing keys. @default 'RS256' */
    signingAlgorithm: z.enum(['RS256', 'ES256', 'EdDSA']),
  })
  .superRefine((s, ctx) => {
    if (s.cookieSameSite === 'none' && s.cookieSecure === false) {
      ctx.addIssue({ code: 'custom', path: ['cookieSecure'], message: 'SameSite=None cookies must be Secure' });
    }
    if (s.inactivityTimeoutSeconds !== null && s.inactivityTimeoutSeconds > s.sessionMaxLifetimeSeconds) {
      ctx.addIssue({
        code: 'custom',
        path: ['inactivityTimeoutSeconds'],
        message: 'The inactivity timeout cannot be longer than the session lifetime',
      });
    }
  });

export type InstanceSettings = z.infer<typeof instanceSettingsSchema>;

export const defaultInstanceSettings = {
  sessionMaxLifetimeSeconds: 7 * 24 * 3600,
  inactivityTimeoutSeconds: null,
  multiSessionMode: 'multi',
  maxSessionsPerClient: 5,
  sessionTokenTtlSeconds: 60,
  clockSkewSeconds: 5,
  allowedOrigins: [],
  cookieSameSite: 'lax',
  cookieSecure: null,
  cookieDomain: null,
  signInUrl: '/sign-in',
  signUpUrl: '/sign-up',
  signingAlgorithm: 'RS256',
} satisfies InstanceSettings;
