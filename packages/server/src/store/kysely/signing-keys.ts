import type { Kysely } from 'kysely';
import type { SigningKeyStore } from '../contract.js';
import type { Database, SigningKeysTable } from './schema.js';
import { toSigningKeyRecord } from './rows.js';

export function createSigningKeyStore(db: Kysely<Database>): SigningKeyStore {
  return {
    async list() {
      const rows = await db.selectFrom('signing_keys').selectAll().orderBy('created_at', 'asc').execute();
      return rows.map(toSigningKeyRecord);
    },
    async insert(key) {
      await db
        .insertInto('signing_keys')
        .values({
          kid: key.kid,
          algorithm: key.algorithm,
          public_jwk: JSON.stringify(key.publicJwk),
          private_key_ciphertext: key.privateKeyCiphertext,
          status: key.status,
          created_at: key.createdAt,
          activate_at: key.activateAt,
          retired_at: key.retiredAt,
          expires_at: key.expiresAt,
        })
        .execute();
    },
    async update(kid, patch) {
      const values: Partial<SigningKeysTable> = {};
      if (patch.status !== undefined) values.status = patch.status;
      if (patch.activateAt !== undefined) values.activate_at = patch.activateAt;
      if (patch.retiredAt !== undefined) values.retired_at = patch.retiredAt;
      if (patch.expiresAt !== undefined) values.expires_at = patch.expiresAt;
      await db.updateTable('signing_keys').set(values).where('kid', '=', kid).execute();
    },
    async delete(kid) {
      await db.deleteFrom('signing_keys').where('kid', '=', kid).execute();
    },
  };
}
