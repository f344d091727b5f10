/** `latchkey test basic`: sign in through a browser, get a session token, verify it with the JWKS. */
import { explainRejection } from '../explain.js';
import { keySourceOf, rejectionOf, setUp, tearDown, verifyAsApp, type DiagnosticOptions } from '../fixture.js';
import { fail, passWith, type Report } from '../report.js';

export async function runBasic(report: Report, dx: DiagnosticOptions): Promise<void> {
  const f = await setUp(report, dx);
  if (!f) return;
  try {
    await report.step(`token verifies with ${keySourceOf(dx)}`, async () => {
      const skewMs = Math.max(Number(f.settings.clock_skew_seconds ?? 5), 5) * 1000;
      const reason = await rejectionOf(verifyAsApp(dx, f.token, { clockSkewInMs: skewMs }));
      if (reason) fail(`rejected: ${reason}`, explainRejection(reason, { keySource: keySourceOf(dx) }));
    });
    await report.step('token names the user and the session (sub, sid, v: 2)', async () => {
      const c = f.claims;
      if (c.sub !== f.userId) fail(`sub is ${JSON.stringify(c.sub)}, expected ${f.userId}`);
      if (c.sid !== f.sessionId) fail(`sid is ${JSON.stringify(c.sid)}, expected ${f.sessionId}`);
      if (c.v !== 2) fail(`v is ${JSON.stringify(c.v)}, expected 2 (Clerk's v2 session token)`);
      return passWith(`sub ${c.sub}, sid ${c.sid}`, true);
    });
  } finally {
    await tearDown(report, f);
  }
}
