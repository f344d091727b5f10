import { escapeHtml, layout } from './layout.js';

export interface AuthFormOptions {
  kind: 'sign-in' | 'sign-up';
  redirectUrl: string | null;
  email?: string;
  error?: string;
}

/** The hosted sign-in and sign-up forms; they post to themselves and need no JavaScript. */
export function renderAuthForm({ kind, redirectUrl, email = '', error }: AuthFormOptions): string {
  const signIn = kind === 'sign-in';
  const title = signIn ? 'Sign in' : 'Create your account';
  const query = redirectUrl ? `?redirect_url=${encodeURIComponent(redirectUrl)}` : '';
  const other = signIn
    ? `No account? <a href="/sign-up${query}">Sign up</a>`
    : `Have an account? <a href="/sign-in${query}">Sign in</a>`;
  return layout(
    title,
    `<h1>${title}</h1>
${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/${kind}${escapeHtml(query)}">
  <label for="email">E-mail address</label>
  <input id="email" name="email_address" type="email" autocomplete="email" required value="${escapeHtml(email)}">
  <label for="password">Password</label>
  <input id="password" name="password" type="password" autocomplete="${signIn ? 'current-password' : 'new-password'}" required minlength="${signIn ? 1 : 8}">
  <button type="submit">${signIn ? 'Sign in' : 'Sign up'}</button>
</form>
<p class="muted">${other}</p>`,
  );
}
