import { z } from 'zod';
import { instanceSettingsSchema, type InstanceSettings } from '../../../domain/settings/instance-settings.js';
import { defineEndpoint } from '../../endpoint.js';
import { json } from '../../respond.js';

/** Settings on the wire are snake_case, like every other Backend API field. */
const toSnake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const toCamel = (key: string) => key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

export function serializeSettings(settings: InstanceSettings) {
  return { object: 'instance_settings', ...Object.fromEntries(Object.entries(settings).map(([k, v]) => [toSnake(k), v])) };
}

const settingsKeys = Object.keys(instanceSettingsSchema.shape) as (keyof InstanceSettings)[];
const patchSchema = z
  .object(Object.fromEntries(settingsKeys.map((k) => [toSnake(k), z.unknown().optional()])))
  .strict();

export const getInstanceSettings = defineEndpoint({
  method: 'GET',
  path: '/v1/instance',
  area: 'backend',
  summary: 'The instance settings (session lifetime, multi-session, token TTL, cookies…)',
  async handler(rc) {
    return json(serializeSettings(await rc.domain.settings.get()));
  },
});

export const updateInstanceSettings = defineEndpoint({
  method: 'PATCH',
  path: '/v1/instance',
  area: 'backend',
  summary: 'Changes instance settings; validated, audited and applied without a restart',
  body: patchSchema,
  async handler(rc) {
    const patch = Object.fromEntries(Object.entries(rc.body).filter(([, v]) => v !== undefined).map(([k, v]) => [toCamel(k), v]));
    const actor = rc.request.headers.get('x-latchkey-actor')?.slice(0, 128) ?? 'backend_api';
    return json(serializeSettings(await rc.domain.settings.update(patch as Partial<InstanceSettings>, actor)));
  },
});

export const listSettingsAudit = defineEndpoint({
  method: 'GET',
  path: '/v1/instance/audit',
  area: 'backend',
  summary: 'Who changed which instance settings, newest first',
  query: z.object({ limit: z.coerce.number().int().min(1).max(500).default(50), offset: z.coerce.number().int().min(0).default(0) }),
  async handler(rc) {
    const entries = await rc.domain.store.instance.listSettingsAudit(rc.query);
    return json(entries.map((e) => ({ object: 'settings_change', id: e.id, changed_at: e.changedAt, actor: e.actor, before: e.before, after: e.after })));
  },
});
