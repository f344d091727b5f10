/**
 * The Frontend API's user JSON carries the user's organization memberships
 * the way Clerk's does (`user.organization_memberships`), so a browser can
 * list and switch organizations without the Backend API.
 */
import { createTestServer, type TestServer } from '@latchkey/testing';
import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../store/contract.js';
import { openStore } from '../store/open-store.js';
import { PASSWORD } from '../test-support/verify-token.js';

let t: TestServer | undefined;
let store: Store | undefined;
afterEach(async () => {
  await t?.close();
  await store?.close();
  t = undefined;
  store = undefined;
});

type Json = Record<string, any>;

async function api(path: string, method = 'GET', json?: unknown): Promise<Json> {
  const response = await t!.backendApi(path, { method, ...(json !== undefined ? { json } : {}) });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as Json;
}

/** The real SQLite store, with its membership list calls counted (every call still goes to the store). */
async function countingStore() {
  const real = await openStore('sqlite::memory:');
  const calls: unknown[] = [];
  const list = real.organizationMemberships.list.bind(real.organizationMemberships);
  real.organizationMemberships.list = (filter) => (calls.push(filter), list(filter));
  return { store: real, calls };
}

const clientOf = async (browser: ReturnType<TestServer['browser']>) => ((await (await browser.fetch('/v1/client')).json()) as Json).response as Json;
const userIn = (client: Json, userId: string) => client.sessions.find((s: Json) => s.user.id === userId).user as Json;

