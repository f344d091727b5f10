/** `latchkey test multi-session`: two accounts in one browser, each with its own session and tokens. */
import { decodeJwt } from '@latchkey/backend/jwt';
import { createUser, mintInBrowser, setUp, signIn, tearDown, type DiagnosticOptions } from '../fixture.js';
import { fail, passWith, type Report } from '../report.js';

export async function runMultiSession(report: Report, dx: DiagnosticOptions): Promise<void> {
  const f = await setUp(report, dx);
  if (!f) return;
  try {
    const second = await report.step('second throwaway user created', async () => createUser(dx, f.cleanups), { required: true });
    const secondSession = await report.step('second user signs in on the same browser', async () => {
      const id = await signIn(f.browser, second!.email, second!.password, f.settings);
      return passWith(id, id);
    }, { required: true });
    await report.step('both sessions are active on the browser', async () => {
      const { body } = await f.browser.fetch('/v1/client');
      const sessions: { id: string; status: string }[] = body?.response?.sessions ?? [];
      const first = sessions.find((s) => s.id === f.sessionId);
      if (!first || first.status !== 'active') {
        // The browser lists only live sessions; the Backend API knows what became of it.
        const state = first ? first.status : (await dx.api.client.sessions.getSession(f.sessionId)).status;
        fail(
          `the first session is ${state} after the second sign-in`,
          f.settings.multi_session_mode === 'single'
            ? 'multi_session_mode is "single": a new sign-in replaces the browser\'s session. Allow several accounts with latchkey sessions configure --mode multi.'
            : 'the server ended the first session on the second sign-in; check the instance settings (latchkey sessions configure --dry-run shows them).',
        );
      }
      return passWith(`${sessions.filter((s) => s.status === 'active').length} active (mode ${f.settings.multi_session_mode}, cap ${f.settings.max_sessions_per_client})`, true);
    });
    await report.step('each session mints its own token', async () => {
      const a = decodeJwt<Record<string, unknown>>(await mintInBrowser(f.browser, f.sessionId)).payload;
      const b = decodeJwt<Record<string, unknown>>(await mintInBrowser(f.browser, secondSession!)).payload;
      if (a.sid !== f.sessionId || a.sub !== f.userId) fail(`first token names ${String(a.sub)}/${String(a.sid)}`);
      if (b.sid !== secondSession || b.sub !== second!.userId) fail(`second token names ${String(b.sub)}/${String(b.sid)}`);
    });
    await report.step('signing one session out keeps the other', async () => {
      const { status } = await f.browser.fetch(`/v1/client/sessions/${encodeURIComponent(secondSession!)}/end`, { method: 'POST' });
      if (status !== 200) fail(`ending the second session answered HTTP ${status}`);
      await mintInBrowser(f.browser, f.sessionId);
    });
  } finally {
    await tearDown(report, f);
  }
}
