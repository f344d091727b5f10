'use client';
import { useAuth, useSession } from '@latchkey/nextjs';

const when = (d: Date) => d.toLocaleString();

/** The active session's details, sign out, and sign out on every device. */
export function SessionManager() {
  const { isLoaded, session } = useSession();
  const { signOut } = useAuth();
  if (!isLoaded) return <p>Loading…</p>;
  if (!session) return <p>Signed out.</p>;
  return (
    <section>
      <dl data-testid="session-manager">
        <dt>Session ID</dt>
        <dd data-testid="session-id">{session.id}</dd>
        <dt>Created</dt>
        <dd data-testid="session-created">{when(session.createdAt)}</dd>
        <dt>Last active</dt>
        <dd data-testid="session-last-active">{when(session.lastActiveAt)}</dd>
        <dt>Expires</dt>
        <dd data-testid="session-expires">{when(session.expireAt)}</dd>
      </dl>
      <div className="row">
        <button type="button" onClick={() => signOut({ sessionId: session.id, redirectUrl: '/' })}>
          Sign out
        </button>
        <button type="button" onClick={() => signOut({ everywhere: true, redirectUrl: '/' })}>
          Sign out all devices
        </button>
      </div>
    </section>
  );
}
