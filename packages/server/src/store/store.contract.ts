/**
 * The conformance suite every store implementation passes (lucia's
 * `testAdapter`, better-auth's adapter suites). Call it from a test file with
 * a factory that returns a fresh, migrated, empty store.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SessionRecord, Store, UserRecord } from './contract.js';
import { runOrganizationScenarios } from './organizations.contract.js';
import { runScaleOutScenarios } from './scale-out.contract.js';

let counter = 0;
const nextId = (prefix: string) => `${prefix}_${(++counter).toString().padStart(6, '0')}${Math.random().toString(36).slice(2, 8)}`;

export function makeUser(overrides: Partial<UserRecord> = {}): UserRecord {
  const id = nextId('user');
  return {
    id,
    emailAddress: `${id}@example.com`,
    emailAddressId: nextId('idn'),
    passwordHash: null,
    firstName: null,
    lastName: null,
    externalId: null,
    publicMetadata: {},
    privateMetadata: {},
    unsafeMetadata: {},
    banned: false,
    locked: false,
    createdAt: 1_000,
    updatedAt: 1_000,
    lastSignInAt: null,
    ...overrides,
  };
}

export function makeSession(userId: string, clientId: string, overrides: Partial<SessionRecord> = {}): SessionRecord {
  return {
    id: nextId('sess'),
    userId,
    clientId,
    status: 'active',
    createdAt: 1_000,
    updatedAt: 1_000,
    lastActiveAt: 1_000,
    expireAt: 100_000,
    abandonAt: null,
    endedAt: null,
    lastActiveOrganizationId: null,
    latestActivity: null,
    actor: null,
    ...overrides,
  };
}

export function runStoreContract(name: string, makeStore: () => Promise<Store>): void {
  describe(`store contract: ${name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await makeStore();
    });
    afterEach(async () => {
      await store.close();
    });

    const seedClient = async (id = nextId('client')) => {
      await store.clients.create({ id, secretHash: 'h', lastActiveSessionId: null, createdAt: 1, updatedAt: 1 });
      return id;
    };

    it('finds a user by e-mail regardless of case, and refuses a second user with the same address', async () => {
      const user = makeUser({ emailAddress: 'Ada@Example.com' });
      await store.users.create(user);
      expect((await store.users.getByEmail('ADA@example.COM'))?.id).toBe(user.id);
      await expect(store.users.create(makeUser({ emailAddress: 'ada@example.com' }))).rejects.toThrow();
    });

    it('round-trips metadata JSON and boolean flags', async () => {
      const user = makeUser({ publicMetadata: { role: 'admin', nested: { a: [1, 2] } }, banned: true });
      await store.users.create(user);
      const read = await store.users.getById(user.id);
      expect(read).toEqual({ ...user, emailAddress: user.emailAddress.toLowerCase() });
    });

    it('updates only the fields given and returns the new record', async () => {
      const user = makeUser({ firstName: 'Ada' });
      await store.users.create(user);
      const updated = await store.users.update(user.id, { lastName: 'Lovelace', updatedAt: 2_000 });
      expect(updated).toMatchObject({ firstName: 'Ada', lastName: 'Lovelace', updatedAt: 2_000 });
      expect(await store.users.update('user_missing', { updatedAt: 3 })).toBeNull();
    });

    it('lists users with a search, an order and a page, and counts with the same filter', async () => {
      for (const [i, email] of ['b@x.io', 'a@x.io', 'c@y.io'].entries()) {
        await store.users.create(makeUser({ emailAddress: email, createdAt: 1_000 + i }));
      }
      const page = await store.users.list({ query: 'x.io', orderBy: 'email_address', limit: 1, offset: 1 });
      expect(page.map((u) => u.emailAddress)).toEqual(['b@x.io']);
      expect(await store.users.count({ query: 'X.IO' })).toBe(2);
      expect(await store.users.count({ query: '%' })).toBe(0);
      await store.users.create(makeUser({ emailAddress: 'a_b@z.io' }));
      await store.users.create(makeUser({ emailAddress: 'axb@z.io' }));
      // LIKE wildcards in a search are literal: '_' matches only '_'.
      expect((await store.users.list({ query: 'a_b' })).map((u) => u.emailAddress)).toEqual(['a_b@z.io']);
      const newest = await store.users.list({ limit: 10 });
      expect(newest[0]!.emailAddress).toBe('c@y.io');
    });

    it('deleting a user deletes their sessions', async () => {
      const user = makeUser();
      await store.users.create(user);
      const clientId = await seedClient();
      const session = makeSession(user.id, clientId);
      await store.sessions.create(session);
      expect(await store.users.delete(user.id)).toBe(true);
      expect(await store.sessions.getById(session.id)).toBeNull();
      expect(await store.users.delete(user.id)).toBe(false);
    });

    it('reads a session together with its user in one call', async () => {
      const user = makeUser({ publicMetadata: { plan: 'pro' } });
      await store.users.create(user);
      const session = makeSession(user.id, await seedClient(), { latestActivity: { ipAddress: '127.0.0.1', userAgent: 'ua', browserName: 'Chrome', browserVersion: '1', deviceType: 'desktop', isMobile: false } });
      await store.sessions.create(session);
      const read = await store.sessions.getWithUser(session.id);
      expect(read?.session).toEqual(session);
      expect(read?.user.publicMetadata).toEqual({ plan: 'pro' });
      expect(await store.sessions.getWithUser('sess_missing')).toBeNull();
    });

    it('ending a session works once: the second attempt reports it was no longer active', async () => {
      const user = makeUser();
      await store.users.create(user);
      const session = makeSession(user.id, await seedClient());
      await store.sessions.create(session);
      expect(await store.sessions.end(session.id, 'revoked', 5_000)).toBe(true);
      expect(await store.sessions.end(session.id, 'ended', 6_000)).toBe(false);
      expect(await store.sessions.getById(session.id)).toMatchObject({ status: 'revoked', endedAt: 5_000 });
    });

    it('ending a session removes it from the active list of its user', async () => {
      const user = makeUser();
      await store.users.create(user);
      const clientId = await seedClient();
      const a = makeSession(user.id, clientId, { lastActiveAt: 2 });
      const b = makeSession(user.id, clientId, { lastActiveAt: 3 });
      await store.sessions.create(a);
      await store.sessions.create(b);
      expect((await store.sessions.list({ userId: user.id, status: 'active' })).map((s) => s.id)).toEqual([b.id, a.id]);
      await store.sessions.end(b.id, 'ended', 10);
      expect((await store.sessions.list({ userId: user.id, status: 'active' })).map((s) => s.id)).toEqual([a.id]);
      expect(await store.sessions.count({ userId: user.id })).toBe(2);
    });

    it('ends every active session of a client, or of a user except one, and returns their ids', async () => {
      const user = makeUser();
      await store.users.create(user);
      const c1 = await seedClient();
      const c2 = await seedClient();
      const s1 = makeSession(user.id, c1);
      const s2 = makeSession(user.id, c1);
      const s3 = makeSession(user.id, c2);
      const s4 = makeSession(user.id, c2, { status: 'ended', endedAt: 5 });
      for (const s of [s1, s2, s3, s4]) await store.sessions.create(s);
      expect((await store.sessions.endMany({ clientId: c1, to: 'ended', at: 10 })).sort()).toEqual([s1.id, s2.id].sort());
      const s5 = makeSession(user.id, c1);
      await store.sessions.create(s5);
      expect(await store.sessions.endMany({ userId: user.id, exceptSessionId: s5.id, to: 'revoked', at: 11 })).toEqual([s3.id]);
      expect((await store.sessions.getById(s4.id))?.status).toBe('ended');
      expect((await store.sessions.getById(s5.id))?.status).toBe('active');
    });

    it('touch updates activity of an active session and refuses an ended one', async () => {
      const user = makeUser();
      await store.users.create(user);
      const session = makeSession(user.id, await seedClient());
      await store.sessions.create(session);
      const activity = { ipAddress: '10.0.0.1', userAgent: 'x', browserName: null, browserVersion: null, deviceType: null, isMobile: false };
      expect(await store.sessions.touch(session.id, { lastActiveAt: 50, abandonAt: 90, latestActivity: activity, lastActiveOrganizationId: 'org_1' })).toBe(true);
      expect(await store.sessions.getById(session.id)).toMatchObject({ lastActiveAt: 50, abandonAt: 90, latestActivity: activity, lastActiveOrganizationId: 'org_1' });
      expect(await store.sessions.touch(session.id, { lastActiveAt: 60, abandonAt: null })).toBe(true);
      expect((await store.sessions.getById(session.id))?.lastActiveOrganizationId).toBe('org_1');
      await store.sessions.end(session.id, 'ended', 70);
      expect(await store.sessions.touch(session.id, { lastActiveAt: 80, abandonAt: null })).toBe(false);
    });

    it('sweep moves only past-deadline active sessions, in batches, expiry before abandonment', async () => {
      const user = makeUser();
      await store.users.create(user);
      const clientId = await seedClient();
      const expired = [1, 2, 3].map(() => makeSession(user.id, clientId, { expireAt: 100, abandonAt: 50 }));
      const abandoned = makeSession(user.id, clientId, { expireAt: 1_000, abandonAt: 100 });
      const live = makeSession(user.id, clientId, { expireAt: 1_000, abandonAt: 500 });
      const alreadyEnded = makeSession(user.id, clientId, { expireAt: 100, status: 'ended', endedAt: 10 });
      for (const s of [...expired, abandoned, live, alreadyEnded]) await store.sessions.create(s);
      const first = await store.sessions.sweep(200, 2);
      expect(first.expired).toHaveLength(2);
      expect(first.abandoned.map((s) => s.id)).toEqual([abandoned.id]);
      expect(first.abandoned[0]).toMatchObject({ status: 'abandoned', endedAt: 200, userId: user.id });
      const second = await store.sessions.sweep(200, 10);
      expect(second.expired).toHaveLength(1);
      expect(second.abandoned).toEqual([]);
      expect((await store.sessions.getById(live.id))?.status).toBe('active');
      expect((await store.sessions.getById(alreadyEnded.id))).toMatchObject({ status: 'ended', endedAt: 10 });
      expect((await store.sessions.getById(expired[0]!.id))?.status).toBe('expired');
    });

    it('purges only sessions that ended before the cut-off', async () => {
      const user = makeUser();
      await store.users.create(user);
      const clientId = await seedClient();
      const old = makeSession(user.id, clientId, { status: 'ended', endedAt: 10 });
      const recent = makeSession(user.id, clientId, { status: 'revoked', endedAt: 500 });
      const active = makeSession(user.id, clientId);
      for (const s of [old, recent, active]) await store.sessions.create(s);
      expect(await store.sessions.purgeEnded(100, 10)).toBe(1);
      expect(await store.sessions.getById(old.id)).toBeNull();
      expect(await store.sessions.getById(recent.id)).not.toBeNull();
    });

    it('rotates a client secret and records its last active session', async () => {
      const id = await seedClient();
      await store.clients.rotateSecret(id, 'h2', 5);
      await store.clients.setLastActiveSession(id, 'sess_x', 6);
      expect(await store.clients.getById(id)).toEqual({ id, secretHash: 'h2', lastActiveSessionId: 'sess_x', createdAt: 1, updatedAt: 6 });
    });

    it('stores signing keys and their lifecycle fields', async () => {
      const key = { kid: 'k1', algorithm: 'RS256' as const, publicJwk: { kty: 'RSA', n: 'x', e: 'AQAB' }, privateKeyCiphertext: 'c', status: 'pending' as const, createdAt: 1, activateAt: 2, retiredAt: null, expiresAt: null };
      await store.signingKeys.insert(key);
      await store.signingKeys.update('k1', { status: 'retired', retiredAt: 5, expiresAt: 9 });
      expect(await store.signingKeys.list()).toEqual([{ ...key, status: 'retired', retiredAt: 5, expiresAt: 9 }]);
      await store.signingKeys.delete('k1');
      expect(await store.signingKeys.list()).toEqual([]);
    });

    it('initializes the instance row once and audits settings changes', async () => {
      const first = await store.instance.initialize({ secretKeyHash: 'a', settings: { x: 1 }, createdAt: 1, updatedAt: 1 });
      const second = await store.instance.initialize({ secretKeyHash: 'b', settings: { x: 2 }, createdAt: 2, updatedAt: 2 });
      expect(second).toEqual(first);
      await store.instance.updateSettings({ x: 3 }, { id: 'aud_1', changedAt: 5, actor: 'test', before: { x: 1 }, after: { x: 3 } });
      expect((await store.instance.get())?.settings).toEqual({ x: 3 });
      expect(await store.instance.listSettingsAudit({})).toEqual([{ id: 'aud_1', changedAt: 5, actor: 'test', before: { x: 1 }, after: { x: 3 } }]);
    });

    runOrganizationScenarios({ store: () => store, nextId, makeUser, makeSession, seedClient: () => seedClient() });

    runScaleOutScenarios({ store: () => store, nextId, makeUser, makeSession, seedClient: () => seedClient() });

    it('rolls a transaction back when its function throws', async () => {
      const user = makeUser();
      await expect(
        store.transaction(async (tx) => {
          await tx.users.create(user);
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await store.users.getById(user.id)).toBeNull();
      await store.transaction(async (tx) => tx.users.create(user));
      expect(await store.users.getById(user.id)).not.toBeNull();
    });
  });
}
