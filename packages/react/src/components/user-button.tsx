import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import type { SessionResource } from '@latchkey/js';
import { useLatchkeyState } from '../hooks/use-latchkey-state.js';

export interface UserButtonProps {
  /** Shows "Add account" calling this (e.g. to show `<SignIn/>`). */
  onAddAccount?: () => void;
  /** Navigate here after signing out of every account. */
  afterSignOutUrl?: string;
  className?: string;
}

const labelOf = (session: SessionResource) => session.user?.primaryEmailAddress ?? session.user?.fullName ?? session.id;
const initialsOf = (session: SessionResource) => {
  const name = session.user?.fullName ?? session.user?.primaryEmailAddress ?? '?';
  return name
    .split(/[\s@.]+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]!.toUpperCase())
    .join('');
};

/**
 * The signed-in user's button: a menu to switch between the accounts signed
 * in on this browser, add one, sign out of this one or of all. Renders
 * nothing when signed out.
 * @example
 * <UserButton onAddAccount={() => setShowSignIn(true)} />
 */
export function UserButton({ onAddAccount, afterSignOutUrl, className }: UserButtonProps) {
  const [state, latchkey] = useLatchkeyState('UserButton');
  const [open, setOpen] = useState(false);
  const id = useId();
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (open) menu.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
  }, [open]);

  const session = state.session;
  if (!session) return null;
  const others = state.sessions.filter((s) => s.id !== session.id);

  const close = () => {
    setOpen(false);
    button.current?.focus();
  };
  const run = (action: () => Promise<void>) => () => {
    close();
    action().catch(() => {});
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const items = [...(menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const index = items.indexOf(document.activeElement as HTMLElement);
    if (event.key === 'Escape') close();
    else if (event.key === 'ArrowDown') items[(index + 1) % items.length]?.focus();
    else if (event.key === 'ArrowUp') items[(index - 1 + items.length) % items.length]?.focus();
    else return;
    event.preventDefault();
  };

  return (
    <div className={['lk-user-button', className].filter(Boolean).join(' ')}>
      <button
        ref={button}
        type="button"
        className="lk-button lk-user-button-trigger"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={`${id}-menu`}
        aria-label={`Account menu for ${labelOf(session)}`}
        onClick={() => setOpen((o) => !o)}
      >
        <span className="lk-avatar" aria-hidden="true">
          {initialsOf(session)}
        </span>
        <span className="lk-user-button-label">{labelOf(session)}</span>
      </button>
      {open ? (
        <div ref={menu} id={`${id}-menu`} role="menu" aria-label="Accounts" className="lk-card lk-menu" onKeyDown={onKeyDown}>
          <p className="lk-menu-heading">Signed in as {labelOf(session)}</p>
          {others.map((other) => (
            <button key={other.id} type="button" role="menuitem" className="lk-menu-item" onClick={run(() => latchkey.setActive({ session: other.id }))}>
              Switch to {labelOf(other)}
            </button>
          ))}
          {onAddAccount ? (
            <button type="button" role="menuitem" className="lk-menu-item" onClick={() => (close(), onAddAccount())}>
              Add account
            </button>
          ) : null}
          <button type="button" role="menuitem" className="lk-menu-item" onClick={run(() => latchkey.signOut({ sessionId: session.id }))}>
            Sign out {others.length > 0 ? `of ${labelOf(session)}` : ''}
          </button>
          {others.length > 0 ? (
            <button type="button" role="menuitem" className="lk-menu-item" onClick={run(() => latchkey.signOut(afterSignOutUrl ? { redirectUrl: afterSignOutUrl } : {}))}>
              Sign out of all accounts
            </button>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
