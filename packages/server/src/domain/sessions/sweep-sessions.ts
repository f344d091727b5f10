import type { DomainContext } from '../context.js';
import { emitSessionEvent, inTransaction } from '../events.js';

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
    // One transaction per batch: the moves and their outbox rows commit
    // together. Instances sweeping at once are safe: the store never moves a
    // session twice (on PostgreSQL, batches are taken FOR UPDATE SKIP LOCKED,
    // so sweepers split the backlog), so each is announced exactly once.
    const { expired, abandoned } = await inTransaction(ctx, async (tx) => {
      const moved = await tx.store.sessions.sweep(tx.now(), BATCH);
      for (const session of [...moved.expired, ...moved.abandoned]) emitSessionEvent(tx, session);
      return moved;
    });
    result.expired += expired.length;
    result.abandoned += abandoned.length;
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