describe('Frontend API: the user carries organization_memberships (Clerk shape)', () => {
  it('lists each signed-in user its own memberships with role, permissions and public organization data, never private metadata', async () => {
    t = await createTestServer();
    const browser = t.browser();
    const ada = await browser.signUp('ada@example.com', PASSWORD);
    const bob = await browser.signUp('bob@example.com', PASSWORD);
    await api('/v1/organization_permissions', 'POST', { key: 'org:reports:read', name: 'Read reports' });
    await api('/v1/organization_roles', 'POST', { key: 'org:analyst', name: 'Analyst', permissions: ['org:reports:read'] });
    const acme = await api('/v1/organizations', 'POST', {
      name: 'Acme',
      created_by: ada.userId,
      public_metadata: { plan: 'pro' },
      private_metadata: { secret: 'never-in-the-browser' },
    });
    t.clock!.advance(1_000);
    const globex = await api('/v1/organizations', 'POST', { name: 'Globex' });
    await api(`/v1/organizations/${globex.id}/memberships`, 'POST', { user_id: ada.userId, role: 'org:analyst' });
    await api(`/v1/organizations/${globex.id}/memberships`, 'POST', { user_id: bob.userId, role: 'org:member' });
    await api(`/v1/organizations/${acme.id}/memberships/${ada.userId}/metadata`, 'PATCH', { private_metadata: { note: 'private-note' } });

    const client = await clientOf(browser);
    expect(JSON.stringify(client)).not.toMatch(/never-in-the-browser|private-note|private_metadata/);
    const adaMemberships = userIn(client, ada.userId).organization_memberships as Json[];
    expect(adaMemberships.map((m) => [m.organization.slug, m.role])).toEqual([
      ['globex', 'org:analyst'],
      ['acme', 'org:admin'],
    ]);
    const admin = adaMemberships[1]!;
    expect(admin).toMatchObject({
      object: 'organization_membership',
      id: expect.stringMatching(/^orgmem_/),
      role: 'org:admin',
      public_metadata: {},
      organization: { object: 'organization', id: acme.id, name: 'Acme', slug: 'acme', image_url: '', has_image: false, public_metadata: { plan: 'pro' } },
    });
    expect(admin.permissions).toEqual(expect.arrayContaining(['org:sys_memberships:manage', 'org:sys_profile:manage']));
    expect(adaMemberships[0]!.permissions).toEqual(['org:reports:read']);
    expect((userIn(client, bob.userId).organization_memberships as Json[]).map((m) => [m.organization.id, m.role, m.permissions])).toEqual([
      [globex.id, 'org:member', ['org:sys_memberships:read']],
    ]);
  });

  it('is an empty list for a user with no organization, and follows role changes and removals at the next read', async () => {
    t = await createTestServer();
    const browser = t.browser();
    const ada = await browser.signUp('ada@example.com', PASSWORD);
    expect(userIn(await clientOf(browser), ada.userId).organization_memberships).toEqual([]);

    const acme = await api('/v1/organizations', 'POST', { name: 'Acme' });
    await api(`/v1/organizations/${acme.id}/memberships`, 'POST', { user_id: ada.userId, role: 'org:member' });
    expect(userIn(await clientOf(browser), ada.userId).organization_memberships.map((m: Json) => m.role)).toEqual(['org:member']);
    await api(`/v1/organizations/${acme.id}/memberships/${ada.userId}`, 'PATCH', { role: 'org:admin' });
    expect(userIn(await clientOf(browser), ada.userId).organization_memberships.map((m: Json) => m.role)).toEqual(['org:admin']);
    await api(`/v1/organizations/${acme.id}/memberships/${ada.userId}`, 'DELETE');
    expect(userIn(await clientOf(browser), ada.userId).organization_memberships).toEqual([]);
  });

  it('puts the memberships in the session answers of touch and end too', async () => {
    t = await createTestServer();
    const browser = t.browser();
    const ada = await browser.signUp('ada@example.com', PASSWORD);
    const acme = await api('/v1/organizations', 'POST', { name: 'Acme', created_by: ada.userId });

    const touched = (await (await browser.fetch(`/v1/client/sessions/${ada.sessionId}/touch`, { method: 'POST', json: { active_organization_id: acme.id } })).json()) as Json;
    expect(touched.response.last_active_organization_id).toBe(acme.id);
    expect(touched.response.user.organization_memberships.map((m: Json) => m.organization.id)).toEqual([acme.id]);
    const ended = (await (await browser.fetch(`/v1/client/sessions/${ada.sessionId}/end`, { method: 'POST' })).json()) as Json;
    expect(ended.response.status).toBe('ended');
    expect(ended.response.user.organization_memberships.map((m: Json) => m.organization.id)).toEqual([acme.id]);
  });

  it('reads the memberships of every signed-in user of a browser in one store call', async () => {
    const counted = await countingStore();
    store = counted.store;
    t = await createTestServer({ store });
    const browser = t.browser();
    const users = [];
    for (const name of ['ada', 'bob', 'cy']) users.push(await browser.signUp(`${name}@example.com`, PASSWORD));
    const acme = await api('/v1/organizations', 'POST', { name: 'Acme' });
    for (const user of users) await api(`/v1/organizations/${acme.id}/memberships`, 'POST', { user_id: user.userId, role: 'org:member' });

    counted.calls.length = 0;
    const client = await clientOf(browser);
    expect(client.sessions).toHaveLength(3);
    for (const user of users) expect(userIn(client, user.userId).organization_memberships).toHaveLength(1);
    expect(counted.calls).toEqual([expect.objectContaining({ userIds: expect.arrayContaining(users.map((u) => u.userId)) })]);
  });

  it('caps a user at 100 memberships without crowding out another user of the same browser', async () => {
    const counted = await countingStore();
    store = counted.store;
    t = await createTestServer({ store });
    const browser = t.browser();
    const busy = await browser.signUp('busy@example.com', PASSWORD);
    const calm = await browser.signUp('calm@example.com', PASSWORD);
    const calmOrg = await api('/v1/organizations', 'POST', { name: 'Calm org', created_by: calm.userId });
    // Busy joins 201 organizations after calm's one, so newest first the shared cap of 200 is all busy's.
    for (let i = 0; i < 201; i++) {
      t.clock!.advance(1_000);
      await api('/v1/organizations', 'POST', { name: `Busy ${i}`, created_by: busy.userId });
    }
    counted.calls.length = 0;
    const client = await clientOf(browser);
    expect(userIn(client, busy.userId).organization_memberships).toHaveLength(100);
    expect(userIn(client, calm.userId).organization_memberships.map((m: Json) => m.organization.id)).toEqual([calmOrg.id]);
    expect(counted.calls).toHaveLength(2);
  });
});
