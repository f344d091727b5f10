import { Migrator, type Kysely } from 'kysely';
import type { Store } from '../contract.js';
import { migrationProvider } from '../migrations/index.js';
import type { Database } from './schema.js';
import { createClientStore } from './clients.js';
import { createInstanceStore } from './instance.js';
import { createJwtTemplateStore } from './jwt-templates.js';
import { createOrganizationPermissionStore, createOrganizationRoleStore } from './organization-roles.js';
import { createOrganizationMembershipStore, createOrganizationStore } from './organizations.js';
import { createSessionTokenContextReader } from './session-token-context.js';
import { createSessionStore } from './sessions.js';
import { createSigningKeyStore } from './signing-keys.js';
import { createUserStore } from './users.js';
import { createRevocationStore, createWebhookStore } from './webhooks.js';

/**
 * The one store implementation: Kysely over either dialect. The dialect files
 * (`dialect-sqlite.ts`, `dialect-postgres.ts`) only build the Kysely instance.
 */
export function createKyselyStore(
  db: Kysely<Database>,
  dialect: Store['dialect'],
  hooks: { beforeMigrate?: () => Promise<void>; migrationTableSchema?: string } = {},
): Store {
  const store: Store = {
    dialect,
    users: createUserStore(db),
    clients: createClientStore(db),
    // The mint's one-read join lives with the organization tables it reaches into.
    sessions: { ...createSessionStore(db, dialect), getTokenContext: createSessionTokenContextReader(db) },
    signingKeys: createSigningKeyStore(db),
    instance: createInstanceStore(db),
    organizations: createOrganizationStore(db),
    organizationMemberships: createOrganizationMembershipStore(db),
    organizationRoles: createOrganizationRoleStore(db),
    organizationPermissions: createOrganizationPermissionStore(db),
    jwtTemplates: createJwtTemplateStore(db),
    webhooks: createWebhookStore(db, dialect),
    revocations: createRevocationStore(db),
    transaction: (fn) => db.transaction().execute((trx) => fn(createKyselyStore(trx, dialect, hooks))),
    async migrate() {
      await hooks.beforeMigrate?.();
      // Kysely's migrator takes a lock (an advisory lock on PostgreSQL), so
      // several instances starting at once run each migration exactly once.
      const { error, results } = await new Migrator({ db, provider: migrationProvider, ...(hooks.migrationTableSchema ? { migrationTableSchema: hooks.migrationTableSchema } : {}) }).migrateToLatest();
      if (error) {
        const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
        throw new Error(`Latchkey store migration ${failed} failed`, { cause: error });
      }
    },
    close: () => db.destroy(),
  };
  return store;
}
