// @vitest-environment node
// Organizations against a real server: the membership list on the state,
// setActive({ organization }) through touch, has() over the token's `o` claim,
// and JWT templates minted from the browser.
import { createAuthenticator } from '@latchkey/backend';
import { importVerificationKey, verifyJwt } from '@latchkey/backend/jwt';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readJwtClaims } from './jwt-claims.js';
import { APP_ORIGIN } from './test-support/browser.js';
import { createHarness, PASSWORD, type Harness } from './test-support/setup.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

type Json = Record<string, any>;
const api = (path: string, method = 'GET', json?: unknown): Promise<Json> =>
  h!.t.backendJson(path, { method, ...(json !== undefined ? { json } : {}) });
const claimsOf = (jwt: string | null) => (jwt ? (readJwtClaims(jwt) as Json) : null);

/** Ada is admin of Acme and analyst (org:reports:read) of Globex; Globex is her newer membership. */
async function adaWithTwoOrganizations() {
  h = await createHarness();
  const browser = h.browser();
  const tab = browser.openTab();
  await tab.load();
  const ada = await tab.signUp({ emailAddress: 'ada@example.com', password: PASSWORD });
  const userId = ada.user!.id;
  await api('/v1/organization_permissions', 'POST', { key: 'org:reports:read', name: 'Read reports' });
  await api('/v1/organization_permissions', 'POST', { key: 'org:reports:manage', name: 'Manage reports' });
  await api('/v1/organization_roles/org:admin', 'PATCH', { permissions: ['org:reports:read', 'org:reports:manage'] });
  await api('/v1/organization_roles', 'POST', { key: 'org:analyst', name: 'Analyst', permissions: ['org:reports:read'] });
  const acme = await api('/v1/organizations', 'POST', { name: 'Acme', created_by: userId });
  h.t.clock!.advance(1_000);
  const globex = await api('/v1/organizations', 'POST', { name: 'Globex' });
  await api(`/v1/organizations/${globex.id}/memberships`, 'POST', { user_id: userId, role: 'org:analyst' });
  const stranger = await api('/v1/organizations', 'POST', { name: 'Initech' });
  await tab.reload();
  return { h, browser, tab, sessionId: ada.id, userId, acme, globex, stranger };
}

describe('organizations on the client state', () => {
  it("lists the user's memberships with role, permissions and organization, and starts on the personal account", async () => {
    const { tab, acme, globex } = await adaWithTwoOrganizations();
    const state = tab.getState();
    expect(state.organization).toBeNull();
    expect(state.organizationMemberships.map((m) => [m.organization.name, m.organization.slug, m.role])).toEqual([
      ['Globex', 'globex', 'org:analyst'],
      ['Acme', 'acme', 'org:admin'],
    ]);
    expect(state.organizationMemberships[0]!.permissions).toEqual(['org:reports:read']);
    expect(state.organizationMemberships[1]!.permissions).toEqual(expect.arrayContaining(['org:reports:manage', 'org:sys_memberships:manage']));
    expect(state.organizationMemberships.map((m) => m.organization.id)).toEqual([globex.id, acme.id]);
    expect(state.user?.organizationMemberships).toBe(state.organizationMemberships);
    expect(tab.has({ role: 'org:admin' })).toBe(false);
  });
});

