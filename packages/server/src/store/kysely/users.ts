import { sql, type Kysely } from 'kysely';
import type { UserListFilter, UserPatch, UserStore } from '../contract.js';
import { countRows, orderedPage } from './ordered-page.js';
import { likeContains } from './organization-rows.js';
import { toJsonText, toUserRecord, toUserRow } from './rows.js';
import type { Database, UsersTable } from './schema.js';

type UserFilter = Omit<UserListFilter, 'limit' | 'offset' | 'orderBy'>;

export function createUserStore(db: Kysely<Database>): UserStore {
  const filtered = (filter: UserFilter) => {
    let query = db.selectFrom('users');
    if (filter.query) query = query.where(({ eb }) => eb('email_address', 'like', sql<string>`${likeContains(filter.query!)} escape '\\'`));
    if (filter.emailAddresses?.length) {
      query = query.where('email_address', 'in', filter.emailAddresses.map((e) => e.toLowerCase()));
    }
    if (filter.userIds?.length) query = query.where('id', 'in', filter.userIds);
    return query;
  };

  return {
    async create(user) {
      await db.insertInto('users').values(toUserRow(user)).execute();
    },
    async getById(id) {
      const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toUserRecord(row) : null;
    },
    async getByEmail(emailAddress) {
      const row = await db
        .selectFrom('users')
        .selectAll()
        .where('email_address', '=', emailAddress.toLowerCase())
        .executeTakeFirst();
      return row ? toUserRecord(row) : null;
    },
    async list(filter) {
      const rows = await orderedPage(filtered(filter).selectAll(), filter.orderBy ?? '-created_at', filter).execute();
      return rows.map(toUserRecord);
    },
    count: (filter) => countRows(filtered(filter)),
    async update(id, patch) {
      const values = toUserPatchRow(patch);
      await db.updateTable('users').set(values).where('id', '=', id).execute();
      const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toUserRecord(row) : null;
    },
    async delete(id) {
      const result = await db.deleteFrom('users').where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
  };
}

function toUserPatchRow(patch: UserPatch): Partial<UsersTable> {
  const row: Partial<UsersTable> = { updated_at: patch.updatedAt };
  if (patch.emailAddress !== undefined) row.email_address = patch.emailAddress.toLowerCase();
  if (patch.passwordHash !== undefined) row.password_hash = patch.passwordHash;
  if (patch.firstName !== undefined) row.first_name = patch.firstName;
  if (patch.lastName !== undefined) row.last_name = patch.lastName;
  if (patch.externalId !== undefined) row.external_id = patch.externalId;
  if (patch.publicMetadata !== undefined) row.public_metadata = toJsonText(patch.publicMetadata);
  if (patch.privateMetadata !== undefined) row.private_metadata = toJsonText(patch.privateMetadata);
  if (patch.unsafeMetadata !== undefined) row.unsafe_metadata = toJsonText(patch.unsafeMetadata);
  if (patch.banned !== undefined) row.is_banned = patch.banned ? 1 : 0;
  if (patch.locked !== undefined) row.is_locked = patch.locked ? 1 : 0;
  if (patch.lastSignInAt !== undefined) row.last_sign_in_at = patch.lastSignInAt;
  return row;
}

