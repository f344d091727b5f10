import { defineEndpoint, type RequestContext } from '../../endpoint.js';
import { json } from '../../respond.js';

async function handler(rc: RequestContext) {
  // Verifiers cache the JWKS; a short max-age keeps rotation visible within minutes.
  return json(await rc.domain.keys.jwks(), 200, { 'cache-control': 'public, max-age=60' });
}

export const getJwks = defineEndpoint({ method: 'GET', path: '/v1/jwks', area: 'public', summary: 'The public signing keys (JWKS)', handler });

export const getWellKnownJwks = defineEndpoint({
  method: 'GET',
  path: '/.well-known/jwks.json',
  area: 'public',
  summary: 'The public signing keys (JWKS), at the well-known path',
  handler,
});
