import { z } from 'zod';
import type { SigningKeyRecord } from '../../../store/contract.js';
import { defineEndpoint } from '../../endpoint.js';
import { json } from '../../respond.js';

const serializeKey = (key: SigningKeyRecord) => ({
  object: 'signing_key',
  kid: key.kid,
  algorithm: key.algorithm,
  status: key.status,
  public_jwk: key.publicJwk,
  created_at: key.createdAt,
  activate_at: key.activateAt,
  retired_at: key.retiredAt,
  expires_at: key.expiresAt,
});

export const listSigningKeys = defineEndpoint({
  method: 'GET',
  path: '/v1/signing_keys',
  area: 'backend',
  summary: 'The signing keys and where each is in its lifecycle (never the private part)',
  async handler(rc) {
    return json((await rc.domain.keys.list()).map(serializeKey));
  },
});

export const rotateSigningKey = defineEndpoint({
  method: 'POST',
  path: '/v1/signing_keys/rotate',
  area: 'backend',
  summary: 'Adds a new signing key: published now, signing after the publish delay (or at once with immediate)',
  body: z.object({ algorithm: z.enum(['RS256', 'ES256', 'EdDSA']).optional(), immediate: z.boolean().optional() }),
  async handler(rc) {
    const algorithm = rc.body.algorithm ?? rc.settings.signingAlgorithm;
    return json(serializeKey(await rc.domain.keys.rotate({ algorithm, immediate: rc.body.immediate })));
  },
});
