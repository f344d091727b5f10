import { z } from 'zod';
import { DomainErrorCode, LatchkeyDomainError } from '../../../domain/errors.js';
import { defineEndpoint } from '../../endpoint.js';
import { json } from '../../respond.js';
import { serializeClient } from '../../serializers/client.js';

export const getBackendClient = defineEndpoint({
  method: 'GET',
  path: '/v1/clients/:id',
  area: 'backend',
  summary: 'Gets one client (browser) with its sessions',
  async handler(rc) {
    const client = await rc.domain.store.clients.getById(rc.params.id!);
    if (!client) throw new LatchkeyDomainError(DomainErrorCode.ResourceNotFound, 'No client with that id');
    const sessions = await rc.domain.store.sessions.list({ clientId: client.id, limit: 100 });
    return json(serializeClient(client, sessions));
  },
});

export const getHandshakePayload = defineEndpoint({
  method: 'GET',
  path: '/v1/clients/handshake_payload',
  area: 'backend',
  summary: 'Exchanges a handshake nonce for its cookie directives (once)',
  query: z.object({ nonce: z.string().min(1).max(128) }),
  async handler(rc) {
    const key = `handshake:${rc.query.nonce}`;
    const stored = await rc.domain.cache.get(key);
    if (!stored) throw new LatchkeyDomainError(DomainErrorCode.ResourceNotFound, 'Unknown or used handshake nonce');
    await rc.domain.cache.delete(key);
    return json({ object: 'handshake_payload', directives: JSON.parse(stored) as string[] });
  },
});
