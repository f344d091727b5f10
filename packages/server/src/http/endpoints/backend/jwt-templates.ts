/**
 * JWT templates (Clerk's Backend API shapes), and the custom claims of the
 * session token itself. Tokens are minted from templates by
 * `POST /v1/sessions/{id}/tokens/{template}` and the Frontend API's
 * `POST /v1/client/sessions/{id}/tokens/{template}`.
 */
import { z } from 'zod';
import { STARTING_POINTS, type StartingPointName } from '../../../domain/tokens/templates/built-in-templates.js';
import {
  createJwtTemplate as create,
  deleteJwtTemplate as remove,
  getJwtTemplate as get,
  updateJwtTemplate as update,
} from '../../../domain/tokens/templates/manage-jwt-templates.js';
import { getSessionTokenClaims, setSessionTokenClaims } from '../../../domain/tokens/templates/session-token-claims.js';
import type { DomainContext } from '../../../domain/context.js';
import type { JwtTemplateRecord } from '../../../store/contract.js';
import { defineEndpoint } from '../../endpoint.js';
import { json } from '../../respond.js';
import { serializeJwtTemplate } from '../../serializers/jwt-template.js';
import { deletedObject } from '../../serializers/organization.js';
import { listQuery, listResponse } from './pagination.js';

const claims = z.record(z.string(), z.unknown());
const templateFields = {
  claims: claims.optional(),
  lifetime: z.number().int().nullable().optional(),
  allowed_clock_skew: z.number().int().nullable().optional(),
  custom_signing_key: z.boolean().optional(),
  signing_algorithm: z.string().max(16).nullable().optional(),
  signing_key: z.string().max(4096).nullable().optional(),
};

const toInput = (b: { [K in keyof typeof templateFields]?: z.infer<(typeof templateFields)[K]> } & { name?: string }) => ({
  name: b.name,
  claims: b.claims,
  lifetime: b.lifetime,
  allowedClockSkew: b.allowed_clock_skew,
  customSigningKey: b.custom_signing_key,
  signingAlgorithm: b.signing_algorithm,
  signingKey: b.signing_key,
});

async function serialize(ctx: DomainContext, templates: JwtTemplateRecord[]) {
  const { algorithm } = await ctx.keys.signer();
  return templates.map((t) => serializeJwtTemplate(t, algorithm));
}

export const listJwtTemplates = defineEndpoint({
  method: 'GET',
  path: '/v1/jwt_templates',
  area: 'backend',
  summary: 'Lists JWT templates, newest first',
  query: listQuery,
  async handler(rc) {
    const templates = await rc.domain.store.jwtTemplates.list({ limit: rc.query.limit, offset: rc.query.offset });
    return listResponse(await serialize(rc.domain, templates), () => rc.domain.store.jwtTemplates.count(), rc.query.paginated);
  },
});

export const createJwtTemplate = defineEndpoint({
  method: 'POST',
  path: '/v1/jwt_templates',
  area: 'backend',
  summary: 'Creates a JWT template: claims with shortcodes, lifetime, clock skew, and optionally its own HS256/384/512 secret',
  body: z.object({
    name: z.string().min(1).max(64),
    ...templateFields,
    starting_point: z.enum(Object.keys(STARTING_POINTS) as [StartingPointName, ...StartingPointName[]]).optional(),
  }),
  async handler(rc) {
    const template = await create(rc.domain, { ...toInput(rc.body), name: rc.body.name, startingPoint: rc.body.starting_point });
    return json((await serialize(rc.domain, [template]))[0]);
  },
});

export const getJwtTemplate = defineEndpoint({
  method: 'GET',
  path: '/v1/jwt_templates/:id',
  area: 'backend',
  summary: 'Gets a JWT template by id (or name)',
  async handler(rc) {
    return json((await serialize(rc.domain, [await get(rc.domain, rc.params.id!)]))[0]);
  },
});

export const updateJwtTemplate = defineEndpoint({
  method: 'PATCH',
  path: '/v1/jwt_templates/:id',
  area: 'backend',
  summary: 'Changes a JWT template; `custom_signing_key: false` goes back to the instance keys',
  body: z.object({ name: z.string().min(1).max(64).optional(), ...templateFields }),
  async handler(rc) {
    const template = await update(rc.domain, rc.params.id!, toInput(rc.body));
    return json((await serialize(rc.domain, [template]))[0]);
  },
});

export const deleteJwtTemplate = defineEndpoint({
  method: 'DELETE',
  path: '/v1/jwt_templates/:id',
  area: 'backend',
  summary: 'Deletes a JWT template',
  async handler(rc) {
    const template = await remove(rc.domain, rc.params.id!);
    return json(deletedObject('jwt_template', template.id));
  },
});

const serializeSessionClaims = (s: { claims: Record<string, unknown>; updatedAt: number }) => ({
  object: 'session_token_claims' as const,
  claims: s.claims,
  updated_at: s.updatedAt,
});

export const getSessionTokenClaimsEndpoint = defineEndpoint({
  method: 'GET',
  path: '/v1/instance/session_token_claims',
  area: 'backend',
  summary: 'The custom claims merged into every session token (`{}`: none)',
  async handler(rc) {
    return json(serializeSessionClaims(await getSessionTokenClaims(rc.domain)));
  },
});

export const setSessionTokenClaimsEndpoint = defineEndpoint({
  method: 'PUT',
  path: '/v1/instance/session_token_claims',
  area: 'backend',
  summary: 'Sets the custom session-token claims (shortcodes allowed); refused when a session token could pass 4 KB',
  body: z.object({ claims }),
  async handler(rc) {
    return json(serializeSessionClaims(await setSessionTokenClaims(rc.domain, rc.body.claims)));
  },
});
