import type { RateLimits } from './schema.js';

export const defaultRateLimits = {
  signInPerIp: { limit: 30, windowSeconds: 60 },
  signInPerIdentifier: { limit: 10, windowSeconds: 300 },
  signUpPerIp: { limit: 10, windowSeconds: 60 },
  signUpPerIdentifier: { limit: 5, windowSeconds: 300 },
  tokensPerIp: { limit: 600, windowSeconds: 60 },
} satisfies RateLimits;

/** Rows of ended sessions are kept this long for audit before the sweeper purges them. */
export const ENDED_SESSION_RETENTION_MS = 30 * 24 * 3600 * 1000;
