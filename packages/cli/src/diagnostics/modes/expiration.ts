/**
 * `latchkey test expiration`: token and session deadlines match the settings,
 * the clocks agree within the allowed skew, and an expired token is refused.
 */
import { formatDuration } from '../../lib/format.js';
import { skewCause } from '../explain.js';
import { rejectionOf, setUp, tearDown, verifyAsApp, type DiagnosticOptions } from '../fixture.js';
import { fail, passWith, type Report } from '../report.js';
import { checkLocalClock } from './jwt-verify.js';

export async function runExpiration(report: Report, dx: DiagnosticOptions): Promise<void> {
  const f = await setUp(report, dx);
  if (!f) return;
  const s = f.settings;
  const c = f.claims as { iat: number; nbf?: number; exp: number };
  try {
    await report.step(`token lifetime is session_token_ttl_seconds (${formatDuration(s.session_token_ttl_seconds)})`, async () => {
      if (c.exp - c.iat !== s.session_token_ttl_seconds) fail(`exp − iat is ${c.exp - c.iat}s`, 'the server minted with another TTL than its settings say: a second server with other settings behind the same URL?');
      return passWith(`exp − iat = ${c.exp - c.iat}s`, true);
    });
    await report.step(`nbf is back-dated by clock_skew_seconds (${s.clock_skew_seconds}s)`, async () => {
      if (c.nbf === undefined) return passWith('no nbf', true);
      if (c.iat - c.nbf !== s.clock_skew_seconds) fail(`iat − nbf is ${c.iat - c.nbf}s`);
    });
    await report.step(`server clock within the allowed skew (±${s.clock_skew_seconds}s)`, async () => {
      if (Math.abs(f.clock.offsetSeconds) > s.clock_skew_seconds) fail(`server clock offset ${f.clock.offsetSeconds >= 0 ? '+' : ''}${f.clock.offsetSeconds}s`, skewCause(f.clock, s.clock_skew_seconds));
      return passWith(`offset ${f.clock.offsetSeconds >= 0 ? '+' : ''}${f.clock.offsetSeconds}s (from ${f.clock.source})`, true);
    });
    await checkLocalClock(report, f);
    await report.step('token is refused once expired', async () => {
      const after = new Date((c.exp + s.clock_skew_seconds + 1) * 1000);
      const reason = await rejectionOf(verifyAsApp(dx, f.token, { now: () => after, clockSkewInMs: s.clock_skew_seconds * 1000 }));
      if (reason !== 'token-expired') fail(reason === null ? 'an expired token was accepted' : `rejected for ${reason}, not token-expired`);
      return passWith(`token-expired at ${after.toISOString()}`, true);
    });
    await report.step('session deadlines match the settings', async () => {
      const session = await dx.api.client.sessions.getSession(f.sessionId);
      const lifetime = Math.round((session.expire_at - session.created_at) / 1000);
      if (Math.abs(lifetime - s.session_max_lifetime_seconds) > 2) fail(`expire_at − created_at is ${formatDuration(lifetime)}, setting is ${formatDuration(s.session_max_lifetime_seconds)}`);
      const expectedAbandon = s.inactivity_timeout_seconds === null ? session.expire_at : Math.min(session.last_active_at + s.inactivity_timeout_seconds * 1000, session.expire_at);
      if (session.abandon_at !== null && Math.abs(session.abandon_at - expectedAbandon) > 2000) {
        fail(`abandon_at is ${new Date(session.abandon_at).toISOString()}, expected ${new Date(expectedAbandon).toISOString()}`);
      }
      return passWith(`expires in ${formatDuration(lifetime)}, inactivity timeout ${formatDuration(s.inactivity_timeout_seconds)}`, true);
    });
  } finally {
    await tearDown(report, f);
  }
}
