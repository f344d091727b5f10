import type { DomainContext } from '../context.js';
import { emitSessionEvent } from '../events.js';

export interface SweepResult {
  expired: number;
  abandoned: number;
  purged: number;
}

const BATCH = 500;

/**
 * Settles sessions whose deadlines passed and purges ended rows older than
 * the retention, in batches of 500 with a yield between them, so a large
 * backlog never holds the database (or the event loop) for long.
 */
export async function sweepSessions(ctx: DomainContext, options: { retentionMs: number }): Promise<SweepResult> {
  const result: SweepResult = { expired: 0, abandoned: 0, purged: 0 };
  for (;;) {
    const { expired, abandoned } = await ctx.store.sessions.sweep(ctx.now(), BATCH);
    result.expired += expired.length;
    result.abandoned += abandoned.length;
    for (const id of [...expired, ...abandoned]) {
      const session = await ctx.store.sessions.getById(id);
      if (session) emitSessionEvent(ctx, session);
    }
    if (expired.length < BATCH && abandoned.length < BATCH) break;
    await new Promise((resolve) => setImmediate(resolve));
  }
  for (;;) {
    const purged = await ctx.store.sessions.purgeEnded(ctx.now() - options.retentionMs, BATCH);
    result.purged += purged;
    if (purged < BATCH) break;
    await new Promise((resolve) => setImmediate(resolve));
  }
  return result;
}
