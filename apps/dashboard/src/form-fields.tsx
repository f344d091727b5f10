import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes } from 'react';
import { api } from './api.js';
import { ConfirmButton, ErrorNote } from './components.js';
import { navigate, type Action } from './hooks.js';

type Choice = string | { value: string; label: ReactNode };

/** `<option>`s from values (shown as they are) or `{ value, label }` pairs. */
export function Options({ choices }: { choices: readonly Choice[] }) {
  return (
    <>
      {choices.map((choice) => {
        const { value, label } = typeof choice === 'string' ? { value: choice, label: choice } : choice;
        return (
          <option key={value} value={value}>
            {label}
          </option>
        );
      })}
    </>
  );
}

/** A labelled text input (`.field`); `onChange` gets the text. */
export function TextField({ label, value, onChange, ...input }: { label: string; value: string; onChange: (text: string) => void } & Omit<
  InputHTMLAttributes<HTMLInputElement>,
  'id' | 'value' | 'onChange'
>) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} value={value} onChange={(e) => onChange(e.target.value)} {...input} />
    </div>
  );
}

/** A labelled select (`.field`) over `choices`, or over the `<option>`s given as children. */
export function SelectField({ label, value, onChange, choices, children, ...select }: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  choices?: readonly Choice[];
  children?: ReactNode;
} & Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id' | 'value' | 'onChange'>) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)} {...select}>
        {choices ? <Options choices={choices} /> : children}
      </select>
    </div>
  );
}

/** A list's search box (`role="search"`, its label read but not shown). */
export function SearchBox({ label, placeholder, value, onChange }: { label: string; placeholder: string; value: string; onChange: (text: string) => void }) {
  const id = useId();
  return (
    <form className="search" role="search" onSubmit={(e) => e.preventDefault()}>
      <label htmlFor={id} className="visually-hidden">
        {label}
      </label>
      <input id={id} type="search" placeholder={placeholder} value={value} onChange={(e) => onChange(e.target.value)} />
    </form>
  );
}

/**
 * A list's "New …" card: a collapsed one-line form whose submit runs through
 * `action` (disabled while busy or until `canSubmit`), then `hint`, the
 * action's error and `result`.
 */
export function CreateCard({ summary, submitLabel, canSubmit, action, onSubmit, hint, result, children }: {
  summary: string;
  submitLabel: string;
  canSubmit: boolean;
  action: Action;
  onSubmit: () => void;
  hint?: ReactNode;
  result?: ReactNode;
  children: ReactNode;
}) {
  return (
    <details className="card">
      <summary>{summary}</summary>
      <form className="inline-form" onSubmit={(e) => (e.preventDefault(), onSubmit())}>
        {children}
        <button type="submit" className="button primary" disabled={action.busy || !canSubmit}>
          {submitLabel}
        </button>
      </form>
      {hint}
      <ErrorNote error={action.error} />
      {result}
    </details>
  );
}

/** "Delete" (asks first): deletes the Backend API resource at `path` through `action`, then goes to the list at `backTo`. */
export function DeleteButton({ confirmLabel, path, action, backTo }: { confirmLabel: string; path: string; action: Action; backTo: string }) {
  const remove = async () => {
    if (await action.run(() => api(path, { method: 'DELETE' }))) navigate(backTo);
  };
  return (
    <ConfirmButton confirmLabel={confirmLabel} onConfirm={remove} disabled={action.busy}>
      Delete
    </ConfirmButton>
  );
}