describe('setActive({ organization })', () => {
  it("switches through touch with one mint; the token's o claim, has(), the state and __session follow", async () => {
    const { h, browser, tab, sessionId, acme, globex } = await adaWithTwoOrganizations();
    const changes: (string | null)[] = [];
    tab.on('session-changed', (e) => changes.push(e.organizationId));
    await tab.getToken();
    const mints = h.mints();

    await tab.setActive({ organization: acme.id });
    expect(h.mints()).toBe(mints + 1);
    expect(claimsOf(await tab.getToken())).toMatchObject({ sid: sessionId, o: { id: acme.id, slg: 'acme', rol: 'admin' } });
    expect(tab.getState().organization).toMatchObject({ id: acme.id, name: 'Acme', slug: 'acme', role: 'org:admin' });
    expect([...(tab.getState().organization?.permissions ?? [])].sort()).toEqual(['org:reports:manage', 'org:reports:read']);
    expect(tab.getState().organization?.membership?.organization.id).toBe(acme.id);
    expect(tab.getState().session?.lastActiveOrganizationId).toBe(acme.id);
    expect([tab.has({ role: 'org:admin' }), tab.has({ role: 'admin' }), tab.has({ permission: 'org:reports:manage' })]).toEqual([true, true, true]);
    expect(claimsOf(browser.cookies.get('__session'))?.o?.id).toBe(acme.id);

    // By slug, as Clerk's setActive also takes it.
    await tab.setActive({ organization: 'globex' });
    expect(claimsOf(await tab.getToken())?.o).toMatchObject({ id: globex.id, rol: 'analyst' });
    expect([tab.has({ role: 'org:admin' }), tab.has({ role: 'org:analyst' }), tab.has({ permission: 'org:reports:read' }), tab.has({ permission: 'org:reports:manage' })]).toEqual([
      false,
      true,
      true,
      false,
    ]);

    await tab.setActive({ organization: null });
    expect(claimsOf(await tab.getToken())?.o).toBeUndefined();
    expect(tab.getState().organization).toBeNull();
    expect(tab.has({ role: 'org:analyst' })).toBe(false);
    expect(changes).toEqual([acme.id, globex.id, null]);
    expect(h.mints()).toBe(mints + 3);
  });

  it('refuses an organization the user is not a member of with organization_membership_not_found, and stays where it was', async () => {
    const { tab, acme, stranger } = await adaWithTwoOrganizations();
    await tab.setActive({ organization: acme.id });
    await expect(tab.setActive({ organization: stranger.id })).rejects.toMatchObject({ code: 'organization_membership_not_found', status: 403 });
    await expect(tab.setActive({ organization: 'no-such-slug' })).rejects.toMatchObject({ code: 'organization_membership_not_found' });
    expect(tab.getState().organization?.id).toBe(acme.id);
    expect(claimsOf(await tab.getToken())?.o?.id).toBe(acme.id);
    expect(tab.has({ role: 'org:admin' })).toBe(true);
  });

  it('a refresh minted before the switch but answered after it is never cached: the switch wins', async () => {
    const { browser, tab, acme } = await adaWithTwoOrganizations();
    await tab.getToken();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let holding = true;
    browser.state.beforeResponse = async (request) => {
      if (holding && /^POST \/v1\/client\/sessions\/[^/]+\/tokens$/.test(request)) {
        holding = false;
        await held;
      }
    };
    const late = tab.getToken({ skipCache: true });
    await vi.waitFor(() => expect(holding).toBe(false));
    const switching = tab.setActive({ organization: acme.id });
    await vi.waitFor(() => expect(browser.state.requests.filter((r) => r.endsWith('/touch'))).toHaveLength(1));
    release();
    await switching;
    expect(claimsOf(await late)?.o).toBeUndefined();
    expect(claimsOf(await tab.getToken())?.o?.id).toBe(acme.id);
    expect(tab.getState().organization?.id).toBe(acme.id);
    expect(claimsOf(browser.cookies.get('__session'))?.o?.id).toBe(acme.id);
  });

  it('the other tab follows the switch without a mint of its own', async () => {
    const { h, browser, tab, acme } = await adaWithTwoOrganizations();
    const other = browser.openTab();
    await other.load();
    await other.getToken();
    const mints = h.mints();
    await tab.setActive({ organization: acme.id });
    await vi.waitFor(() => expect(other.getState().organization).toMatchObject({ id: acme.id, name: 'Acme', role: 'org:admin' }));
    expect(other.has({ role: 'org:admin' })).toBe(true);
    expect(claimsOf(await other.getToken())?.o?.id).toBe(acme.id);
    expect(h.mints()).toBe(mints + 1);
  });
});

describe('membership changes reach the browser with the next token', () => {
  it('a role change shows in the token after the next refresh; has(), the state and the membership list follow', async () => {
    const { h, browser, tab, userId, acme } = await adaWithTwoOrganizations();
    await tab.setActive({ organization: acme.id });
    await api(`/v1/organizations/${acme.id}/memberships/${userId}`, 'PATCH', { role: 'org:analyst' });
    expect(tab.has({ role: 'org:admin' })).toBe(true); // The token still says admin until it is refreshed.

    const reads = () => browser.state.requests.filter((r) => r === 'GET /v1/client').length;
    const readsBefore = reads();
    await h.clock.advance(40_000);
    await vi.waitFor(() => expect(tab.getState().organization?.role).toBe('org:analyst'));
    expect([tab.has({ role: 'org:admin' }), tab.has({ role: 'org:analyst' }), tab.has({ permission: 'org:reports:manage' })]).toEqual([false, true, false]);
    // The token said a role the membership list did not: the client was read again, once.
    await vi.waitFor(() => expect(tab.getState().organization?.membership?.role).toBe('org:analyst'));
    expect(tab.getState().organizationMemberships.find((m) => m.organization.id === acme.id)?.permissions).toEqual(['org:reports:read']);
    expect(reads() - readsBefore).toBe(1);
    await h.clock.advance(40_000);
    expect(reads() - readsBefore).toBe(1);
  });

  it('a removed membership empties o at the next refresh: back to the personal account, and the list drops it', async () => {
    const { h, tab, userId, acme } = await adaWithTwoOrganizations();
    await tab.setActive({ organization: acme.id });
    await api(`/v1/organizations/${acme.id}/memberships/${userId}`, 'DELETE');
    await h.clock.advance(40_000);
    await vi.waitFor(() => expect(tab.getState().organization).toBeNull());
    expect(tab.has({ role: 'org:admin' })).toBe(false);
    await vi.waitFor(() => expect(tab.getState().organizationMemberships.map((m) => m.organization.id)).not.toContain(acme.id));
    expect(tab.getState().session?.lastActiveOrganizationId).toBeNull();
  });
});

