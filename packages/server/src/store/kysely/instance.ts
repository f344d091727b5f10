import type { Kysely } from 'kysely';
import type { InstanceRecord, InstanceStore } from '../contract.js';
import type { Database, InstanceTable } from './schema.js';

const INSTANCE_ROW_ID = 1;

const toInstanceRecord = (row: InstanceTable): InstanceRecord => ({
  secretKeyHash: row.secret_key_hash,
  settings: JSON.parse(row.settings) as InstanceRecord['settings'],
  createdAt: Number(row.created_at),
  updatedAt: Number(row.updated_at),
});

export function createInstanceStore(db: Kysely<Database>): InstanceStore {
  const get = async () => {
    const row = await db.selectFrom('instance').selectAll().where('id', '=', INSTANCE_ROW_ID).executeTakeFirst();
    return row ? toInstanceRecord(row) : null;
  };
  return {
    get,
    async initialize(record) {
      // Several instances may start at once on one database: the first insert
      // wins and everybody reads back the row that is stored.
      await db
        .insertInto('instance')
        .values({
          id: INSTANCE_ROW_ID,
          secret_key_hash: record.secretKeyHash,
          settings: JSON.stringify(record.settings),
          created_at: record.createdAt,
          updated_at: record.updatedAt,
        })
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
      return (await get())!;
    },
    async updateSettings(settings, audit) {
      await db
        .updateTable('instance')
        .set({ settings: JSON.stringify(settings), updated_at: audit.changedAt })
        .where('id', '=', INSTANCE_ROW_ID)
        .execute();
      await db
        .insertInto('settings_audit')
        .values({
          id: audit.id,
          changed_at: audit.changedAt,
          actor: audit.actor,
          before: JSON.stringify(audit.before),
          after: JSON.stringify(audit.after),
        })
        .execute();
    },
    async listSettingsAudit({ limit = 50, offset = 0 }) {
      const rows = await db
        .selectFrom('settings_audit')
        .selectAll()
        .orderBy('changed_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .offset(offset)
        .execute();
      return rows.map((row) => ({
        id: row.id,
        changedAt: Number(row.changed_at),
        actor: row.actor,
        before: JSON.parse(row.before) as Record<string, unknown>,
        after: JSON.parse(row.after) as Record<string, unknown>,
      }));
    },
  };
}
