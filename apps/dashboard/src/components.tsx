import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import type { ApiFailure } from './api.js';
import { href, type Resource } from './hooks.js';

export function PageHeader({ title, subtitle, actions }: { title: string; subtitle?: ReactNode; actions?: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  // Move focus to the new page's title on navigation, for keyboard and screen-reader users.
  useEffect(() => ref.current?.focus(), [title]);
  return (
    <header className="page-header">
      <div>
        <h1 tabIndex={-1} ref={ref}>
          {title}
        </h1>
        {subtitle ? <p className="subtitle">{subtitle}</p> : null}
      </div>
      {actions ? <div className="actions">{actions}</div> : null}
    </header>
  );
}

export function Loading({ what = 'Loading' }: { what?: string }) {
  return (
    <p className="state loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> {what}…
    </p>
  );
}

/** An API failure with its message and `code` (nothing when there is none). */
export function ErrorNote({ error, onRetry }: { error: ApiFailure | undefined; onRetry?: () => void }) {
  if (!error) return null;
  return (
    <div className="state error" role="alert">
      <strong>Something went wrong.</strong> {error.message} <code>{error.code}</code>
      {onRetry ? (
        <button type="button" className="button small" onClick={onRetry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="state empty">{children}</p>;
}

/** Loading, error and empty states around a resource; `children` renders the data. */
export function Load<T>({ resource, empty, isEmpty, children, what }: {
  resource: Resource<T>;
  children: (data: T) => ReactNode;
  empty?: ReactNode;
  isEmpty?: (data: T) => boolean;
  what?: string;
}) {
  if (resource.error || resource.data === undefined) return <Pending resource={resource} what={what} />;
  if (empty && isEmpty?.(resource.data)) return <Empty>{empty}</Empty>;
  return <>{children(resource.data)}</>;
}

/** What a resource shows until it has data: its error (with a retry) or a loading line; nothing once it has loaded without error. */
export function Pending<T>({ resource, what }: { resource: Resource<T>; what?: string }) {
  if (resource.error) return <ErrorNote error={resource.error} onRetry={resource.reload} />;
  if (resource.data === undefined) return <Loading what={what} />;
  return null;
}

/** `← All users`: the way back from a detail page to its list. */
export function BackLink({ to, children }: { to: string; children: string }) {
  return <a href={href(to)}>{`← ${children}`}</a>;
}

/** A detail page whose record has not loaded (yet, or at all): its generic title, the way back, and the state. */
export function PendingPage<T>({ title, back, resource, what }: { title: string; back: ReactNode; resource: Resource<T>; what: string }) {
  return (
    <section>
      <PageHeader title={title} subtitle={back} />
      <Pending resource={resource} what={what} />
    </section>
  );
}

/** A titled card (`aria-labelledby` its heading), with optional actions beside the title. */
export function Card({ title, actions, children }: { title: ReactNode; actions?: ReactNode; children: ReactNode }) {
  const id = useId();
  const heading = <h2 id={id}>{title}</h2>;
  return (
    <section className="card" aria-labelledby={id}>
      {actions ? (
        <div className="card-header">
          {heading}
          <div className="actions">{actions}</div>
        </div>
      ) : (
        heading
      )}
      {children}
    </section>
  );
}

/** A secondary line under a table cell's main text. */
export function Muted({ children }: { children: ReactNode }) {
  return <div className="muted small">{children}</div>;
}

/** Keys shown as chips, or a muted "none". */
export function Chips({ items }: { items: readonly string[] }) {
  if (items.length === 0) return <span className="muted">none</span>;
  return (
    <>
      {items.map((item) => (
        <code key={item} className="chip">
          {item}
        </code>
      ))}
    </>
  );
}

export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge badge-${status}`}>{status}</span>;
}

/** A button that asks once more before doing something destructive. */
export function ConfirmButton({ children, confirmLabel, onConfirm, disabled, className = 'button danger' }: {
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  disabled?: boolean;
  className?: string;
}) {
  const [asking, setAsking] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (asking) confirmRef.current?.focus();
  }, [asking]);
  if (!asking) {
    return (
      <button type="button" className={className} disabled={disabled} onClick={() => setAsking(true)}>
        {children}
      </button>
    );
  }
  return (
    <span className="confirm" role="group" aria-label="Confirm">
      <button type="button" ref={confirmRef} className="button danger" onClick={() => (setAsking(false), onConfirm())}>
        {confirmLabel}
      </button>
      <button type="button" className="button ghost" onClick={() => setAsking(false)}>
        Cancel
      </button>
    </span>
  );
}

/** A JSON object editor: a textarea that says when its text is not a JSON object. */
export function JsonField({ label, value, onChange, rows = 8, hint }: {
  label: string;
  value: string;
  onChange: (text: string) => void;
  rows?: number;
  hint?: ReactNode;
}) {
  const id = useId();
  const problem = jsonProblem(value);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        className="code"
        rows={rows}
        spellCheck={false}
        value={value}
        aria-invalid={problem ? true : undefined}
        aria-describedby={`${id}-hint`}
        onChange={(e) => onChange(e.target.value)}
      />
      <p id={`${id}-hint`} className={problem ? 'hint invalid' : 'hint'}>
        {problem ?? hint}
      </p>
    </div>
  );
}

export function jsonProblem(text: string): string | null {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'Must be a JSON object, like {"plan": "pro"}';
    return null;
  } catch (error) {
    return `Not valid JSON: ${(error as Error).message}`;
  }
}

export const pretty = (value: unknown) => JSON.stringify(value, null, 2);

export function Field({ label, hint, error, children }: { label: string; hint?: ReactNode; error?: string; children: (id: string, describedBy: string) => ReactNode }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children(id, `${id}-hint`)}
      <p id={`${id}-hint`} className={error ? 'hint invalid' : 'hint'} role={error ? 'alert' : undefined}>
        {error ?? hint}
      </p>
    </div>
  );
}

/** A polite status line (nothing when there is nothing to say). */
export function Notice({ children }: { children: ReactNode }) {
  if (!children) return null;
  return (
    <p className="notice" role="status" aria-live="polite">
      {children}
    </p>
  );
}
