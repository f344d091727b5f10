// @vitest-environment node
// The DOM is a happy-dom window registered by test-support/dom (first import), leaving Node's fetch to the real server.
import { APP_ORIGIN } from '../test-support/dom.js';
import { afterEach, describe, expect, it } from 'vitest';
import { act } from 'react';
import { LatchkeyProvider, Protect, SessionList, SignedIn, SignedOut, SignIn, SignUp, UserButton, useAuth, useOrganization, useSession, useSessionList, useUser } from '../index.js';
import { byText, click, createReactHarness, eventually, PASSWORD, typeInto } from '../test-support/harness.js';

let h: Awaited<ReturnType<typeof createReactHarness>> | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

function Status() {
  const auth = useAuth();
  const { session } = useSession();
  const { sessions } = useSessionList();
  const { user } = useUser();
  const { organization } = useOrganization();
  return (
    <output data-testid="status">
      {JSON.stringify({
        isLoaded: auth.isLoaded,
        isSignedIn: auth.isSignedIn,
        userId: auth.userId === undefined ? 'undefined' : auth.userId === null ? null : 'set',
        sessionMatches: auth.sessionId === (session?.id ?? null),
        email: user?.primaryEmailAddress ?? null,
        sessions: sessions?.length ?? null,
        hasExpiry: session ? session.expireAt > session.createdAt : null,
        organization: organization === undefined ? 'undefined' : organization,
      })}
    </output>
  );
}
const status = (c: HTMLElement) => JSON.parse(c.querySelector('[data-testid="status"]')!.textContent!);

async function fill(container: HTMLElement, formTitle: string, email: string) {
  const form = [...container.querySelectorAll('form')].find((f) => f.textContent?.includes(formTitle))!;
  await act(async () => {
    typeInto(form.querySelector('input[type="email"]')!, email);
    typeInto(form.querySelector('input[type="password"]')!, PASSWORD);
  });
  await act(async () => form.querySelector<HTMLButtonElement>('button[type="submit"]')!.click());
}

describe('<LatchkeyProvider> and the hooks', () => {
  it('reports not loaded first, then signed out, then the signed-up user from <SignUp/>', async () => {
    h = await createReactHarness();
    const client = h.client();
    let firstRender: unknown;
    function First() {
      firstRender ??= useAuth().isLoaded;
      return null;
    }
    const c = await h.render(
      <LatchkeyProvider client={client}>
        <First />
        <Status />
        <SignedOut>
          <SignUp />
        </SignedOut>
        <SignedIn>
          <p>Welcome</p>
        </SignedIn>
      </LatchkeyProvider>,
    );
    expect(firstRender).toBe(false);
    await eventually(() => expect(status(c)).toMatchObject({ isLoaded: true, isSignedIn: false, userId: null, email: null, sessions: 0 }));
    expect(c.textContent).not.toContain('Welcome');
    await fill(c, 'Create your account', 'alice@example.com');
    await eventually(() =>
      expect(status(c)).toMatchObject({ isSignedIn: true, userId: 'set', sessionMatches: true, email: 'alice@example.com', sessions: 1, hasExpiry: true, organization: null }),
    );
    expect(c.textContent).toContain('Welcome');
    expect(c.querySelector('form')).toBeNull();
    await eventually(() => expect(window.document.cookie).toContain('__session='));
  });

  it('shows the server error in an alert for a wrong password, and stays signed out', async () => {
    h = await createReactHarness();
    await h.t.browser({ origin: APP_ORIGIN }).signUp('alice@example.com', PASSWORD);
    const c = await h.render(
      <LatchkeyProvider client={h.client()}>
        <SignIn />
      </LatchkeyProvider>,
    );
    const form = c.querySelector('form')!;
    await act(async () => {
      typeInto(form.querySelector('input[type="email"]')!, 'alice@example.com');
      typeInto(form.querySelector('input[type="password"]')!, 'not the password');
    });
    await act(async () => form.querySelector<HTMLButtonElement>('button[type="submit"]')!.click());
    await eventually(() => expect(c.querySelector('[role="alert"]')?.textContent).toBeTruthy());
    expect(c.querySelector('form')).not.toBeNull();
  });

  it('throws a clear error when a hook is used outside the provider', async () => {
    h = await createReactHarness();
    function Orphan() {
      useAuth();
      return null;
    }
    const errors: unknown[] = [];
    const { createRoot } = await import('react-dom/client');
    const root = createRoot(window.document.createElement('div') as unknown as HTMLElement, { onUncaughtError: (e) => errors.push(e) });
    try {
      await act(async () => root.render(<Orphan />));
    } catch (error) {
      errors.push(error);
    }
    expect(String(errors[0])).toContain('useAuth must be used inside <LatchkeyProvider>');
  });
});

