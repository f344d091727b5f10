import type { Kysely } from 'kysely';
import type { SessionListFilter, SessionStore, Store } from '../contract.js';
import type { Database, SessionsTable } from './schema.js';
import { toSessionRecord, toSessionRow, toUserRecord } from './rows.js';
import { purgeEndedPostgres, sweepPostgres } from './sweep-postgres.js';

export function createSessionStore(db: Kysely<Database>, dialect: Store['dialect'] = 'sqlite'): SessionStore {
  const filtered = (filter: Omit<SessionListFilter, 'limit' | 'offset'>) => {
    let query = db.selectFrom('sessions');
    if (filter.userId) query = query.where('user_id', '=', filter.userId);
    if (filter.clientId) query = query.where('client_id', '=', filter.clientId);
    if (filter.status) query = query.where('status', '=', filter.status);
    return query;
  };

  /** Moves the given active sessions to `to`; the status guard makes it race-safe. */
  const endIds = async (ids: string[], to: string, at: number): Promise<string[]> => {
    if (ids.length === 0) return [];
    const rows = await db
      .updateTable('sessions')
      .set({ status: to, ended_at: at, updated_at: at })
      .where('id', 'in', ids)
      .where('status', '=', 'active')
      .returning('id')
      .execute();
    return rows.map((r) => r.id);
  };

  return {
    async create(session) {
      await db.insertInto('sessions').values(toSessionRow(session)).execute();
    },
    async getById(id) {
      const row = await db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toSessionRecord(row) : null;
    },
    async getWithUser(id) {
      const row = await db
        .selectFrom('sessions')
        .innerJoin('users', 'users.id', 'sessions.user_id')
        .selectAll('sessions')
        .select([
          'users.email_address as u_email_address',
          'users.email_address_id as u_email_address_id',
          'users.password_hash as u_password_hash',
          'users.first_name as u_first_name',
          'users.last_name as u_last_name',
          'users.external_id as u_external_id',
          'users.public_metadata as u_public_metadata',
          'users.private_metadata as u_private_metadata',
          'users.unsafe_metadata as u_unsafe_metadata',
          'users.is_banned as u_is_banned',
          'users.is_locked as u_is_locked',
          'users.created_at as u_created_at',
          'users.updated_at as u_updated_at',
          'users.last_sign_in_at as u_last_sign_in_at',
        ])
        .where('sessions.id', '=', id)
        .executeTakeFirst();
      if (!row) return null;
      return {
        session: toSessionRecord(row),
        user: toUserRecord({
          id: row.user_id,
          email_address: row.u_email_address,
          email_address_id: row.u_email_address_id,
          password_hash: row.u_password_hash,
          first_name: row.u_first_name,
          last_name: row.u_last_name,
          external_id: row.u_external_id,
          public_metadata: row.u_public_metadata,
          private_metadata: row.u_private_metadata,
          unsafe_metadata: row.u_unsafe_metadata,
          is_banned: row.u_is_banned,
          is_locked: row.u_is_locked,
          created_at: row.u_created_at,
          updated_at: row.u_updated_at,
          last_sign_in_at: row.u_last_sign_in_at,
        }),
      };
    },
    async list(filter) {
      const rows = await filtered(filter)
        .selectAll()
        .orderBy('last_active_at', 'desc')
        .orderBy('id', 'asc')
        .limit(filter.limit ?? 100)
        .offset(filter.offset ?? 0)
        .execute();
      return rows.map(toSessionRecord);
    },
    async count(filter) {
      const row = await filtered(filter).select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
      return Number(row.n);
    },
    async end(id, to, at) {
      return (await endIds([id], to, at)).length === 1;
    },
    async endMany({ clientId, userId, exceptSessionId, to, at }) {
      if (!clientId === !userId) throw new TypeError('endMany needs exactly one of clientId and userId');
      let query = db
        .updateTable('sessions')
        .set({ status: to, ended_at: at, updated_at: at })
        .where('status', '=', 'active');
      query = clientId ? query.where('client_id', '=', clientId) : query.where('user_id', '=', userId!);
      if (exceptSessionId) query = query.where('id', '!=', exceptSessionId);
      const rows = await query.returning('id').execute();
      return rows.map((r) => r.id);
    },
    async touch(id, touch) {
      const values: Partial<SessionsTable> = {
        last_active_at: touch.lastActiveAt,
        abandon_at: touch.abandonAt,
        updated_at: touch.lastActiveAt,
      };
      if (touch.latestActivity) values.latest_activity = JSON.stringify(touch.latestActivity);
      if (touch.lastActiveOrganizationId !== undefined) {
        values.last_active_organization_id = touch.lastActiveOrganizationId;
      }
      const result = await db
        .updateTable('sessions')
        .set(values)
        .where('id', '=', id)
        .where('status', '=', 'active')
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async sweep(now, batchSize) {
      if (dialect === 'postgres') return sweepPostgres(db, now, batchSize);
      // SQLite has one writer at a time, so select-then-move cannot race
      // another sweeper inside a transaction; the status guard covers the rest.
      const active = () => db.selectFrom('sessions').select('id').where('status', '=', 'active').limit(batchSize);
      // Lifetime wins: a session past both deadlines ends as `expired`.
      const expiredIds = (await active().where('expire_at', '<=', now).execute()).map((r) => r.id);
      const abandonedIds = (
        await active().where('abandon_at', '<=', now).where('expire_at', '>', now).execute()
      ).map((r) => r.id);
      const move = async (ids: string[], to: string) => {
        if (ids.length === 0) return [];
        const rows = await db
          .updateTable('sessions')
          .set({ status: to, ended_at: now, updated_at: now })
          .where('id', 'in', ids)
          .where('status', '=', 'active')
          .returningAll()
          .execute();
        return rows.map(toSessionRecord);
      };
      return { expired: await move(expiredIds, 'expired'), abandoned: await move(abandonedIds, 'abandoned') };
    },
    async purgeEnded(before, batchSize) {
      if (dialect === 'postgres') return purgeEndedPostgres(db, before, batchSize);
      const ids = (
        await db
          .selectFrom('sessions')
          .select('id')
          .where('status', '!=', 'active')
          .where('ended_at', '<', before)
          .limit(batchSize)
          .execute()
      ).map((r) => r.id);
      if (ids.length === 0) return 0;
      const result = await db.deleteFrom('sessions').where('id', 'in', ids).where('status', '!=', 'active').executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
