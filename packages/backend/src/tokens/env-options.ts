import { LatchkeyConfigError } from '../errors.js';
import type { AuthenticateRequestOptions } from './authenticate-request.js';

/** The environment variables the adapters fall back to (DESIGN §10). */
export const EnvNames = {
  PublishableKey: 'LATCHKEY_PUBLISHABLE_KEY',
  SecretKey: 'LATCHKEY_SECRET_KEY',
  ApiUrl: 'LATCHKEY_API_URL',
  JwtKey: 'LATCHKEY_JWT_KEY',
  SignInUrl: 'LATCHKEY_SIGN_IN_URL',
} as const;

/**
 * Fills unset options from `LATCHKEY_*` variables in `env` (the caller passes
 * `process.env` or a runtime's bindings: this package never reads env itself),
 * then checks there is a way to verify tokens at all.
 * @internal for the framework adapters
 */
export function withEnvFallbacks<T extends AuthenticateRequestOptions>(options: T, env: Record<string, string | undefined> = {}): T {
  const pick = (value: string | undefined, name: string) => (value !== undefined && value !== '' ? value : env[name] || undefined);
  const jwtKey = options.jwtKey ?? pick(undefined, EnvNames.JwtKey);
  const resolved = {
    ...options,
    publishableKey: pick(options.publishableKey, EnvNames.PublishableKey),
    secretKey: pick(options.secretKey, EnvNames.SecretKey),
    apiUrl: pick(options.apiUrl, EnvNames.ApiUrl),
    signInUrl: pick(options.signInUrl, EnvNames.SignInUrl),
    ...(jwtKey !== undefined ? { jwtKey } : {}),
  };
  if (!resolved.jwtKey && !resolved.secretKey && !resolved.publishableKey) {
    throw new LatchkeyConfigError(
      `Latchkey needs a way to verify session tokens: set ${EnvNames.PublishableKey} (and ${EnvNames.SecretKey}), or ${EnvNames.JwtKey}, or pass them as options.`,
    );
  }
  if (resolved.secretKey && !resolved.apiUrl && !resolved.publishableKey) {
    throw new LatchkeyConfigError(`${EnvNames.SecretKey} needs ${EnvNames.ApiUrl} or ${EnvNames.PublishableKey} to find the auth server.`);
  }
  return resolved;
}
