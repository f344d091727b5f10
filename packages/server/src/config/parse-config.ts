import { defaultInstanceSettings, instanceSettingsSchema, type InstanceSettings } from '../domain/settings/instance-settings.js';
import { defaultRateLimits } from './defaults.js';
import { LatchkeyConfigError } from './errors.js';
import { serverConfigSchema, type ServerConfig, type ServerConfigInput } from './schema.js';

/** The environment variable behind each option, for error messages. */
const envNames: Record<string, string> = {
  databaseUrl: 'LATCHKEY_DATABASE_URL',
  secretKey: 'LATCHKEY_SECRET_KEY',
  publicUrl: 'LATCHKEY_PUBLIC_URL',
  allowedOrigins: 'LATCHKEY_ALLOWED_ORIGINS',
  redisUrl: 'LATCHKEY_REDIS_URL',
};

/** Validates the boot configuration once, eagerly (jose/Hono style), with messages that name the setting. */
export function parseServerConfig(input: ServerConfigInput): ServerConfig {
  const { store: _store, cache: _cache, now: _now, random: _random, logger: _logger, ...plain } = input;
  const result = serverConfigSchema.safeParse(plain);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const option = String(issue.path[0] ?? 'config');
    const env = envNames[option] ? ` (${envNames[option]})` : '';
    throw new LatchkeyConfigError(`Latchkey server option ${issue.path.join('.') || option}${env}: ${issue.message}`);
  }
  const initial = instanceSettingsSchema.safeParse({ ...defaultInstanceSettings, ...result.data.initialSettings });
  if (!initial.success) {
    const issue = initial.error.issues[0]!;
    throw new LatchkeyConfigError(`Latchkey server option initialSettings.${issue.path.join('.')}: ${issue.message}`);
  }
  return {
    ...result.data,
    initialSettings: result.data.initialSettings as Partial<InstanceSettings>,
    rateLimits: { ...defaultRateLimits, ...result.data.rateLimits },
  };
}
