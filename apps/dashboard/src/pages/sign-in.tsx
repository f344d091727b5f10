import { useState, type FormEvent } from 'react';
import { dashboardSession } from '../api.js';
import { ErrorNote } from '../components.js';
import { useAction } from '../hooks.js';

export function SignInPage({ onSignedIn }: { onSignedIn: () => void }) {
  const [secretKey, setSecretKey] = useState('');
  const action = useAction();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const ok = await action.run(() => dashboardSession.signIn(secretKey));
    if (ok) onSignedIn();
  };
  return (
    <main className="center">
      <form className="card sign-in" onSubmit={submit} aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">
          <img src="./favicon.svg" alt="" width="28" height="28" /> Latchkey dashboard
        </h1>
        <p className="subtitle">Sign in with this instance&apos;s secret key (printed by <code>npm start</code>, or in <code>.latchkey/secret-key</code>).</p>
        <div className="field">
          <label htmlFor="secret-key">Secret key</label>
          <input
            id="secret-key"
            name="secret_key"
            type="password"
            autoComplete="current-password"
            placeholder="sk_test_…"
            required
            value={secretKey}
            onChange={(e) => setSecretKey(e.target.value)}
          />
        </div>
        <ErrorNote error={action.error} />
        <button type="submit" className="button primary" disabled={action.busy || !secretKey}>
          {action.busy ? 'Signing in…' : 'Sign in'}
        </button>
        <p className="hint">The key is exchanged for a dashboard cookie; the browser does not keep it.</p>
      </form>
    </main>
  );
}
