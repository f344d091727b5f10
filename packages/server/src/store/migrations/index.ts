import type { Migration, MigrationProvider } from 'kysely';
import * as m0001 from './0001-initial.js';
import * as m0002 from './0002-organizations.js';
import * as m0003 from './0003-jwt-templates.js';
import * as m0004 from './0004-webhooks.js';

/**
 * Every migration, in order. Listed statically (not read from a folder) so
 * the store works the same from sources, from a bundle and from a package.
 */
export const migrations: Record<string, Migration> = {
  '0001-initial': m0001,
  '0002-organizations': m0002,
  '0003-jwt-templates': m0003,
  '0004-webhooks': m0004,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
