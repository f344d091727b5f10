/**
 * The sweeper's batches on PostgreSQL, where many instances sweep the same
 * table at once. Each batch picks its rows `FOR UPDATE SKIP LOCKED` and moves
 * them in the same statement, so concurrent sweepers take disjoint batches
 * instead of queueing behind each other's row locks, and a row another
 * sweeper has just moved fails the `status = 'active'` re-check: every
 * session is moved, and announced, exactly once. The locks last until the
 * caller's transaction (which also writes the outbox rows) commits.
 */
import { sql, type Kysely } from 'kysely';
import type { SessionRecord } from '../contract.js';
import type { Database, SessionsTable } from './schema.js';
import { toSessionRecord } from './rows.js';

async function moveDue(db: Kysely<Database>, deadline: 'expire_at' | 'abandon_at', to: 'expired' | 'abandoned', now: number, batchSize: number): Promise<SessionRecord[]> {
  // Lifetime wins: a session past both deadlines ends as `expired`.
  const alsoUnexpired = deadline === 'abandon_at' ? sql`AND expire_at > ${now}` : sql``;
  const { rows } = await sql<SessionsTable>`
    WITH due AS (
      SELECT id FROM sessions
      WHERE status = 'active' AND ${sql.ref(deadline)} <= ${now} ${alsoUnexpired}
      LIMIT ${batchSize}
      FOR UPDATE SKIP LOCKED
    )
    UPDATE sessions AS s SET status = ${to}, ended_at = ${now}, updated_at = ${now}
    FROM due WHERE s.id = due.id AND s.status = 'active'
    RETURNING s.*`.execute(db);
  return rows.map(toSessionRecord);
}

export async function sweepPostgres(db: Kysely<Database>, now: number, batchSize: number) {
  const expired = await moveDue(db, 'expire_at', 'expired', now, batchSize);
  const abandoned = await moveDue(db, 'abandon_at', 'abandoned', now, batchSize);
  return { expired, abandoned };
}

/** Deletes a batch of long-ended rows; concurrent purgers skip each other's batch. */
export async function purgeEndedPostgres(db: Kysely<Database>, before: number, batchSize: number): Promise<number> {
  const result = await sql`
    DELETE FROM sessions WHERE id IN (
      SELECT id FROM sessions
      WHERE status <> 'active' AND ended_at < ${before}
      LIMIT ${batchSize}
      FOR UPDATE SKIP LOCKED
    )`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}
