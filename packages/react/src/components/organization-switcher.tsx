import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { isLatchkeyError, type OrganizationMembershipResource } from '@latchkey/js';
import { useLatchkeyState } from '../hooks/use-latchkey-state.js';

export interface OrganizationSwitcherProps {
  /** Leave "Personal account" out of the list (for apps where every user works in an organization). @default false */
  hidePersonal?: boolean;
  /** Called after a switch succeeded, with the new organization id (`null`: the personal account). */
  onSwitch?: (organizationId: string | null) => void;
  className?: string;
}

const PERSONAL = 'Personal account';

/** `org:billing_admin` → `Billing admin`. */
const roleLabel = (role: string) => {
  const words = role.replace(/^org:/, '').replace(/[_-]+/g, ' ').trim();
  return words ? words[0]!.toUpperCase() + words.slice(1) : role;
};

const initialsOf = (name: string) =>
  name
    .split(/[\s._-]+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]!.toUpperCase())
    .join('');

/**
 * A menu button showing the active organization (or "Personal account"),
 * listing the user's organizations to switch to. The active one is a checked
 * `menuitemradio`; arrow keys, Home/End and Escape work as in any menu. A
 * refused switch (say the membership was just removed) shows the server's
 * message in an alert. Renders nothing when signed out.
 * @example
 * <OrganizationSwitcher onSwitch={() => router.refresh()} />
 */
export function OrganizationSwitcher({ hidePersonal = false, onSwitch, className }: OrganizationSwitcherProps) {
  const [state, latchkey] = useLatchkeyState('OrganizationSwitcher');
  const [open, setOpen] = useState(false);
  const [pending, setPending] = useState<string | null | undefined>(undefined);
  const [error, setError] = useState<{ code: string; message: string } | null>(null);
  const id = useId();
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const items = [...(menu.current?.querySelectorAll<HTMLElement>('[role="menuitemradio"]') ?? [])];
    (items.find((item) => item.getAttribute('aria-checked') === 'true') ?? items[0])?.focus();
  }, [open]);

  if (!state.session) return null;
  const memberships: OrganizationMembershipResource[] = state.organizationMemberships;
  const activeId = state.organization?.id ?? null;
  const activeName = state.organization ? (state.organization.name ?? state.organization.slug ?? state.organization.id) : PERSONAL;
  // As <UserButton/> draws the user: the personal account is theirs.
  const userInitials = (state.user?.fullName ?? state.user?.primaryEmailAddress ?? '?')
    .split(/[\s@.]+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]!.toUpperCase())
    .join('');

  const close = () => {
    setOpen(false);
    button.current?.focus();
  };
  const select = (organizationId: string | null) => () => {
    close();
    if (organizationId === activeId) return;
    setPending(organizationId);
    setError(null);
    latchkey
      .setActive({ organization: organizationId })
      .then(() => onSwitch?.(organizationId))
      .catch((e: unknown) =>
        setError(isLatchkeyError(e) ? { code: e.code, message: e.message } : { code: 'unknown', message: 'Could not switch organization.' }),
      )
      .finally(() => setPending(undefined));
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const items = [...(menu.current?.querySelectorAll<HTMLElement>('[role="menuitemradio"]') ?? [])];
    const index = items.indexOf(document.activeElement as HTMLElement);
    if (event.key === 'Escape' || event.key === 'Tab') close();
    else if (event.key === 'ArrowDown') items[(index + 1) % items.length]?.focus();
    else if (event.key === 'ArrowUp') items[(index - 1 + items.length) % items.length]?.focus();
    else if (event.key === 'Home') items[0]?.focus();
    else if (event.key === 'End') items[items.length - 1]?.focus();
    else return;
    if (event.key !== 'Tab') event.preventDefault();
  };

  const item = (organizationId: string | null, name: string, detail: string | null) => (
    <button
      key={organizationId ?? 'personal'}
      type="button"
      role="menuitemradio"
      aria-checked={organizationId === activeId}
      data-organization-id={organizationId ?? ''}
      className="lk-menu-item lk-org-item"
      onClick={select(organizationId)}
    >
      <span className={organizationId ? 'lk-avatar lk-org-avatar' : 'lk-avatar'} aria-hidden="true">
        {organizationId ? initialsOf(name) : userInitials}
      </span>
      <span className="lk-org-item-text">
        <span className="lk-org-name">{name}</span>
        {detail ? <span className="lk-muted lk-org-role">{detail}</span> : null}
      </span>
    </button>
  );

  return (
    <div className={['lk-org-switcher', className].filter(Boolean).join(' ')}>
      <button
        ref={button}
        type="button"
        className="lk-button lk-org-switcher-trigger"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={`${id}-menu`}
        aria-label={`Organization: ${activeName}. Switch organization`}
        aria-busy={pending !== undefined}
        onClick={() => setOpen((o) => !o)}
      >
        <span className={activeId ? 'lk-avatar lk-org-avatar' : 'lk-avatar'} aria-hidden="true">
          {activeId ? initialsOf(activeName) : userInitials}
        </span>
        <span className="lk-org-switcher-label">{activeName}</span>
      </button>
      {open ? (
        <div ref={menu} id={`${id}-menu`} role="menu" aria-label="Organizations" className="lk-card lk-menu lk-org-menu" onKeyDown={onKeyDown}>
          {hidePersonal ? null : item(null, PERSONAL, null)}
          {memberships.map((m) => item(m.organization.id, m.organization.name, roleLabel(m.role)))}
          {memberships.length === 0 ? <p className="lk-muted lk-menu-heading">You are not a member of any organization.</p> : null}
        </div>
      ) : null}
      {error ? (
        <p role="alert" className="lk-error" data-code={error.code}>
          {error.message}
        </p>
      ) : null}
    </div>
  );
}
