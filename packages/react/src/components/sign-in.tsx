import type { ReactNode } from 'react';
import type { SessionResource } from '@latchkey/js';
import { useLatchkey } from '../hooks/use-latchkey.js';
import { CredentialsForm } from './credentials-form.js';

export interface SignInProps {
  /** Called with the new session (it is already the active one). */
  onSignIn?: (session: SessionResource) => void;
  /** Navigate here after signing in. */
  afterSignInUrl?: string;
  title?: string;
  className?: string;
  footer?: ReactNode;
}

/**
 * An e-mail and password sign-in form. When someone is already signed in it
 * adds another account to this browser (multi-session).
 * @example
 * <SignIn afterSignInUrl="/dashboard" />
 */
export function SignIn({ onSignIn, afterSignInUrl, title = 'Sign in', className, footer }: SignInProps) {
  const latchkey = useLatchkey();
  return (
    <CredentialsForm
      title={title}
      submitLabel="Sign in"
      passwordAutoComplete="current-password"
      className={className}
      footer={footer}
      onSubmit={async (email, password) => {
        const session = await latchkey.signIn({ identifier: email, password });
        onSignIn?.(session);
        if (afterSignInUrl) window.location.assign(afterSignInUrl);
      }}
    />
  );
}
