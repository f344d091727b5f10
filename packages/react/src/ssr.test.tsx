// @vitest-environment node
// No DOM at all here: rendering on the server must not touch window, document or the network.
import { describe, expect, it } from 'vitest';
import { renderToString } from 'react-dom/server';
import { createLatchkey } from '@latchkey/js';
import { LatchkeyProvider, OrganizationSwitcher, Protect, SessionList, SignedIn, SignedOut, SignIn, UserButton, useAuth, useOrganization, useOrganizationList, useSession } from './index.js';

function Probe() {
  const { isLoaded, isSignedIn, orgId } = useAuth();
  const { session } = useSession();
  const { organization } = useOrganization();
  const { userMemberships } = useOrganizationList();
  return (
    <span>{`loaded=${isLoaded} signedIn=${String(isSignedIn)} session=${String(session)} org=${String(orgId)}/${String(organization)} memberships=${String(userMemberships.data)}`}</span>
  );
}

describe('server rendering', () => {
  it('renders the not-loaded state without window, document or any request', () => {
    expect(typeof (globalThis as { window?: unknown }).window).toBe('undefined');
    let requests = 0;
    const client = createLatchkey({ publishableKey: 'pk_live_bG9jYWxob3N0OjQ0MDAk', fetch: async () => (requests++, new Response('{}')) });
    const html = renderToString(
      <LatchkeyProvider client={client}>
        <Probe />
        <SignedIn>in</SignedIn>
        <SignedOut>
          <SignIn />
        </SignedOut>
        <UserButton />
        <SessionList />
        <OrganizationSwitcher />
        <Protect fallback="no">yes</Protect>
      </LatchkeyProvider>,
    );
    expect(html).toContain('loaded=false signedIn=undefined session=undefined org=undefined/undefined memberships=undefined');
    expect(html).not.toContain('in<');
    expect(html).not.toContain('<form');
    expect(requests).toBe(0);
  });

  it('creates its own client from publishableKey during server rendering, still without requests', () => {
    const html = renderToString(
      <LatchkeyProvider publishableKey="pk_live_bG9jYWxob3N0OjQ0MDAk">
        <Probe />
      </LatchkeyProvider>,
    );
    expect(html).toContain('loaded=false');
  });
});
