import type { Kysely } from 'kysely';
import type { JwtTemplateRecord, JwtTemplateStore, TemplateSigningAlgorithm } from '../contract.js';
import { fromJsonText, toJsonText } from './rows.js';
import type { Database, JwtTemplatesTable } from './schema.js';

const SESSION_CLAIMS_ROW_ID = 1;

function toTemplateRecord(row: JwtTemplatesTable): JwtTemplateRecord {
  return {
    id: row.id,
    name: row.name,
    claims: fromJsonText(row.claims) ?? {},
    lifetimeSeconds: Number(row.lifetime_seconds),
    allowedClockSkewSeconds: Number(row.allowed_clock_skew_seconds),
    signingAlgorithm: row.signing_algorithm as TemplateSigningAlgorithm | null,
    signingKeyCiphertext: row.signing_key_ciphertext,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

export function createJwtTemplateStore(db: Kysely<Database>): JwtTemplateStore {
  const getBy = async (column: 'id' | 'name', value: string) => {
    const row = await db.selectFrom('jwt_templates').selectAll().where(column, '=', value).executeTakeFirst();
    return row ? toTemplateRecord(row) : null;
  };
  return {
    async list({ limit = 10, offset = 0 }) {
      const rows = await db.selectFrom('jwt_templates').selectAll().orderBy('created_at', 'desc').orderBy('id', 'asc').limit(limit).offset(offset).execute();
      return rows.map(toTemplateRecord);
    },
    async count() {
      const row = await db.selectFrom('jwt_templates').select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
      return Number(row.n);
    },
    getById: (id) => getBy('id', id),
    getByName: (name) => getBy('name', name),
    async create(t) {
      await db
        .insertInto('jwt_templates')
        .values({
          id: t.id,
          name: t.name,
          claims: toJsonText(t.claims),
          lifetime_seconds: t.lifetimeSeconds,
          allowed_clock_skew_seconds: t.allowedClockSkewSeconds,
          signing_algorithm: t.signingAlgorithm,
          signing_key_ciphertext: t.signingKeyCiphertext,
          created_at: t.createdAt,
          updated_at: t.updatedAt,
        })
        .execute();
    },
    async update(id, patch) {
      const values: Partial<JwtTemplatesTable> = { updated_at: patch.updatedAt };
      if (patch.name !== undefined) values.name = patch.name;
      if (patch.claims !== undefined) values.claims = toJsonText(patch.claims);
      if (patch.lifetimeSeconds !== undefined) values.lifetime_seconds = patch.lifetimeSeconds;
      if (patch.allowedClockSkewSeconds !== undefined) values.allowed_clock_skew_seconds = patch.allowedClockSkewSeconds;
      if (patch.signingAlgorithm !== undefined) values.signing_algorithm = patch.signingAlgorithm;
      if (patch.signingKeyCiphertext !== undefined) values.signing_key_ciphertext = patch.signingKeyCiphertext;
      await db.updateTable('jwt_templates').set(values).where('id', '=', id).execute();
      return getBy('id', id);
    },
    async delete(id) {
      const result = await db.deleteFrom('jwt_templates').where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
    async maxInstanceSignedLifetimeSeconds() {
      const row = await db
        .selectFrom('jwt_templates')
        .select((eb) => eb.fn.max<number | string | null>(eb('lifetime_seconds', '+', eb.ref('allowed_clock_skew_seconds'))).as('n'))
        .where('signing_algorithm', 'is', null)
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },
    async getSessionClaims() {
      const row = await db.selectFrom('session_token_claims').selectAll().where('id', '=', SESSION_CLAIMS_ROW_ID).executeTakeFirst();
      return row ? { claims: fromJsonText(row.claims) ?? {}, updatedAt: Number(row.updated_at) } : { claims: {}, updatedAt: 0 };
    },
    async setSessionClaims(claims, at) {
      await db
        .insertInto('session_token_claims')
        .values({ id: SESSION_CLAIMS_ROW_ID, claims: toJsonText(claims), updated_at: at })
        .onConflict((oc) => oc.column('id').doUpdateSet({ claims: toJsonText(claims), updated_at: at }))
        .execute();
    },
  };
}
