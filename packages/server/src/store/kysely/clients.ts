import type { Kysely } from 'kysely';
import type { ClientStore } from '../contract.js';
import type { Database } from './schema.js';

export function createClientStore(db: Kysely<Database>): ClientStore {
  return {
    async create(client) {
      await db
        .insertInto('clients')
        .values({
          id: client.id,
          secret_hash: client.secretHash,
          last_active_session_id: client.lastActiveSessionId,
          created_at: client.createdAt,
          updated_at: client.updatedAt,
        })
        .execute();
    },
    async getById(id) {
      const row = await db.selectFrom('clients').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) return null;
      return {
        id: row.id,
        secretHash: row.secret_hash,
        lastActiveSessionId: row.last_active_session_id,
        createdAt: Number(row.created_at),
        updatedAt: Number(row.updated_at),
      };
    },
    async rotateSecret(id, secretHash, at) {
      await db.updateTable('clients').set({ secret_hash: secretHash, updated_at: at }).where('id', '=', id).execute();
    },
    async setLastActiveSession(id, sessionId, at) {
      await db
        .updateTable('clients')
        .set({ last_active_session_id: sessionId, updated_at: at })
        .where('id', '=', id)
        .execute();
    },
  };
}