describe('<UserButton/>: multi-session', () => {
  it('switches between two signed-in accounts and signs out of one, then of all', async () => {
    h = await createReactHarness();
    const client = h.client();
    await client.load();
    await client.signUp({ emailAddress: 'alice@example.com', password: PASSWORD });
    await client.signUp({ emailAddress: 'bob@example.com', password: PASSWORD });
    const c = await h.render(
      <LatchkeyProvider client={client}>
        <Status />
        <UserButton />
      </LatchkeyProvider>,
    );
    await eventually(() => expect(status(c).email).toBe('bob@example.com'));
    const trigger = c.querySelector<HTMLButtonElement>('button[aria-haspopup="menu"]')!;
    expect(trigger.getAttribute('aria-label')).toBe('Account menu for bob@example.com');
    await click(trigger);
    expect(trigger.getAttribute('aria-expanded')).toBe('true');
    await click(byText(c, '[role="menuitem"]', 'Switch to alice@example.com'));
    await eventually(() => expect(status(c)).toMatchObject({ email: 'alice@example.com', sessions: 2 }));
    await click(trigger);
    await click(byText(c, '[role="menuitem"]', 'Sign out of alice@example.com'));
    await eventually(() => expect(status(c)).toMatchObject({ email: 'bob@example.com', sessions: 1 }));
    await click(trigger);
    expect(byText(c, '[role="menuitem"]', 'Sign out of all accounts')).toBeUndefined();
    await click(byText(c, '[role="menuitem"]', 'Sign out'));
    await eventually(() => expect(status(c)).toMatchObject({ isSignedIn: false, sessions: 0 }));
    expect(c.querySelector('button[aria-haspopup="menu"]')).toBeNull();
  });
});

describe('<SessionList/>', () => {
  it("lists the user's devices and signs another device out", async () => {
    h = await createReactHarness();
    const phone = h.t.browser({ origin: APP_ORIGIN, ip: '203.0.113.9', userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1' });
    const { sessionId: phoneSession } = await phone.signUp('alice@example.com', PASSWORD);
    const client = h.client();
    await client.load();
    await client.signIn({ identifier: 'alice@example.com', password: PASSWORD });
    const c = await h.render(
      <LatchkeyProvider client={client}>
        <SessionList />
      </LatchkeyProvider>,
    );
    await eventually(() => expect(c.querySelectorAll('li')).toHaveLength(2));
    expect(c.querySelector(`li[data-session-id="${client.getState().session!.id}"]`)?.textContent).toContain('This device');
    const revoke = c.querySelector<HTMLButtonElement>(`li[data-session-id="${phoneSession}"] button`)!;
    expect(revoke.getAttribute('aria-label')).toBe('Sign out Mobile Safari 17.0 on mobile');
    await click(revoke);
    await eventually(() => expect(c.querySelectorAll('li')).toHaveLength(1));
    expect((await phone.fetch(`/v1/client/sessions/${phoneSession}/tokens`, { method: 'POST' })).status).toBe(401);
  });
});

describe('<Protect>', () => {
  it('renders children for a signed-in user, and the fallback for a role the user lacks or when signed out', async () => {
    h = await createReactHarness();
    const client = h.client();
    await client.load();
    await client.signUp({ emailAddress: 'alice@example.com', password: PASSWORD });
    const c = await h.render(
      <LatchkeyProvider client={client}>
        <Protect fallback={<p>fallback-any</p>}>
          <p>any-signed-in</p>
        </Protect>
        <Protect role="org:admin" fallback={<p>fallback-admin</p>}>
          <p>admin-only</p>
        </Protect>
        <Protect condition={(has) => !has({ permission: 'org:invoices:read' })}>
          <p>condition-true</p>
        </Protect>
      </LatchkeyProvider>,
    );
    await eventually(() => expect(c.textContent).toContain('any-signed-in'));
    expect(c.textContent).toContain('fallback-admin');
    expect(c.textContent).not.toContain('admin-only');
    expect(c.textContent).toContain('condition-true');
    await act(async () => client.signOut());
    await eventually(() => expect(c.textContent).toContain('fallback-any'));
    expect(c.textContent).not.toContain('condition-true');
  });
});
