/**
 * The session state machine. Only `active` sessions mint tokens; every other
 * status is final, and each transition is recorded once (the store's update
 * is guarded by `status = 'active'`, so two racing transitions cannot both
 * win) and announced as an event.
 *
 *                 ┌──▶ ended      signed out on this browser (end, sign out all on client)
 *                 ├──▶ removed    removed from the browser's account list
 *    active ──────┼──▶ revoked    by an admin, the Backend API, a ban, or "sign out everywhere"
 *                 ├──▶ expired    expire_at reached (absolute lifetime)
 *                 ├──▶ abandoned  abandon_at reached (inactivity timeout)
 *                 └──▶ replaced   a new sign-in on the same browser took its place
 *
 * Expiry and abandonment are time-driven: reads settle them lazily (`settle`)
 * and the sweeper settles the rest in batches.
 */
import type { SessionRecord, SessionStatus } from '../../store/contract.js';
import type { DomainContext } from '../context.js';
import type { InstanceSettings } from '../settings/instance-settings.js';
import { emitSessionEvent, inTransaction } from '../events.js';

/** What the session's status is at `now`, counting deadlines that have passed. */
export function effectiveStatus(session: SessionRecord, now: number): SessionStatus {
  if (session.status !== 'active') return session.status;
  if (session.expireAt <= now) return 'expired';
  if (session.abandonAt !== null && session.abandonAt <= now) return 'abandoned';
  return 'active';
}

/** Records a passed deadline in the store and returns the session as it now is. */
export async function settle(ctx: DomainContext, session: SessionRecord): Promise<SessionRecord> {
  const now = ctx.now();
  const status = effectiveStatus(session, now);
  if (status === session.status) return session;
  return inTransaction(ctx, async (tx) => {
    const moved = await tx.store.sessions.end(session.id, status as Exclude<SessionStatus, 'active'>, now);
    if (!moved) return (await tx.store.sessions.getById(session.id)) ?? session;
    const settled = { ...session, status, endedAt: now, updatedAt: now };
    emitSessionEvent(tx, settled);
    return settled;
  });
}

/** The inactivity deadline for activity at `at`: never past the absolute expiry. */
export function abandonAtFor(settings: InstanceSettings, at: number, expireAt: number): number | null {
  if (settings.inactivityTimeoutSeconds === null) return null;
  return Math.min(at + settings.inactivityTimeoutSeconds * 1000, expireAt);
}
