import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { createLatchkey } from '@latchkey/js';
import { LatchkeyProvider, OrganizationSwitcher, Protect, SessionList, SignedIn, SignedOut, SignIn, SignUp, UserButton, useAuth, useOrganization, useUser } from '@latchkey/react';
import '@latchkey/react/styles.css';

// The test server injects the publishable key (its port is only known at run time).
const publishableKey = (window as unknown as { __LATCHKEY_PUBLISHABLE_KEY__: string }).__LATCHKEY_PUBLISHABLE_KEY__;
const latchkey = createLatchkey({ publishableKey });
// Exposed so the browser test can ask both tabs for a token at the same moment.
(window as unknown as { latchkey: typeof latchkey }).latchkey = latchkey;

function ActiveOrganization() {
  const { orgRole } = useAuth();
  const { organization } = useOrganization();
  return (
    <p data-testid="org">
      {organization ? `Working in ${organization.name} as ${orgRole}` : 'Working in your personal account'}
      <Protect role="org:admin">
        <strong data-testid="admin-only"> (admin tools)</strong>
      </Protect>
    </p>
  );
}

function App() {
  const { isLoaded } = useAuth();
  const { user } = useUser();
  const [adding, setAdding] = useState(false);
  return (
    <main style={{ fontFamily: 'system-ui', maxWidth: 720, margin: '24px auto', display: 'grid', gap: 16 }}>
      <header style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
        <h1 style={{ margin: 0 }}>Latchkey demo</h1>
        <div style={{ display: 'flex', gap: 12, alignItems: 'center' }}>
          <OrganizationSwitcher />
          <UserButton onAddAccount={() => setAdding(true)} />
        </div>
      </header>
      {isLoaded ? null : <p>Loading…</p>}
      <SignedOut>
        <div style={{ display: 'flex', gap: 16 }}>
          <SignIn />
          <SignUp />
        </div>
      </SignedOut>
      <SignedIn>
        <p data-testid="who">Signed in as {user?.primaryEmailAddress}</p>
        <ActiveOrganization />
        {adding ? <SignIn title="Add an account" onSignIn={() => setAdding(false)} /> : null}
        <SessionList />
      </SignedIn>
    </main>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <LatchkeyProvider client={latchkey}>
      <App />
    </LatchkeyProvider>
  </StrictMode>,
);
