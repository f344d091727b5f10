/**
 * `latchkey test refresh`: a session gets fresh tokens both ways apps do it —
 * the browser with its __client cookie, an app server through the Backend
 * API's refresh — and a revoked session gets none.
 */
import { LatchkeyApiError } from '@latchkey/backend/errors';
import { decodeJwt } from '@latchkey/backend/jwt';
import { explainRejection } from '../explain.js';
import { keySourceOf, mintInBrowser, rejectionOf, setUp, tearDown, verifyAsApp, type DiagnosticOptions } from '../fixture.js';
import { fail, passWith, type Report } from '../report.js';

export async function runRefresh(report: Report, dx: DiagnosticOptions): Promise<void> {
  const f = await setUp(report, dx);
  if (!f) return;
  try {
    await report.step('browser refreshes the token with its cookie', async () => {
      const next = decodeJwt<Record<string, unknown>>(await mintInBrowser(f.browser, f.sessionId)).payload;
      if (next.sid !== f.sessionId) fail(`the new token names session ${String(next.sid)}`);
    });
    const refreshed = await report.step('app server refreshes through the Backend API (expired_token)', async () => {
      const { jwt } = await dx.api.client.sessions.refreshSession(f.sessionId, { expired_token: f.token, request_origin: dx.origin });
      const claims = decodeJwt<Record<string, unknown>>(jwt).payload;
      if (claims.sid !== f.sessionId) fail(`the refreshed token names session ${String(claims.sid)}`);
      const reason = await rejectionOf(verifyAsApp(dx, jwt, { now: () => new Date(Number(claims.iat) * 1000) }));
      if (reason) fail(`the refreshed token is rejected: ${reason}`, explainRejection(reason, { keySource: keySourceOf(dx) }));
      return passWith(`new token, azp ${String(claims.azp ?? '(none)')}`, claims);
    });
    await report.step('refreshed token keeps the authorized party', async () => {
      if (!refreshed) return fail('no refreshed token');
      if (refreshed.azp !== dx.origin) {
        fail(`azp is ${JSON.stringify(refreshed.azp)}, the browser's origin is ${dx.origin}`, `the server only sets azp to allowed origins: add ${dx.origin} to LATCHKEY_ALLOWED_ORIGINS.`);
      }
    });
    await report.step('a revoked session gets no new token', async () => {
      await dx.api.client.sessions.revokeSession(f.sessionId);
      try {
        await dx.api.client.sessions.refreshSession(f.sessionId, { expired_token: f.token });
        fail('the Backend API refreshed a revoked session', 'revocation is not honoured by refresh: a server bug — report it.');
      } catch (error) {
        if (!(error instanceof LatchkeyApiError)) throw error;
      }
      const { status } = await f.browser.fetch(`/v1/client/sessions/${encodeURIComponent(f.sessionId)}/tokens`, { method: 'POST' });
      if (status === 200) fail('the browser got a token for a revoked session', 'revocation is not honoured by the Frontend API: a server bug — report it.');
      return passWith(`refused (browser: HTTP ${status})`, true);
    });
  } finally {
    await tearDown(report, f);
  }
}
