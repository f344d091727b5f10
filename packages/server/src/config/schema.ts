import { z } from 'zod';
import type { Cache } from '../cache/contract.js';
import type { InstanceSettings } from '../domain/settings/instance-settings.js';
import type { Store } from '../store/contract.js';

const rateLimitRule = z.object({
  limit: z.number().int().min(1),
  windowSeconds: z.number().int().min(1),
});
export type RateLimitRule = z.infer<typeof rateLimitRule>;

export const rateLimitsSchema = z.object({
  /** Sign-in attempts per client IP. @default 30 per 60 s */
  signInPerIp: rateLimitRule,
  /** Sign-in attempts per identifier (e-mail), whatever the IP. @default 10 per 300 s */
  signInPerIdentifier: rateLimitRule,
  /** Sign-ups per client IP. @default 10 per 60 s */
  signUpPerIp: rateLimitRule,
  /** Sign-up attempts per e-mail address, whatever the IP. @default 5 per 300 s */
  signUpPerIdentifier: rateLimitRule,
  /** Token mints per client IP. @default 600 per 60 s */
  tokensPerIp: rateLimitRule,
});
export type RateLimits = z.infer<typeof rateLimitsSchema>;

const originSchema = z
  .string()
  .transform((value, ctx) => {
    try {
      const url = new URL(value);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('protocol');
      return url.origin;
    } catch {
      ctx.addIssue({ code: 'custom', message: `"${value}" is not an http(s) origin` });
      return z.NEVER;
    }
  });

export const serverConfigSchema = z.object({
  /** `sqlite:<path>`, `sqlite::memory:`, or `postgres://…`. Ignored when `store` is given. */
  databaseUrl: z.string().min(1).default('sqlite:./.latchkey/latchkey.db'),
  /** The instance secret key (`sk_test_…` / `sk_live_…`): Backend API credential and root of at-rest encryption. */
  secretKey: z.string().regex(/^sk_(test|live)_[A-Za-z0-9]{20,}$/, 'must look like sk_test_… or sk_live_…'),
  /** The frontend API URL: token `iss`, publishable-key host, hosted pages. */
  publicUrl: originSchema,
  /** App origins allowed for CORS, `azp` and redirects (the public URL's origin is always allowed). */
  allowedOrigins: z.array(originSchema).default(['http://localhost:3000']),
  /** Redis URL for rate limits, revocation fan-out and caches; none means in-process. */
  redisUrl: z.string().optional(),
  /** Settings written on first start only; afterwards the stored settings rule. */
  initialSettings: z.record(z.string(), z.unknown()).default({}),
  rateLimits: rateLimitsSchema.partial().default({}),
  /** Request bodies larger than this get 413. @default 65536 */
  maxBodyBytes: z.number().int().min(1024).default(64 * 1024),
  /** Sum of header sizes larger than this gets 431. @default 16384 */
  maxHeaderBytes: z.number().int().min(1024).default(16 * 1024),
  /** Trust `X-Forwarded-For` for the client IP (only behind a proxy you run). @default false */
  trustProxy: z.boolean().default(false),
  /** How long a rotated-in key is published in the JWKS before it signs. @default 300 */
  keyPublishDelaySeconds: z.number().int().min(0).default(300),
  /** How often settings and keys are re-read from the store (other instances' changes). @default 1000 */
  reloadIntervalMs: z.number().int().min(0).default(1000),
});

export type ServerConfigInput = z.input<typeof serverConfigSchema> & {
  /** An already opened store; otherwise one is opened from `databaseUrl`. */
  store?: Store;
  /** An already opened cache; otherwise Redis from `redisUrl`, or in-process memory. */
  cache?: Cache;
  /** Clock. @default () => new Date() */
  now?: () => Date;
  /** Fills a buffer with random bytes. @default crypto.getRandomValues */
  random?: (bytes: Uint8Array) => void;
  logger?: Logger;
};

export type ServerConfig = z.output<typeof serverConfigSchema> & {
  rateLimits: RateLimits;
  initialSettings: Partial<InstanceSettings>;
};

export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}