describe('has() follows @latchkey/backend (and so Clerk) on real tokens', () => {
  const checks: [string, unknown][] = [
    ['role org:admin', { role: 'org:admin' }],
    ['role admin (no prefix)', { role: 'admin' }],
    ['role org:org:admin', { role: 'org:org:admin' }],
    ['role org:analyst', { role: 'org:analyst' }],
    ['permission org:reports:read', { permission: 'org:reports:read' }],
    ['permission reports:read (no prefix)', { permission: 'reports:read' }],
    ['permission org:reports:manage', { permission: 'org:reports:manage' }],
    ['system permission (never in tokens)', { permission: 'org:sys_memberships:manage' }],
    ['role and permission, both held', { role: 'org:admin', permission: 'org:reports:read' }],
    ['role and permission, one held', { role: 'org:analyst', permission: 'org:reports:manage' }],
    ['empty params', {}],
    ['a non-string role', { role: 5 }],
    ['null', null],
  ];

  it('gives the same answer as the Auth object of authenticateRequest for every check, in every organization', async () => {
    const { h, tab, acme, globex } = await adaWithTwoOrganizations();
    const jwks = (await (await h.t.server.fetch(new Request(new URL('/v1/jwks', h.t.publicUrl)))).json()) as { keys: JsonWebKey[] };
    const authenticate = createAuthenticator({ jwtKey: jwks.keys[0], authorizedParties: [APP_ORIGIN], now: h.t.clock!.now });
    const answers: Record<string, boolean[]> = {};
    for (const [name, organization] of [['Acme', acme.id], ['Globex', globex.id], ['personal', null]] as const) {
      await tab.setActive({ organization });
      const token = await tab.getToken();
      const state = await authenticate(new Request(`${APP_ORIGIN}/api`, { headers: { authorization: `Bearer ${token}` } }));
      const auth = state.toAuth()!;
      expect(auth.isAuthenticated).toBe(true);
      const ours = checks.map(([, check]) => tab.has(check as never));
      expect(ours, name).toEqual(checks.map(([, check]) => auth.has(check as never)));
      expect(tab.getState().organization?.role ?? null).toBe(auth.orgRole);
      expect([...(tab.getState().organization?.permissions ?? [])].sort()).toEqual([...(auth.orgPermissions ?? [])].sort());
      answers[name] = ours;
    }
    expect(answers).toEqual({
      Acme: [true, true, true, false, true, true, true, false, true, false, false, false, false],
      Globex: [false, false, false, true, true, true, false, false, false, false, false, false, false],
      personal: Array(checks.length).fill(false),
    });
  });
});

describe('getToken({ template })', () => {
  it('mints from a real JWT template, verifiable with the JWKS; cached per organization; never written to __session', async () => {
    const { h, browser, tab, sessionId, userId, acme } = await adaWithTwoOrganizations();
    await api('/v1/jwt_templates', 'POST', {
      name: 'backend-api',
      lifetime: 120,
      claims: { email: '{{user.primary_email_address}}', org: '{{org.slug || \'personal\'}}', org_role: '{{org_membership.role}}' },
    });
    const jwks = (await (await h.t.server.fetch(new Request(new URL('/v1/jwks', h.t.publicUrl)))).json()) as { keys: (JsonWebKey & { kid: string })[] };
    const key = await importVerificationKey('RS256', { jwk: jwks.keys[0]! }, jwks.keys[0]!.kid);
    const verify = async (jwt: string | null) => (await verifyJwt<Json>(jwt!, { key, now: h.t.clock!.now, issuer: h.t.publicUrl, authorizedParties: [APP_ORIGIN] })).payload;

    const session = await tab.getToken();
    const personal = await tab.getToken({ template: 'backend-api' });
    expect(await verify(personal)).toMatchObject({ sub: userId, azp: APP_ORIGIN, email: 'ada@example.com', org: 'personal', org_role: null });
    expect((await verify(personal)).exp - (await verify(personal)).iat).toBe(120);
    const mints = h.mints();
    expect(await tab.getToken({ template: 'backend-api' })).toBe(personal);
    expect(h.mints()).toBe(mints);
    expect(claimsOf(browser.cookies.get('__session'))?.sid).toBe(sessionId);
    expect(browser.cookies.get('__session')).toBe(session);

    await tab.setActive({ organization: acme.id });
    const inAcme = await tab.getToken({ template: 'backend-api' });
    expect(inAcme).not.toBe(personal);
    expect(await verify(inAcme)).toMatchObject({ org: 'acme', org_role: 'org:admin' });
    expect(claimsOf(browser.cookies.get('__session'))?.o?.id).toBe(acme.id);
  });

  it('answers an unknown template with the server code', async () => {
    const { tab } = await adaWithTwoOrganizations();
    await expect(tab.getToken({ template: 'nope' })).rejects.toMatchObject({ status: 404 });
  });
});
