'use client';
import { useOrganization } from '@latchkey/nextjs';

/** Switches the session's active organization (new `o` claims in the next token). */
export function OrgSwitcher({ memberships }: { memberships: { id: string; name: string; role: string }[] }) {
  const { organization, setActive } = useOrganization();
  if (memberships.length === 0) return <p>No organizations.</p>;
  return (
    <ul data-testid="org-switcher">
      {memberships.map((m) => (
        <li key={m.id} className="row">
          <span>
            {m.name} ({m.role})
          </span>
          {organization?.id === m.id ? (
            <span className="badge">active</span>
          ) : (
            <button type="button" data-testid={`activate-${m.id}`} onClick={() => setActive(m.id).then(() => window.location.reload())}>
              Make active
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}
