// @vitest-environment node
// The DOM is a happy-dom window registered by test-support/dom (first import), leaving Node's fetch to the real server.
import { window } from '../test-support/dom.js';
import { afterEach, describe, expect, it } from 'vitest';
import { act } from 'react';
import { LatchkeyProvider, OrganizationSwitcher, Protect, useAuth, useOrganization, useOrganizationList, type Latchkey } from '../index.js';
import { byText, click, createReactHarness, eventually, PASSWORD } from '../test-support/harness.js';

let h: Awaited<ReturnType<typeof createReactHarness>> | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

type Json = Record<string, any>;
const api = (path: string, method = 'GET', json?: unknown): Promise<Json> =>
  h!.t.backendJson(path, { method, ...(json !== undefined ? { json } : {}) });
const claimsOf = (jwt: string | null) => (jwt ? (JSON.parse(atob(jwt.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as Json) : null);

/** Ada, signed in; admin of Acme (with org:reports:manage), analyst (org:reports:read) of Globex, the newer membership. */
async function adaWithTwoOrganizations() {
  h = await createReactHarness();
  const client = h.client();
  await client.load();
  const session = await client.signUp({ emailAddress: 'ada@example.com', password: PASSWORD });
  const userId = session.user!.id;
  await api('/v1/organization_permissions', 'POST', { key: 'org:reports:read', name: 'Read reports' });
  await api('/v1/organization_permissions', 'POST', { key: 'org:reports:manage', name: 'Manage reports' });
  await api('/v1/organization_roles/org:admin', 'PATCH', { permissions: ['org:reports:read', 'org:reports:manage'] });
  await api('/v1/organization_roles', 'POST', { key: 'org:analyst', name: 'Analyst', permissions: ['org:reports:read'] });
  const acme = await api('/v1/organizations', 'POST', { name: 'Acme', created_by: userId });
  await new Promise((resolve) => setTimeout(resolve, 5)); // Globex's membership is the newer one.
  const globex = await api('/v1/organizations', 'POST', { name: 'Globex' });
  await api(`/v1/organizations/${globex.id}/memberships`, 'POST', { user_id: userId, role: 'org:analyst' });
  await client.reload();
  return { h, client, userId, acme, globex };
}

function OrgStatus() {
  const auth = useAuth();
  const { organization, membership } = useOrganization();
  const { isLoaded, userMemberships, setActive } = useOrganizationList();
  return (
    <div>
      <output data-testid="org-status">
        {JSON.stringify({
          isLoaded,
          orgId: auth.orgId,
          orgRole: auth.orgRole,
          orgSlug: auth.orgSlug,
          isAdmin: auth.has({ role: 'org:admin' }),
          readsReports: auth.has({ permission: 'org:reports:read' }),
          organization: organization ?? null,
          membership: membership ?? null,
          memberships: userMemberships.data?.map((m) => `${m.organization.name}:${m.role}`) ?? null,
          count: userMemberships.count ?? null,
        })}
      </output>
      {userMemberships.data?.map((m) => (
        <button key={m.id} type="button" data-switch={m.organization.slug} onClick={() => void setActive({ organization: m.organization.id })}>
          {m.organization.name}
        </button>
      ))}
      <button type="button" data-switch="personal" onClick={() => void setActive({ organization: null })}>
        Personal
      </button>
    </div>
  );
}
const orgStatus = (c: HTMLElement) => JSON.parse(c.querySelector('[data-testid="org-status"]')!.textContent!) as Json;
const tokenOrg = async (client: Latchkey) => claimsOf(await client.getToken())?.o ?? null;

describe('useOrganization, useOrganizationList and useAuth', () => {
  it('list the memberships and follow setActive({ organization }): ids, names, roles and has() from the new token', async () => {
    const { h, client, acme, globex } = await adaWithTwoOrganizations();
    const c = await h.render(
      <LatchkeyProvider client={client}>
        <OrgStatus />
      </LatchkeyProvider>,
    );
    await eventually(() =>
      expect(orgStatus(c)).toMatchObject({
        isLoaded: true,
        orgId: null,
        orgRole: null,
        isAdmin: false,
        organization: null,
        membership: null,
        memberships: ['Globex:org:analyst', 'Acme:org:admin'],
        count: 2,
      }),
    );

    await click(c.querySelector('[data-switch="acme"]'));
    await eventually(() =>
      expect(orgStatus(c)).toMatchObject({
        orgId: acme.id,
        orgRole: 'org:admin',
        orgSlug: 'acme',
        isAdmin: true,
        readsReports: true,
        organization: { id: acme.id, name: 'Acme', slug: 'acme' },
        membership: { role: 'org:admin', id: expect.stringMatching(/^orgmem_/) },
      }),
    );
    expect(orgStatus(c).membership.permissions).toEqual(expect.arrayContaining(['org:reports:manage', 'org:sys_memberships:manage']));
    expect(await tokenOrg(client)).toMatchObject({ id: acme.id, rol: 'admin' });

    await click(c.querySelector('[data-switch="globex"]'));
    await eventually(() => expect(orgStatus(c)).toMatchObject({ orgId: globex.id, orgRole: 'org:analyst', isAdmin: false, readsReports: true }));
    expect(orgStatus(c).membership.permissions).toEqual(['org:reports:read']);

    await click(c.querySelector('[data-switch="personal"]'));
    await eventually(() => expect(orgStatus(c)).toMatchObject({ orgId: null, orgRole: null, orgSlug: null, readsReports: false, organization: null, membership: null }));
    expect(await tokenOrg(client)).toBeNull();
  });

  it('a role change reaches useAuth, has() and the membership after the next token refresh', async () => {
    const { h, client, userId, acme } = await adaWithTwoOrganizations();
    await client.setActive({ organization: acme.id });
    const c = await h.render(
      <LatchkeyProvider client={client}>
        <OrgStatus />
      </LatchkeyProvider>,
    );
    await eventually(() => expect(orgStatus(c)).toMatchObject({ orgRole: 'org:admin', isAdmin: true }));
    await api(`/v1/organizations/${acme.id}/memberships/${userId}`, 'PATCH', { role: 'org:analyst' });
    expect(orgStatus(c).orgRole).toBe('org:admin'); // Until the token is refreshed.
    await act(async () => void (await client.getToken({ skipCache: true })));
    await eventually(() => expect(orgStatus(c)).toMatchObject({ orgRole: 'org:analyst', isAdmin: false, readsReports: true }));
    await eventually(() => expect(orgStatus(c)).toMatchObject({ membership: { role: 'org:analyst', permissions: ['org:reports:read'] }, memberships: ['Globex:org:analyst', 'Acme:org:analyst'] }));
  });
});

describe('<Protect> with organization tokens', () => {
  it('shows role- and permission-gated content only while the active organization grants it', async () => {
    const { h, client, acme, globex } = await adaWithTwoOrganizations();
    const c = await h.render(
      <LatchkeyProvider client={client}>
        <Protect role="org:admin" fallback={<p>not-admin</p>}>
          <p>admin-area</p>
        </Protect>
        <Protect permission="org:reports:manage" fallback={<p>cannot-manage</p>}>
          <p>manage-reports</p>
        </Protect>
        <Protect permission="reports:read" fallback={<p>cannot-read</p>}>
          <p>read-reports</p>
        </Protect>
      </LatchkeyProvider>,
    );
    const shown = () => [...c.querySelectorAll('p')].map((p) => p.textContent);
    await eventually(() => expect(shown()).toEqual(['not-admin', 'cannot-manage', 'cannot-read']));
    await act(async () => client.setActive({ organization: acme.id }));
    await eventually(() => expect(shown()).toEqual(['admin-area', 'manage-reports', 'read-reports']));
    await act(async () => client.setActive({ organization: globex.id }));
    await eventually(() => expect(shown()).toEqual(['not-admin', 'cannot-manage', 'read-reports']));
  });
});

describe('<OrganizationSwitcher/>', () => {
  it("is a menu of Personal account and the user's organizations; choosing one switches, and the token follows", async () => {
    const { h, client, acme } = await adaWithTwoOrganizations();
    const switched: (string | null)[] = [];
    const c = await h.render(
      <LatchkeyProvider client={client}>
        <OrganizationSwitcher onSwitch={(id) => switched.push(id)} />
      </LatchkeyProvider>,
    );
    await eventually(() => expect(c.querySelector('button[aria-haspopup="menu"]')).not.toBeNull());
    const trigger = c.querySelector<HTMLButtonElement>('button[aria-haspopup="menu"]')!;
    expect(trigger.getAttribute('aria-label')).toBe('Organization: Personal account. Switch organization');
    expect(trigger.getAttribute('aria-expanded')).toBe('false');

    await click(trigger);
    const menu = c.querySelector('[role="menu"]')!;
    expect(trigger.getAttribute('aria-expanded')).toBe('true');
    expect(trigger.getAttribute('aria-controls')).toBe(menu.id);
    expect(menu.getAttribute('aria-label')).toBe('Organizations');
    const items = [...menu.querySelectorAll('[role="menuitemradio"]')];
    expect(items.map((i) => [i.textContent, i.getAttribute('aria-checked')])).toEqual([
      ['AEPersonal account', 'true'],
      ['GGlobexAnalyst', 'false'],
      ['AAcmeAdmin', 'false'],
    ]);
    expect(window.document.activeElement).toBe(items[0]);
    const key = (k: string) => act(async () => void menu.dispatchEvent(new window.KeyboardEvent('keydown', { key: k, bubbles: true }) as unknown as Event));
    await key('ArrowDown');
    expect(window.document.activeElement).toBe(items[1]);
    await key('End');
    expect(window.document.activeElement).toBe(items[2]);
    await key('ArrowDown');
    expect(window.document.activeElement).toBe(items[0]);
    await key('Escape');
    expect(c.querySelector('[role="menu"]')).toBeNull();
    expect(window.document.activeElement).toBe(trigger);

    await click(trigger);
    await click(byText(c, '[role="menuitemradio"]', /Acme/));
    await eventually(() => expect(trigger.getAttribute('aria-label')).toBe('Organization: Acme. Switch organization'));
    expect(switched).toEqual([acme.id]);
    expect(await tokenOrg(client)).toMatchObject({ id: acme.id, slg: 'acme' });
    await click(trigger);
    expect(byText(c, '[role="menuitemradio"]', /Acme/)?.getAttribute('aria-checked')).toBe('true');
    await click(byText(c, '[role="menuitemradio"]', /Personal account/));
    await eventually(() => expect(trigger.getAttribute('aria-label')).toBe('Organization: Personal account. Switch organization'));
    expect(await tokenOrg(client)).toBeNull();
  });

  it("shows the server's refusal in an alert, with its code, when the membership was removed meanwhile, and stays put", async () => {
    const { h, client, userId, globex } = await adaWithTwoOrganizations();
    const c = await h.render(
      <LatchkeyProvider client={client}>
        <OrganizationSwitcher hidePersonal />
      </LatchkeyProvider>,
    );
    await eventually(() => expect(c.querySelector('button[aria-haspopup="menu"]')).not.toBeNull());
    await api(`/v1/organizations/${globex.id}/memberships/${userId}`, 'DELETE');
    await click(c.querySelector('button[aria-haspopup="menu"]'));
    expect(byText(c, '[role="menuitemradio"]', /Personal account/)).toBeUndefined();
    await click(byText(c, '[role="menuitemradio"]', /Globex/));
    await eventually(() => expect(c.querySelector('[role="alert"]')?.getAttribute('data-code')).toBe('organization_membership_not_found'));
    expect(c.querySelector('[role="alert"]')?.textContent).toBeTruthy();
    expect(c.querySelector('button[aria-haspopup="menu"]')?.getAttribute('aria-label')).toBe('Organization: Personal account. Switch organization');
    expect(await tokenOrg(client)).toBeNull();
  });

  it('renders nothing when signed out', async () => {
    h = await createReactHarness();
    const client = h.client();
    const c = await h.render(
      <LatchkeyProvider client={client}>
        <OrganizationSwitcher />
      </LatchkeyProvider>,
    );
    await eventually(() => expect(client.getState().isLoaded).toBe(true));
    expect(c.innerHTML).toBe('');
  });
});
