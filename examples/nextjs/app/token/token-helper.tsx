'use client';
import { useState } from 'react';
import { useAuth, useLatchkey } from '@latchkey/nextjs';

type Shown = { status: number; body: unknown } | { error: string };

function claimsOf(jwt: string): unknown {
  const payload = jwt.split('.')[1] ?? '';
  return JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/')));
}

/** Calls the protected API with `fetchWithAuth`, and shows a JWT-template token's claims. */
export function TokenHelper() {
  const latchkey = useLatchkey();
  const { getToken, isSignedIn } = useAuth();
  const [api, setApi] = useState<Shown | null>(null);
  const [template, setTemplate] = useState<Shown | null>(null);

  async function callApi() {
    let response = await latchkey.fetchWithAuth('/api/protected');
    // The route refuses tokens older than its freshness limit: retry once with a fresh one.
    if (response.status === 401) {
      const fresh = await getToken({ skipCache: true });
      response = await fetch('/api/protected', { headers: fresh ? { authorization: `Bearer ${fresh}` } : {} });
    }
    setApi({ status: response.status, body: await response.json() });
  }

  async function templateToken(name: string) {
    try {
      const jwt = await getToken({ template: name });
      setTemplate(jwt ? { status: 200, body: claimsOf(jwt) } : { error: 'signed out' });
    } catch (e) {
      setTemplate({ error: e instanceof Error ? e.message : String(e) });
    }
  }

  if (!isSignedIn) return <p>Sign in first.</p>;
  return (
    <section>
      <div className="row">
        <button type="button" onClick={callApi}>
          Call /api/protected
        </button>
        <button type="button" onClick={() => templateToken('example')}>
          Get the &quot;example&quot; template token
        </button>
      </div>
      {api ? <pre data-testid="api-result">{JSON.stringify(api, null, 2)}</pre> : null}
      {template ? <pre data-testid="template-result">{JSON.stringify(template, null, 2)}</pre> : null}
    </section>
  );
}
