import { z } from 'zod';
import type { WebhookAttemptRecord, WebhookEndpointRecord } from '../../../store/scale-out-contract.js';
import { WEBHOOK_EVENT_TYPES } from '../../../domain/webhooks/event-payload.js';
import {
  createWebhookEndpoint as createEndpointOp,
  deleteWebhookEndpoint as deleteEndpointOp,
  getWebhookEndpoint as getEndpointOp,
  getWebhookEndpointSecret,
  listWebhookAttempts,
} from '../../../domain/webhooks/webhook-endpoints.js';
import { defineEndpoint } from '../../endpoint.js';
import { json } from '../../respond.js';
import { listQuery, listResponse } from './pagination.js';

const serializeEndpoint = (e: WebhookEndpointRecord) => ({
  object: 'webhook_endpoint' as const,
  id: e.id,
  url: e.url,
  description: e.description,
  event_types: e.eventTypes,
  disabled: e.disabled,
  created_at: e.createdAt,
  updated_at: e.updatedAt,
});

const serializeAttempt = (a: WebhookAttemptRecord) => ({
  object: 'webhook_attempt' as const,
  id: a.id,
  endpoint_id: a.endpointId,
  event_id: a.eventId,
  event_type: a.eventType,
  attempted_at: a.attemptedAt,
  status_code: a.statusCode,
  error: a.error,
  duration_ms: a.durationMs,
  success: a.success,
});

const httpUrl = z
  .string()
  .max(2048)
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'https:' || url.protocol === 'http:') && !url.username && !url.password;
    } catch {
      return false;
    }
  }, 'must be an http(s) URL without credentials');

export const listWebhookEndpoints = defineEndpoint({
  method: 'GET',
  path: '/v1/webhooks/endpoints',
  area: 'backend',
  summary: 'Lists webhook endpoints (secrets are not included)',
  async handler(rc) {
    return json((await rc.domain.store.webhooks.listEndpoints()).map(serializeEndpoint));
  },
});

export const createWebhookEndpoint = defineEndpoint({
  method: 'POST',
  path: '/v1/webhooks/endpoints',
  area: 'backend',
  summary: 'Registers a webhook endpoint; the answer carries its whsec_ signing secret',
  body: z.object({
    url: httpUrl,
    description: z.string().max(500).optional(),
    event_types: z.array(z.enum(WEBHOOK_EVENT_TYPES)).max(WEBHOOK_EVENT_TYPES.length).optional(),
  }),
  async handler(rc) {
    const { endpoint, secret } = await createEndpointOp(rc.domain, {
      url: rc.body.url,
      description: rc.body.description,
      eventTypes: rc.body.event_types,
    });
    return json({ ...serializeEndpoint(endpoint), secret }, 200);
  },
});

export const getWebhookEndpoint = defineEndpoint({
  method: 'GET',
  path: '/v1/webhooks/endpoints/:id',
  area: 'backend',
  summary: 'Gets one webhook endpoint',
  async handler(rc) {
    return json(serializeEndpoint(await getEndpointOp(rc.domain, rc.params.id!)));
  },
});

export const getWebhookEndpointSecretEndpoint = defineEndpoint({
  method: 'GET',
  path: '/v1/webhooks/endpoints/:id/secret',
  area: 'backend',
  summary: "Reads an endpoint's signing secret (stored encrypted)",
  async handler(rc) {
    return json({ object: 'webhook_endpoint_secret', key: await getWebhookEndpointSecret(rc.domain, rc.params.id!) });
  },
});

export const deleteWebhookEndpoint = defineEndpoint({
  method: 'DELETE',
  path: '/v1/webhooks/endpoints/:id',
  area: 'backend',
  summary: 'Deletes a webhook endpoint and its pending deliveries',
  async handler(rc) {
    await deleteEndpointOp(rc.domain, rc.params.id!);
    return json({ object: 'webhook_endpoint', id: rc.params.id, deleted: true });
  },
});

export const listWebhookEndpointAttempts = defineEndpoint({
  method: 'GET',
  path: '/v1/webhooks/endpoints/:id/attempts',
  area: 'backend',
  summary: 'Lists delivery attempts to one endpoint, newest first',
  query: listQuery,
  async handler(rc) {
    const { limit, offset, paginated } = rc.query;
    const attempts = await listWebhookAttempts(rc.domain, rc.params.id!, { limit, offset });
    return listResponse(attempts.map(serializeAttempt), async () => (await rc.domain.store.webhooks.listAttempts(rc.params.id!, { limit: 1_000_000, offset: 0 })).length, paginated);
  },
});
