'use client';
import { useSession, useSessionList } from '@latchkey/nextjs';

/** Every account signed in on this browser: switch to one, revoke one; the current one marked. */
export function SessionSwitcher() {
  const { isLoaded, sessions, setActive } = useSessionList();
  const { session: current } = useSession();
  if (!isLoaded || !sessions) return <p>Loading…</p>;
  return (
    <ul data-testid="session-list">
      {sessions.map((s) => {
        const isCurrent = s.id === current?.id;
        const email = s.user?.primaryEmailAddress ?? s.user?.id ?? s.id;
        return (
          <li key={s.id} className="row" data-session-id={s.id} data-current={isCurrent}>
            <span>{String(email)}</span>
            {isCurrent ? <span className="badge">current</span> : null}
            {isCurrent ? null : (
              <button type="button" onClick={() => setActive({ session: s.id }).then(() => window.location.reload())}>
                Switch
              </button>
            )}
            <button type="button" onClick={() => s.end().then(() => window.location.reload())}>
              Revoke
            </button>
          </li>
        );
      })}
    </ul>
  );
}
