import { useCallback, useEffect, useState } from 'react';
import { isLatchkeyError, type DeviceSessionResource } from '@latchkey/js';
import { useLatchkeyState } from '../hooks/use-latchkey-state.js';

export interface SessionListProps {
  className?: string;
}

const describe = (d: DeviceSessionResource) => {
  const a = d.latestActivity;
  const browser = [a?.browserName, a?.browserVersion].filter(Boolean).join(' ') || 'Unknown browser';
  const device = a?.deviceType ? ` on ${a.deviceType}` : '';
  return `${browser}${device}`;
};

/**
 * The signed-in user's sessions on every device, this one marked, with a
 * button to sign each other device out and one for all of them.
 * @example
 * <SessionList />
 */
export function SessionList({ className }: SessionListProps) {
  const [state, latchkey] = useLatchkeyState('SessionList');
  const [devices, setDevices] = useState<DeviceSessionResource[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const sessionId = state.session?.id ?? null;

  const refresh = useCallback(async () => {
    try {
      setDevices(await latchkey.listDeviceSessions());
      setError(null);
    } catch (e) {
      setError(isLatchkeyError(e) ? e.message : 'Could not load your devices.');
    }
  }, [latchkey]);

  useEffect(() => {
    if (sessionId) void refresh();
    else setDevices(null);
  }, [sessionId, refresh]);

  if (!sessionId) return null;
  const act = (action: () => Promise<void>) => () => {
    action()
      .then(refresh)
      .catch((e: unknown) => setError(isLatchkeyError(e) ? e.message : 'That did not work.'));
  };
  const others = (devices ?? []).filter((d) => !d.isCurrent);

  return (
    <section className={['lk-card', 'lk-session-list', className].filter(Boolean).join(' ')} aria-labelledby="lk-session-list-title" aria-busy={devices === null}>
      <h2 className="lk-title" id="lk-session-list-title">
        Your devices
      </h2>
      {error ? (
        <p className="lk-error" role="alert">
          {error}
        </p>
      ) : null}
      <ul className="lk-session-items">
        {(devices ?? []).map((d) => (
          <li key={d.id} className="lk-session-item" data-session-id={d.id}>
            <div>
              <strong>{describe(d)}</strong>
              {d.isCurrent ? <span className="lk-badge"> This device</span> : null}
              <div className="lk-muted">
                {d.latestActivity?.ipAddress ? `${d.latestActivity.ipAddress} · ` : ''}
                last active <time dateTime={d.lastActiveAt.toISOString()}>{d.lastActiveAt.toLocaleString()}</time>
              </div>
            </div>
            {d.isCurrent ? null : (
              <button type="button" className="lk-button" aria-label={`Sign out ${describe(d)}`} onClick={act(() => d.revoke())}>
                Sign out device
              </button>
            )}
          </li>
        ))}
      </ul>
      {others.length > 1 ? (
        <button type="button" className="lk-button" onClick={act(() => latchkey.revokeOtherDevices())}>
          Sign out of all other devices
        </button>
      ) : null}
    </section>
  );
}
