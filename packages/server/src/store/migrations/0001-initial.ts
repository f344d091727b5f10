/**
 * 0001 — the initial schema: the instance row (settings and the secret-key
 * fingerprint) with its settings audit, users, clients, sessions and signing
 * keys. Timestamps are Unix milliseconds in BIGINT columns, booleans are
 * 0/1 integers and JSON is text, so the same statements run on SQLite and
 * PostgreSQL.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('instance')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('secret_key_hash', 'text', (c) => c.notNull())
    .addColumn('settings', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('settings_audit')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('changed_at', 'bigint', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('before', 'text', (c) => c.notNull())
    .addColumn('after', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('settings_audit_changed_at_idx').on('settings_audit').column('changed_at').execute();

  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('email_address', 'text', (c) => c.notNull().unique())
    .addColumn('email_address_id', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text')
    .addColumn('first_name', 'text')
    .addColumn('last_name', 'text')
    .addColumn('external_id', 'text')
    .addColumn('public_metadata', 'text', (c) => c.notNull())
    .addColumn('private_metadata', 'text', (c) => c.notNull())
    .addColumn('unsafe_metadata', 'text', (c) => c.notNull())
    .addColumn('is_banned', 'integer', (c) => c.notNull())
    .addColumn('is_locked', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('last_sign_in_at', 'bigint')
    .execute();
  await db.schema.createIndex('users_created_at_idx').on('users').column('created_at').execute();

  await db.schema
    .createTable('clients')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('secret_hash', 'text', (c) => c.notNull())
    .addColumn('last_active_session_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('client_id', 'text', (c) => c.notNull().references('clients.id').onDelete('cascade'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('last_active_at', 'bigint', (c) => c.notNull())
    .addColumn('expire_at', 'bigint', (c) => c.notNull())
    .addColumn('abandon_at', 'bigint')
    .addColumn('ended_at', 'bigint')
    .addColumn('last_active_organization_id', 'text')
    .addColumn('latest_activity', 'text')
    .addColumn('actor', 'text')
    .execute();
  // Listing a user's (or a browser's) sessions by status is the common read;
  // the sweeper walks active sessions by deadline.
  await db.schema.createIndex('sessions_user_status_idx').on('sessions').columns(['user_id', 'status']).execute();
  await db.schema.createIndex('sessions_client_status_idx').on('sessions').columns(['client_id', 'status']).execute();
  await db.schema.createIndex('sessions_status_expire_idx').on('sessions').columns(['status', 'expire_at']).execute();
  await db.schema.createIndex('sessions_status_abandon_idx').on('sessions').columns(['status', 'abandon_at']).execute();
  await db.schema.createIndex('sessions_status_ended_idx').on('sessions').columns(['status', 'ended_at']).execute();

  await db.schema
    .createTable('signing_keys')
    .addColumn('kid', 'text', (c) => c.primaryKey())
    .addColumn('algorithm', 'text', (c) => c.notNull())
    .addColumn('public_jwk', 'text', (c) => c.notNull())
    .addColumn('private_key_ciphertext', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('activate_at', 'bigint', (c) => c.notNull())
    .addColumn('retired_at', 'bigint')
    .addColumn('expires_at', 'bigint')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['signing_keys', 'sessions', 'clients', 'users', 'settings_audit', 'instance']) {
    await db.schema.dropTable(table).execute();
  }
}
