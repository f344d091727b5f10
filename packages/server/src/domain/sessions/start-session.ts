import type { ClientRecord, SessionActivity, SessionRecord, UserRecord } from '../../store/contract.js';
import { createClient, rotateClientSecret } from '../clients/client-token.js';
import type { DomainContext } from '../context.js';
import { DomainErrorCode, LatchkeyDomainError } from '../errors.js';
import { emitSessionEvent, inTransaction } from '../events.js';
import { createId } from '../ids.js';
import { abandonAtFor } from './lifecycle.js';

export interface StartSessionResult {
  session: SessionRecord;
  client: ClientRecord;
  /** The new `__client` cookie value: a fresh secret at every sign-in. */
  clientCookie: string;
  /** Sessions this sign-in replaced on the browser. */
  replacedSessionIds: string[];
}

/**
 * Starts a session for a user who has just proved who they are, on the
 * browser's client (a new client when there is none). Always a new session
 * id and a new client secret. In single-session mode the browser's other
 * sessions are replaced; in multi-session mode only the same user's earlier
 * session on this browser is, and the per-browser cap applies.
 */
export async function startSession(
  ctx: DomainContext,
  input: { user: UserRecord; client: ClientRecord | null; activity: SessionActivity | null; actor?: Record<string, unknown> | null },
): Promise<StartSessionResult> {
  const settings = await ctx.settings.get();
  const result = await inTransaction(ctx, async (tx) => {
    const store = tx.store;
    const at = ctx.now();
    let client = input.client;
    let clientCookie: string;
    if (client) clientCookie = await rotateClientSecret(tx, client.id);
    else ({ client, cookieValue: clientCookie } = await createClient(tx));

    const active = (await store.sessions.list({ clientId: client.id, status: 'active', limit: 1000 })).filter(
      (s) => s.expireAt > at && (s.abandonAt === null || s.abandonAt > at),
    );
    const toReplace =
      settings.multiSessionMode === 'single' ? active : active.filter((s) => s.userId === input.user.id);
    if (settings.multiSessionMode === 'multi' && active.length - toReplace.length >= settings.maxSessionsPerClient) {
      throw new LatchkeyDomainError(
        DomainErrorCode.SessionLimitReached,
        `This browser already has ${settings.maxSessionsPerClient} signed-in accounts; sign one out first`,
        { max_sessions_per_client: settings.maxSessionsPerClient },
      );
    }
    const replaced: SessionRecord[] = [];
    for (const old of toReplace) {
      if (await store.sessions.end(old.id, 'replaced', at)) replaced.push({ ...old, status: 'replaced', endedAt: at, updatedAt: at });
    }

    const expireAt = at + settings.sessionMaxLifetimeSeconds * 1000;
    const session: SessionRecord = {
      id: createId('sess', ctx.random),
      userId: input.user.id,
      clientId: client.id,
      status: 'active',
      createdAt: at,
      updatedAt: at,
      lastActiveAt: at,
      expireAt,
      abandonAt: abandonAtFor(settings, at, expireAt),
      endedAt: null,
      lastActiveOrganizationId: null,
      latestActivity: input.activity,
      actor: input.actor ?? null,
    };
    await store.sessions.create(session);
    await store.clients.setLastActiveSession(client.id, session.id, at);
    await store.users.update(input.user.id, { lastSignInAt: at, updatedAt: input.user.updatedAt });
    for (const old of replaced) emitSessionEvent(tx, old);
    emitSessionEvent(tx, session);
    return {
      session,
      client: { ...client, lastActiveSessionId: session.id, updatedAt: at },
      clientCookie,
      replaced,
    };
  });
  return {
    session: result.session,
    client: result.client,
    clientCookie: result.clientCookie,
    replacedSessionIds: result.replaced.map((s) => s.id),
  };
}
