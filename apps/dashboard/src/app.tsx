import { useEffect, useState } from 'react';
import { dashboardSession, SIGNED_OUT_EVENT } from './api.js';
import { Loading } from './components.js';
import { href, useRoute } from './hooks.js';
import { JwtTemplatesPage } from './pages/jwt-templates.js';
import { OrganizationsPage } from './pages/organizations.js';
import { OverviewPage } from './pages/overview.js';
import { SettingsPage } from './pages/settings.js';
import { SignInPage } from './pages/sign-in.js';
import { SigningKeysPage } from './pages/signing-keys.js';
import { UsersPage } from './pages/users.js';
import { WebhooksPage } from './pages/webhooks.js';

const NAV = [
  { path: '/', label: 'Overview', match: '' },
  { path: '/users', label: 'Users', match: 'users' },
  { path: '/organizations', label: 'Organizations', match: 'organizations' },
  { path: '/jwt-templates', label: 'JWT templates', match: 'jwt-templates' },
  { path: '/settings', label: 'Session settings', match: 'settings' },
  { path: '/signing-keys', label: 'Signing keys', match: 'signing-keys' },
  { path: '/webhooks', label: 'Webhooks', match: 'webhooks' },
];

export function App() {
  const [signedIn, setSignedIn] = useState<boolean | null>(null);
  useEffect(() => {
    dashboardSession.get().then(
      () => setSignedIn(true),
      () => setSignedIn(false),
    );
    const onSignedOut = () => setSignedIn(false);
    window.addEventListener(SIGNED_OUT_EVENT, onSignedOut);
    return () => window.removeEventListener(SIGNED_OUT_EVENT, onSignedOut);
  }, []);
  if (signedIn === null) return <main className="center"><Loading what="Checking your dashboard sign-in" /></main>;
  if (!signedIn) return <SignInPage onSignedIn={() => setSignedIn(true)} />;
  return <Shell onSignOut={() => dashboardSession.signOut().finally(() => setSignedIn(false))} />;
}

function Shell({ onSignOut }: { onSignOut: () => void }) {
  const route = useRoute();
  const section = route.segments[0] ?? '';
  return (
    <div className="shell">
      <a className="skip" href="#main" onClick={(e) => (e.preventDefault(), document.getElementById('main')?.focus())}>
        Skip to content
      </a>
      <header className="topbar">
        <a className="brand" href={href('/')}>
          <img src="./favicon.svg" alt="" width="24" height="24" /> Latchkey
        </a>
        <button type="button" className="button ghost small" onClick={onSignOut}>
          Sign out
        </button>
      </header>
      <nav className="sidebar" aria-label="Dashboard">
        <ul>
          {NAV.map((item) => (
            <li key={item.path}>
              <a href={href(item.path)} aria-current={section === item.match ? 'page' : undefined}>
                {item.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" tabIndex={-1}>
        <Page section={section} segments={route.segments} params={route.params} />
      </main>
    </div>
  );
}

function Page({ section, segments, params }: { section: string; segments: string[]; params: URLSearchParams }) {
  switch (section) {
    case '':
      return <OverviewPage />;
    case 'users':
      return <UsersPage userId={segments[1]} params={params} />;
    case 'organizations':
      return <OrganizationsPage organizationId={segments[1]} />;
    case 'jwt-templates':
      return <JwtTemplatesPage templateId={segments[1]} />;
    case 'settings':
      return <SettingsPage />;
    case 'signing-keys':
      return <SigningKeysPage />;
    case 'webhooks':
      return <WebhooksPage endpointId={segments[1]} />;
    default:
      return (
        <section>
          <h1>Not found</h1>
          <p>
            There is no page here. <a href={href('/')}>Back to the overview</a>.
          </p>
        </section>
      );
  }
}
