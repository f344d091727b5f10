import type { Kysely } from 'kysely';
import type { SessionTokenContextRead } from '../contract.js';
import {
  MEMBERSHIP_COLUMNS,
  ORGANIZATION_COLUMNS,
  permissionKeysFrom,
  prefixed,
  toMembershipRecord,
  toOrganizationRecord,
  unprefix,
  USER_COLUMNS,
} from './organization-rows.js';
import { toSessionRecord, toUserRecord } from './rows.js';
import type { Database, OrganizationMembershipsTable, OrganizationsTable, SessionsTable, UsersTable } from './schema.js';

const SESSION_COLUMNS = [
  'id', 'user_id', 'client_id', 'status', 'created_at', 'updated_at', 'last_active_at', 'expire_at', 'abandon_at', 'ended_at',
  'last_active_organization_id', 'latest_activity', 'actor',
] as const satisfies readonly (keyof SessionsTable)[];

/**
 * `sessions.getTokenContext`: the token mint's one read. The session joins
 * its user, and — through the membership of that user in the session's
 * active organization, which must still exist — the organization and the
 * role's permission keys. A session whose user has left the organization
 * reads as having none, whatever `last_active_organization_id` still says.
 */
export function createSessionTokenContextReader(db: Kysely<Database>): SessionTokenContextRead['getTokenContext'] {
  // Built and compiled once, at first use: on the hot path only the session
  // id changes (building this select list costs as much as running it on SQLite).
  const compile = () =>
    db
      .selectFrom('sessions as s')
      .innerJoin('users as u', 'u.id', 's.user_id')
      .leftJoin('organization_memberships as m', (join) =>
        join.onRef('m.organization_id', '=', 's.last_active_organization_id').onRef('m.user_id', '=', 's.user_id'),
      )
      .leftJoin('organizations as o', 'o.id', 'm.organization_id')
      .leftJoin('organization_roles as r', 'r.key', 'm.role')
      .select([
        ...prefixed('s', 's_', SESSION_COLUMNS),
        ...prefixed('u', 'u_', USER_COLUMNS),
        ...prefixed('m', 'm_', MEMBERSHIP_COLUMNS),
        ...prefixed('o', 'o_', ORGANIZATION_COLUMNS),
        'r.permissions as r_permissions',
      ] as never[])
      .where('s.id', '=', '')
      .compile();
  let compiled: ReturnType<typeof compile> | undefined;
  return async (id) => {
    compiled ??= compile();
    const { rows } = await db.executeQuery<Record<string, unknown>>({ ...compiled, parameters: [id] });
    const row = rows[0];
    if (!row) return null;
    const membership = unprefix<OrganizationMembershipsTable>(row, 'm_', MEMBERSHIP_COLUMNS);
    const organization = unprefix<OrganizationsTable>(row, 'o_', ORGANIZATION_COLUMNS);
    return {
      session: toSessionRecord(unprefix<SessionsTable>(row, 's_', SESSION_COLUMNS)!),
      user: toUserRecord(unprefix<UsersTable>(row, 'u_', USER_COLUMNS)!),
      organization:
        membership && organization
          ? {
              organization: toOrganizationRecord(organization),
              membership: toMembershipRecord(membership),
              permissions: permissionKeysFrom(row.r_permissions as string | null),
            }
          : null,
    };
  };
}
