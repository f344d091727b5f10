/**
 * Starting points for new JWT templates (`starting_point` when creating
 * one): their claims, and what they need.
 *
 * - `default`: who, which session and which organization, flat, for your own APIs.
 * - `supabase`: the claims PostgREST and Supabase's `auth.jwt()` read. Supabase
 *   verifies with the project's JWT secret, so it is signed HS256 with that
 *   secret (`signing_key`, required). `sub` is the Latchkey user id, which is
 *   not a UUID: in policies use `auth.jwt() ->> 'sub'`, not `auth.uid()`.
 *   `app_metadata` carries public metadata (only the server writes it, like
 *   Supabase's app_metadata), `user_metadata` unsafe metadata (the user may).
 * - `hasura`: Hasura's claim namespace (`https://hasura.io/jwt/claims`) with
 *   allowed roles, default role and `x-hasura-user-id`. Hasura verifies with
 *   the instance's JWKS (`/.well-known/jwks.json`), so it uses the instance keys.
 */
import type { Json, TemplateSigningAlgorithm } from '../../../store/contract.js';

export interface StartingPoint {
  claims: Json;
  lifetimeSeconds: number;
  /** The algorithm of the template's own key when the starting point needs one. */
  requiresSigningAlgorithm?: TemplateSigningAlgorithm;
}

export const STARTING_POINTS = {
  default: {
    claims: {
      email: '{{user.primary_email_address}}',
      sid: '{{session.id}}',
      org_id: '{{org.id}}',
      org_slug: '{{org.slug}}',
      org_role: '{{org_membership.role}}',
      org_permissions: '{{org_membership.permissions}}',
    },
    lifetimeSeconds: 60,
  },
  supabase: {
    claims: {
      aud: 'authenticated',
      role: 'authenticated',
      email: '{{user.primary_email_address}}',
      app_metadata: '{{user.public_metadata}}',
      user_metadata: '{{user.unsafe_metadata}}',
    },
    lifetimeSeconds: 60,
    requiresSigningAlgorithm: 'HS256',
  },
  hasura: {
    claims: {
      'https://hasura.io/jwt/claims': {
        'x-hasura-allowed-roles': ['user'],
        'x-hasura-default-role': 'user',
        'x-hasura-user-id': '{{user.id}}',
      },
    },
    lifetimeSeconds: 60,
  },
} as const satisfies Record<string, StartingPoint>;

export type StartingPointName = keyof typeof STARTING_POINTS;
