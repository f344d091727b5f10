import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { isLatchkeyError } from '@latchkey/js';

export interface CredentialsFormProps {
  title: string;
  submitLabel: string;
  passwordAutoComplete: 'current-password' | 'new-password';
  className?: string;
  footer?: ReactNode;
  onSubmit(email: string, password: string): Promise<void>;
}

/** The e-mail + password form behind `<SignIn/>` and `<SignUp/>`: labelled fields, errors announced, one submit at a time. */
export function CredentialsForm({ title, submitLabel, passwordAutoComplete, className, footer, onSubmit }: CredentialsFormProps) {
  const id = useId();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const fields = event.currentTarget.elements;
    const value = (name: string) => (fields.namedItem(name) as HTMLInputElement | null)?.value ?? '';
    setPending(true);
    setError(null);
    try {
      await onSubmit(value('email'), value('password'));
    } catch (e) {
      setError(isLatchkeyError(e) ? e.message : 'Something went wrong. Try again.');
    } finally {
      setPending(false);
    }
  }

  return (
    <form className={['lk-card', 'lk-form', className].filter(Boolean).join(' ')} aria-labelledby={`${id}-title`} onSubmit={submit} noValidate>
      <h2 className="lk-title" id={`${id}-title`}>
        {title}
      </h2>
      <label className="lk-label" htmlFor={`${id}-email`}>
        Email address
      </label>
      <input className="lk-input" id={`${id}-email`} name="email" type="email" autoComplete="username" required />
      <label className="lk-label" htmlFor={`${id}-password`}>
        Password
      </label>
      <input className="lk-input" id={`${id}-password`} name="password" type="password" autoComplete={passwordAutoComplete} required />
      {error ? (
        <p className="lk-error" role="alert">
          {error}
        </p>
      ) : null}
      <button className="lk-button lk-button-primary" type="submit" disabled={pending} aria-busy={pending}>
        {submitLabel}
      </button>
      {footer}
    </form>
  );
}
