import type { ReactNode } from 'react';
import type { SessionResource } from '@latchkey/js';
import { useLatchkey } from '../hooks/use-latchkey.js';
import { CredentialsForm } from './credentials-form.js';

export interface SignUpProps {
  /** Called with the new account's session (already active). */
  onSignUp?: (session: SessionResource) => void;
  /** Navigate here after signing up. */
  afterSignUpUrl?: string;
  title?: string;
  className?: string;
  footer?: ReactNode;
}

/**
 * An e-mail and password sign-up form; the new account is signed in at once.
 * @example
 * <SignUp afterSignUpUrl="/welcome" />
 */
export function SignUp({ onSignUp, afterSignUpUrl, title = 'Create your account', className, footer }: SignUpProps) {
  const latchkey = useLatchkey();
  return (
    <CredentialsForm
      title={title}
      submitLabel="Sign up"
      passwordAutoComplete="new-password"
      className={className}
      footer={footer}
      onSubmit={async (email, password) => {
        const session = await latchkey.signUp({ emailAddress: email, password });
        onSignUp?.(session);
        if (afterSignUpUrl) window.location.assign(afterSignUpUrl);
      }}
    />
  );
}
