/**
 * 0003 — JWT templates: named claim sets with shortcodes, their lifetime and
 * clock skew, and an optional own signing secret (encrypted at rest with a
 * key derived from the instance secret, like the private signing keys); and
 * the one row of custom claims merged into every session token.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('jwt_templates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('claims', 'text', (c) => c.notNull())
    .addColumn('lifetime_seconds', 'integer', (c) => c.notNull())
    .addColumn('allowed_clock_skew_seconds', 'integer', (c) => c.notNull())
    .addColumn('signing_algorithm', 'text')
    .addColumn('signing_key_ciphertext', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('session_token_claims')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('claims', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('session_token_claims').execute();
  await db.schema.dropTable('jwt_templates').execute();
}
